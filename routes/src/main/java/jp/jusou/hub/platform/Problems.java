package jp.jusou.hub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * problem+json (RFC 9457) bodies for every error the HTTP API returns: a reason code, the Japanese
 * title first with the English beside it, and the reasons with their JSON paths. Never a stack trace.
 */
public final class Problems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, List<Reason> reasons) {
        Reason first = reasons.get(0);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create("urn:jusou-hub:problem:" + first.code().name()));
        problem.setTitle(first.code().en());
        problem.setDetail(first.en());
        problem.setProperty("code", first.code().name());
        problem.setProperty("title_ja", first.code().ja());
        problem.setProperty("detail_ja", first.ja());
        problem.setProperty("reasons", reasons.stream().map(r -> {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("code", r.code().name());
            reason.put("path", r.path());
            reason.put("message", Map.of("ja", r.ja(), "en", r.en()));
            return reason;
        }).toList());
        return problem;
    }

    public static ProblemDetail of(HttpStatus status, ReasonCode code, String path) {
        return of(status, List.of(Reason.of(code, path)));
    }

    /** A problem without a contract reason code (authentication, authorisation, not found). */
    public static ProblemDetail plain(HttpStatus status, String code, String ja, String en) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(URI.create("urn:jusou-hub:problem:" + code));
        problem.setTitle(en);
        problem.setProperty("code", code);
        problem.setProperty("title_ja", ja);
        return problem;
    }

    public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** For filters that answer before Spring MVC (authentication, authorisation). */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        JSON.writeValue(response.getOutputStream(), body);
    }
}
