package jp.jusou.hub.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends an alert's raise or clear to the configured webhook (a JSON POST) and e-mail recipients.
 * The notice carries the rule, the target (an agency id, a queue name or "hub"), the value and the
 * threshold: flow metadata only. A failed send is logged and not retried (the console still shows it).
 */
@Component
class AlertNotifier {

    private static final Logger log = LoggerFactory.getLogger(AlertNotifier.class);

    public record Notice(String ruleId, String kind, String target, String state, double value, double threshold, Instant at) {

        String titleJa() {
            return ("raised".equals(state) ? "【警報発生】" : "【警報解除】") + ruleId + " " + target;
        }

        String titleEn() {
            return ("raised".equals(state) ? "[ALERT RAISED] " : "[ALERT CLEARED] ") + ruleId + " " + target;
        }
    }

    private final AlertProperties properties;
    private final ObjectProvider<JavaMailSender> mail;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AlertNotifier(AlertProperties properties, ObjectProvider<JavaMailSender> mail, ObjectMapper json) {
        this.properties = properties;
        this.mail = mail;
        this.json = json;
    }

    public void send(Notice notice) {
        if (properties.webhookUrl() != null && !properties.webhookUrl().isBlank()) {
            webhook(notice);
        }
        if (!properties.emailTo().isEmpty()) {
            email(notice);
        }
    }

    private void webhook(Notice notice) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rule", notice.ruleId());
            body.put("kind", notice.kind());
            body.put("target", notice.target());
            body.put("state", notice.state());
            body.put("value", notice.value());
            body.put("threshold", notice.threshold());
            body.put("at", notice.at().toString());
            body.put("text", Map.of("ja", notice.titleJa(), "en", notice.titleEn()));
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(properties.webhookUrl()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                log.warn("Alert webhook answered {} for rule={} target={}", response.statusCode(), notice.ruleId(), notice.target());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Alert webhook failed for rule={} target={}: {}", notice.ruleId(), notice.target(), e.getClass().getSimpleName());
        }
    }

    private void email(Notice notice) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.warn("Alert e-mail configured but no mail server (spring.mail.host) for rule={}", notice.ruleId());
            return;
        }
        try {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setTo(properties.emailTo().toArray(String[]::new));
            if (properties.emailFrom() != null && !properties.emailFrom().isBlank()) {
                message.setFrom(properties.emailFrom());
            }
            message.setSubject(notice.titleJa() + " / " + notice.titleEn());
            message.setText("""
                    重層 Hub 警報 / alert
                    規則 rule: %s (%s)
                    対象 target: %s
                    状態 state: %s
                    値 value: %s (閾値 threshold %s)
                    時刻 at: %s
                    """.formatted(notice.ruleId(), notice.kind(), notice.target(), notice.state(), notice.value(),
                    notice.threshold(), notice.at()));
            sender.send(message);
        } catch (RuntimeException e) {
            log.warn("Alert e-mail failed for rule={} target={}: {}", notice.ruleId(), notice.target(), e.getClass().getSimpleName());
        }
    }
}
