package jp.jusou.hub.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.CertificateMatch;
import jp.jusou.hub.message.Hashing;

/**
 * One agency's connector as written by IT staff (validated): the agency, where its secret comes
 * from, and its inbound and outbound transports. {@code text} is the definition as deployed; it
 * names secrets, never holds them.
 */
public record ConnectorDefinition(Agency agency, SecretRef secret, Transport inbound, Transport outbound,
                                  String source, String text, String sha256, java.util.Map<String, String> mappings) {

    /** How a client certificate names this agency (null: the subject's CN is the agency id). */
    public CertificateMatch certificate() {
        return agency.certificate();
    }

    /** The key the hub signs webhook calls with: its own secret, never the agency's login secret. */
    public SecretRef signingKey() {
        return SecretRef.of(outbound.options().get("signingKey"));
    }

    public String id() {
        return agency.id();
    }

    /**
     * The definition with the CSV mappings it names pinned (their text as of this deployment): a
     * version is rolled back with the mappings it ran with. The digest covers both, so a changed
     * mapping makes a new version.
     */
    public ConnectorDefinition withMappings(java.util.Map<String, String> pinned) {
        StringBuilder all = new StringBuilder(text);
        new java.util.TreeMap<>(pinned).forEach((id, mapping) -> all.append("\n--- mapping ").append(id).append('\n').append(mapping));
        return new ConnectorDefinition(agency, secret, inbound, outbound, source, text,
                Hashing.sha256Hex(pinned.isEmpty() ? text : all.toString()),
                java.util.Map.copyOf(pinned));
    }

    /** The ids of the CSV mappings this connector uses. */
    public java.util.Set<String> mappingIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (Transport t : java.util.List.of(inbound, outbound)) {
            if (t.mapping() != null) {
                ids.add(t.mapping());
            }
        }
        return ids;
    }

    /** Where a secret comes from: an environment variable or a file. */
    public record SecretRef(String env, String file) {

        public static SecretRef of(JsonNode node) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return null;
            }
            return new SecretRef(node.path("env").asText(null), node.path("file").asText(null));
        }

        @Override
        public String toString() {
            return env != null ? "env " + env : "file " + file;
        }
    }

    /** A transport section ({@code inbound} or {@code outbound}); options depend on the transport. */
    public record Transport(String type, JsonNode options) {

        public static final String BROKER = "broker";
        public static final String HTTPS = "https";
        public static final String FILE = "file";
        public static final String SFTP = "sftp";
        public static final String WEBHOOK = "webhook";

        public String text(String field) {
            JsonNode value = options.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        public String text(String field, String fallback) {
            return Optional.ofNullable(text(field)).orElse(fallback);
        }

        public JsonNode node(String field) {
            return options.path(field);
        }

        public String format() {
            return text("format", "json");
        }

        public String mapping() {
            return text("mapping");
        }

        /** Whether the hub itself moves the messages (files, SFTP, webhook) rather than the agency's system. */
        public boolean hubDriven() {
            return FILE.equals(type) || SFTP.equals(type) || WEBHOOK.equals(type);
        }
    }
}
