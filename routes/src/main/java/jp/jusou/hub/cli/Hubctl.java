package jp.jusou.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import jp.jusou.hub.connectors.ConnectorDefinition;
import jp.jusou.hub.connectors.ConnectorDefinitions;
import jp.jusou.hub.connectors.ConnectorProperties;
import jp.jusou.hub.connectors.CsvMappings;
import jp.jusou.hub.connectors.FileMessages;
import jp.jusou.hub.connectors.InvalidConnectorException;
import jp.jusou.hub.connectors.MappingCatalog;
import jp.jusou.hub.intake.SchemaCatalog;
import jp.jusou.hub.message.MessageType;
import jp.jusou.hub.platform.Clocks;

/**
 * {@code hubctl}: the connector tool for IT staff. {@code validate}, {@code test} and
 * {@code broker-config} work on files alone; the others call a running hub's admin API
 * ({@code HUB_URL}, {@code HUB_USER}, {@code HUB_PASSWORD}). Exit codes: 0 done, 1 invalid or
 * refused, 2 usage, 3 hub unreachable. Messages name the file, the line and the problem.
 */
public final class Hubctl {

    static final String USAGE = """
            usage: hubctl <command> [arguments]
              validate <connector.yaml>...          check definitions (schema, mapping) without a hub
              test <connector.yaml> <sample-file>   run a sample file through the connector's inbound mapping; sends nothing
                   [--show]                         also print the messages it would send (your own sample data)
              broker-config <connectors-dir> <broker.xml>
                                                    rewrite the agencies' queues and security settings in a standalone broker.xml
              list                                  the connectors a hub runs
              status <agency-id>                    one connector: state, version, every deployed version
              deploy <connector.yaml>               deploy or update (the previous version keeps running if this one fails);
                                                    a change of where data goes or which secret it uses waits for a second admin
              changes [--all]                       connector changes waiting for a second admin (--all: also decided ones)
              approve <change-id>                   apply a pending change (an admin, not its proposer)
              reject <change-id>                    refuse a pending change (an admin; the proposer may withdraw it)
              undeploy <agency-id>                  remove (its inbound queue drains first)
              rollback <agency-id> [--version N]    re-activate an earlier version (default: the one before)
              pause <agency-id> | resume <agency-id>
              master-key new <file>                 write a new master keyset for hub.keys.master=file:<file>
              master-key rotate <file>              add a new primary key to it; older keys stay readable
              users list                            people's accounts (admins only)
              users add <name> --role OPERATOR|AUDITOR|ADMIN [--municipality <code>] [--password-stdin]
                                                    a new account (no --municipality: all municipalities); without
                                                    --password-stdin a random password is printed once
              users disable|enable <name>
              users reset-password <name> [--password-stdin]   (also lifts a lockout)
              users set-role <name> OPERATOR|AUDITOR|ADMIN
            environment: HUB_URL (default http://127.0.0.1:8080), HUB_USER (default operator), HUB_PASSWORD;
              users: with HUB_DB_URL (HUB_DB_USER, HUB_DB_PASSWORD) on the database itself, e.g. the first admin
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final java.io.InputStream in;
    private final ObjectMapper json = new ObjectMapper();
    /** The hub's clock without its test-only offset (hubctl runs no hub): stamps the messages {@code test} shows. */
    private final Clock clock = Clocks.hubClock(Duration.ZERO);

    public Hubctl(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, env, System.in);
    }

    public Hubctl(PrintStream out, PrintStream err, Map<String, String> env, java.io.InputStream in) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Hubctl(System.out, System.err, System.getenv()).run(args));
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "validate" -> rest.isEmpty() ? usage() : validate(rest);
                case "test" -> rest.size() < 2 ? usage() : test(Path.of(rest.get(0)), Path.of(rest.get(1)), rest.contains("--show"));
                case "broker-config" -> rest.size() != 2 ? usage()
                        : brokerConfig(Path.of(rest.get(0)), Path.of(rest.get(1)));
                case "list" -> remote("GET", "/api/v1/connectors", null, null, this::printList);
                case "status" -> rest.size() != 1 ? usage() : remote("GET", "/api/v1/connectors/" + rest.get(0), null, null, this::printStatus);
                case "deploy" -> rest.size() != 1 ? usage() : deploy(Path.of(rest.get(0)));
                case "changes" -> remote("GET", "/api/v1/connector-changes" + (rest.contains("--all") ? "?all=true" : ""), null, null,
                        this::printChanges);
                case "approve" -> rest.size() != 1 ? usage() : remote("POST", "/api/v1/connector-changes/" + rest.get(0) + "/approve",
                        "", null, this::printOutcome);
                case "reject" -> rest.size() != 1 ? usage() : remote("POST", "/api/v1/connector-changes/" + rest.get(0) + "/reject",
                        "", null, body -> out.println(rest.get(0) + ": " + body.path("status").asText()));
                case "undeploy" -> rest.size() != 1 ? usage() : remote("DELETE", "/api/v1/connectors/" + rest.get(0), null, null,
                        body -> out.println(rest.get(0) + ": undeployed"));
                case "rollback" -> rest.isEmpty() ? usage() : remote("POST", "/api/v1/connectors/" + rest.get(0) + "/rollback"
                                + (rest.size() == 3 && "--version".equals(rest.get(1)) ? "?version=" + rest.get(2) : ""), "", null,
                        this::printOutcome);
                case "pause", "resume" -> rest.size() != 1 ? usage()
                        : remote("POST", "/api/v1/connectors/" + rest.get(0) + "/" + args[0], "", null,
                        body -> out.println(rest.get(0) + ": " + body.path("state").asText()));
                case "master-key" -> rest.size() != 2 ? usage() : masterKey(rest.get(0), Path.of(rest.get(1)));
                case "users" -> {
                    int code = new HubctlUsers(out, err, env, in, clock, this::remote).run(rest);
                    yield code == -2 ? usage() : code;
                }
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> usage();
            };
        } catch (IOException e) {
            err.println("hubctl: " + e.getMessage());
            return 1;
        }
    }

    private int masterKey(String action, Path file) throws IOException {
        return switch (action) {
            case "new" -> {
                out.println(MasterKeyFiles.create(file));
                yield 0;
            }
            case "rotate" -> {
                out.println(MasterKeyFiles.rotate(file));
                yield 0;
            }
            default -> usage();
        };
    }

    private int usage() {
        err.print(USAGE);
        return 2;
    }

    /** Mappings next to the definition ({@code <dir>/mappings/}) first, then those shipped with the hub. */
    private static MappingCatalog mappingsBeside(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        return new MappingCatalog(new ConnectorProperties(null, dir.toString(), "classpath:connectors/mappings/",
                Duration.ofSeconds(2), Duration.ofSeconds(60), dir.toString(), null, null, 16_777_216));
    }

    private int validate(List<String> files) throws IOException {
        int failed = 0;
        for (String name : files) {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file)) {
                err.println(name + ": no such file");
                failed++;
                continue;
            }
            try {
                MappingCatalog catalog = mappingsBeside(file);
                ConnectorDefinition definition = catalog.pin(new ConnectorDefinitions(catalog::exists)
                        .parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
                out.println(name + ": ok (" + definition.id() + ", inbound " + definition.inbound().type()
                        + ", outbound " + definition.outbound().type() + ")");
            } catch (InvalidConnectorException e) {
                e.problems().forEach(p -> err.println(p.toString()));
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private int test(Path connector, Path sample, boolean show) throws IOException {
        MappingCatalog catalog = mappingsBeside(connector);
        ConnectorDefinition definition;
        try {
            definition = catalog.pin(new ConnectorDefinitions(catalog::exists)
                    .parse(connector.getFileName().toString(), Files.readString(connector, StandardCharsets.UTF_8)));
        } catch (InvalidConnectorException e) {
            e.problems().forEach(p -> err.println(p.toString()));
            return 1;
        }
        if (!Files.isRegularFile(sample)) {
            err.println(sample + ": no such file");
            return 1;
        }
        FileMessages.Result result = new FileMessages(new CsvMappings())
                .read(definition, sample.getFileName().toString(), Files.readAllBytes(sample), OffsetDateTime.now(clock));
        SchemaCatalog schemas = new SchemaCatalog();
        int schemaProblems = 0;
        for (JsonNode row : result.report().path("rows")) {
            StringBuilder line = new StringBuilder(String.format("%s:%d: %s", sample.getFileName(), row.path("line").asInt(),
                    row.path("status").asText()));
            for (JsonNode p : row.path("problems")) {
                line.append(" [").append(p.path("code").asText())
                        .append(p.has("column") ? " " + p.path("column").asText() : "").append("] ")
                        .append(p.at("/message/en").asText()).append(" / ").append(p.at("/message/ja").asText());
            }
            out.println(line);
        }
        for (JsonNode p : result.report().path("fileProblems")) {
            err.println(sample.getFileName() + ": [" + p.path("code").asText() + "] " + p.at("/message/en").asText()
                    + " / " + p.at("/message/ja").asText());
        }
        for (JsonNode message : result.messages()) {
            MessageType type = MessageType.fromWire(message.path("type").asText()).orElse(null);
            var problems = type == null ? List.of("unknown type " + message.path("type").asText())
                    : schemas.validate(type, message).stream().map(v -> v.getMessage()).toList();
            if (!problems.isEmpty()) {
                schemaProblems++;
                out.println(sample.getFileName() + ": message " + message.path("messageId").asText() + " would be rejected by the hub: "
                        + String.join("; ", problems));
            }
            if (show) {
                out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(message));
            }
        }
        out.println(String.format("%s: %d message(s) would be sent, %d row(s) rejected%s", sample.getFileName(),
                result.messages().size(), result.rejectedRows(), result.fileRejected() ? ", FILE REJECTED" : ""));
        return result.fileRejected() || result.rejectedRows() > 0 || schemaProblems > 0 ? 1 : 0;
    }

    private int brokerConfig(Path connectorsDir, Path brokerXml) throws IOException {
        try {
            List<Path> written = BrokerConfig.rewriteFiles(brokerXml, BrokerConfig.agencies(connectorsDir), clock);
            for (Path file : written) {
                out.println(file + ": agencies' queues and security settings rewritten");
            }
            out.println(brokerXml + (written.isEmpty() ? ": already up to date" : ": touched, so the broker reloads it"));
            return 0;
        } catch (InvalidConnectorException e) {
            e.problems().forEach(p -> err.println(p.toString()));
            return 1;
        }
    }

    private int deploy(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            err.println(file + ": no such file");
            return 1;
        }
        return remote("POST", "/api/v1/connectors?file=" + URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8),
                Files.readString(file, StandardCharsets.UTF_8), "application/yaml", this::printOutcome);
    }

    /** An applied change (its version) or a pending one (its id, the fields it alters, what to do next). */
    private void printOutcome(JsonNode body) {
        if ("pending".equals(body.path("action").asText())) {
            List<String> fields = new java.util.ArrayList<>();
            body.path("changedFields").forEach(f -> fields.add(f.asText()));
            out.println(body.path("agencyId").asText() + ": change " + body.path("changeId").asText()
                    + " waits for a second admin (alters " + String.join(", ", fields) + "): hubctl approve "
                    + body.path("changeId").asText());
        } else {
            out.println(body.path("agencyId").asText() + ": version " + body.path("version").asInt() + " " + body.path("action").asText());
        }
    }

    private void printChanges(JsonNode body) {
        out.println(String.format("%-40s %-20s %-9s %-10s %-12s %s", "CHANGE", "AGENCY", "KIND", "STATUS", "PROPOSED BY", "ALTERS"));
        for (JsonNode c : body.path("changes")) {
            List<String> fields = new java.util.ArrayList<>();
            c.path("changedFields").forEach(f -> fields.add(f.asText()));
            out.println(String.format("%-40s %-20s %-9s %-10s %-12s %s", c.path("changeId").asText(), c.path("agencyId").asText(),
                    c.path("kind").asText(), c.path("status").asText(), c.path("proposedBy").asText(), String.join(", ", fields)));
        }
    }

    private interface BodyPrinter extends HubctlUsers.Printer {
    }

    private int remote(String method, String path, String body, String contentType, HubctlUsers.Printer printer) throws IOException {
        String base = env.getOrDefault("HUB_URL", "http://127.0.0.1:8080");
        String user = env.getOrDefault("HUB_USER", "operator");
        String password = env.get("HUB_PASSWORD");
        if (password == null || password.isEmpty()) {
            err.println("hubctl: set HUB_PASSWORD (the password of " + user + " on the hub)");
            return 2;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            request.header("Content-Type", contentType == null ? "text/plain" : contentType);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            err.println("hubctl: cannot reach the hub at " + base);
            return 3;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 3;
        }
        JsonNode answer = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        if (response.statusCode() / 100 == 2) {
            printer.print(answer);
            return 0;
        }
        if (answer.has("errors")) {
            for (JsonNode e : answer.get("errors")) {
                err.println(e.path("file").asText() + (e.path("line").asInt() > 0 ? ":" + e.path("line").asInt() : "") + ": "
                        + (e.path("path").asText().isEmpty() ? "" : e.path("path").asText() + ": ") + e.path("message").asText());
            }
        } else {
            err.println("hubctl: " + response.statusCode() + " " + answer.path("code").asText() + ": "
                    + answer.path("detail").asText(answer.path("title").asText()));
        }
        return 1;
    }

    private void printList(JsonNode body) {
        out.println(String.format("%-22s %-8s %-8s %-8s %-8s %s", "AGENCY", "VERSION", "STATE", "IN", "OUT", "NAME"));
        for (JsonNode c : body.path("connectors")) {
            out.println(String.format("%-22s %-8d %-8s %-8s %-8s %s", c.path("agencyId").asText(), c.path("version").asInt(),
                    c.path("state").asText(), c.path("inbound").asText(), c.path("outbound").asText(), c.path("name").asText()));
        }
    }

    private void printStatus(JsonNode body) {
        JsonNode s = body.path("status");
        out.println(body.path("agencyId").asText() + ": " + (s.isNull() || s.isMissingNode() ? "not deployed"
                : s.path("state").asText() + ", version " + s.path("version").asInt() + ", inbound " + s.path("inbound").asText()
                + ", outbound " + s.path("outbound").asText()
                + (s.path("error").isNull() || s.path("error").isMissingNode() ? "" : ", error: " + s.path("error").asText())));
        for (JsonNode v : body.path("versions")) {
            out.println(String.format("  v%-3d %-11s %s by %s%s", v.path("version").asInt(), v.path("status").asText(),
                    v.path("deployedAt").asText(), v.path("deployedBy").asText(),
                    v.path("error").isNull() ? "" : "  (" + v.path("error").asText() + ")"));
        }
    }
}
