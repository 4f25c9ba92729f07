package jp.jusou.hub.intake;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.security.Principal;
import java.util.Map;
import java.util.regex.Pattern;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MyNumberDetector;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import jp.jusou.hub.platform.HubProperties;
import jp.jusou.hub.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/messages}: an agency that cannot hold a broker connection submits one message.
 * What the HTTP layer must answer itself is checked here (size, media type and encoding, JSON, a
 * messageId to track it by, the sender); everything else is the pipeline's, the same as for broker
 * messages. {@code 202} means the message is durably on {@code hub.inbound.<agency>}.
 */
@Tag(name = "Messages", description = "Agencies submit messages and read their delivery reports")
@RestController
class SubmitController {

    private static final Pattern MESSAGE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    private final JmsTemplate jms;
    private final int maxBytes;

    public SubmitController(JmsTemplate jms, HubProperties properties) {
        this.jms = jms;
        this.maxBytes = properties.maxMessageBytes();
    }

    @Operation(summary = "Submit one message", description = "The body is one envelope (schemas/v1/envelope.schema.json and the schema of its type) whose sender is the caller. 202 means it is durably queued on hub.inbound.<agency>; the outcome comes as a delivery report (GET /api/v1/messages/{messageId}, the inbox or the broker).")
    @ApiResponse(responseCode = "202", description = "Durably queued: {\"messageId\", \"status\": \"accepted\"}")
    @ApiResponse(responseCode = "400", description = "Not JSON, no usable messageId, or a 個人番号 in it (MALFORMED_JSON, SCHEMA_VIOLATION, MY_NUMBER_DETECTED)")
    @ApiResponse(responseCode = "403", description = "The envelope's sender is not the caller (SENDER_MISMATCH)")
    @ApiResponse(responseCode = "413", description = "Larger than hub.max-message-bytes (TOO_LARGE)")
    @ApiResponse(responseCode = "415", description = "Not application/json, or not UTF-8 (UNSUPPORTED_MEDIA_TYPE, BAD_ENCODING)")
    @ApiResponse(responseCode = "503", description = "The broker is unavailable; retry later (BROKER_UNAVAILABLE)")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            description = "One envelope (schemas/v1/envelope.schema.json), at most hub.max-message-bytes, UTF-8",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @PostMapping("/api/v1/messages")
    public ResponseEntity<?> submit(HttpServletRequest request, Principal principal) throws IOException {
        String agency = principal.getName();
        if (request.getContentLengthLong() > maxBytes) {
            return tooLarge();
        }
        ResponseEntity<?> mediaProblem = checkMediaType(request.getContentType());
        if (mediaProblem != null) {
            return mediaProblem;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            return tooLarge();
        }
        String text;
        try {
            text = Parser.decodeUtf8(body);
        } catch (CharacterCodingException e) {
            return Problems.response(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ReasonCode.BAD_ENCODING, null));
        }
        JsonNode tree;
        try {
            tree = Parser.parse(text);
        } catch (RejectedException e) {
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, e.reasons()));
        }
        JsonNode messageId = tree.get("messageId");
        if (messageId == null || !messageId.isTextual() || !MESSAGE_ID.matcher(messageId.asText()).matches()) {
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, ReasonCode.SCHEMA_VIOLATION, "$.messageId"));
        }
        if (MyNumberDetector.contains(messageId.asText())) {
            // refused before it is queued: the 202 would echo the id, and the broker would hold it as metadata
            return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, ReasonCode.MY_NUMBER_DETECTED, "$.messageId"));
        }
        if (!agency.equals(tree.path("sender").asText(null))) {
            return Problems.response(Problems.of(HttpStatus.FORBIDDEN, ReasonCode.SENDER_MISMATCH, "$.sender"));
        }
        // a caseId that is a 個人番号 is rejected by the pipeline; until then it must not sit in a broker header
        String group = MyNumberDetector.mask(HubMessage.groupIdOf(tree));
        try {
            jms.convertAndSend(BrokerNames.inbound(agency), text, m -> {
                m.setStringProperty(BrokerNames.GROUP_ID, group);
                m.setStringProperty(BrokerNames.CHANNEL, "http");
                return m;
            });
        } catch (JmsException e) {
            return Problems.response(Problems.plain(HttpStatus.SERVICE_UNAVAILABLE, "BROKER_UNAVAILABLE",
                    "一時的に受け付けできません。後で再送してください。", "Temporarily unavailable; retry later."));
        }
        return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("messageId", messageId.asText(), "status", "accepted"));
    }

    private ResponseEntity<?> tooLarge() {
        return Problems.response(Problems.of(HttpStatus.CONTENT_TOO_LARGE, java.util.List.of(jp.jusou.hub.message.Reason.of(
                ReasonCode.TOO_LARGE, null, "上限は" + maxBytes + "バイトです。", "The limit is " + maxBytes + " bytes."))));
    }

    /** JSON only, and in UTF-8: any other declared charset is refused rather than guessed. */
    static ResponseEntity<?> checkMediaType(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            type = null;
        }
        if (type == null || !(MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || "json".equals(type.getSubtypeSuffix()))) {
            return Problems.response(Problems.plain(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "Content-Type は application/json にしてください。", "Content-Type must be application/json."));
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            return Problems.response(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ReasonCode.BAD_ENCODING, null));
        }
        return null;
    }
}
