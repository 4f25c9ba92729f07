package jp.jusou.hub.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jusou.hub.connectors.ConnectorDefinitions;
import jp.jusou.hub.connectors.InvalidConnectorException;

/**
 * The agency part of a standalone broker's {@code broker.xml}, generated from the connector
 * definitions: per agency its two queues and the security settings that let agency X send only to
 * {@code hub.inbound.X} and consume only {@code hub.outbound.X}. Written between marker comments,
 * so the rest of the file stays the operator's. (Artemis reloads security settings and addresses
 * from a changed broker.xml without a restart.)
 */
public final class BrokerConfig {

    static final String SECURITY = "security";
    static final String ADDRESSES = "addresses";

    private BrokerConfig() {
    }

    /** The agency ids defined in a connectors directory, every definition checked. */
    public static List<String> agencies(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.yaml")) {
            stream.forEach(files::add);
        }
        files.sort(Comparator.comparing(Path::toString));
        ConnectorDefinitions definitions = new ConnectorDefinitions(id -> Files.isRegularFile(dir.resolve("mappings").resolve(id + ".yaml")));
        List<String> ids = new ArrayList<>();
        List<InvalidConnectorException.Problem> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                ids.add(definitions.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)).id());
            } catch (InvalidConnectorException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConnectorException(problems);
        }
        return ids;
    }

    public static String rewrite(String xml, List<String> agencies) {
        StringBuilder security = new StringBuilder();
        StringBuilder addresses = new StringBuilder();
        for (String id : agencies) {
            security.append("      <security-setting match=\"hub.inbound.").append(id).append("\"><permission type=\"send\" roles=\"HUB,")
                    .append(id).append("\"/><permission type=\"consume\" roles=\"HUB\"/></security-setting>\n");
            security.append("      <security-setting match=\"hub.outbound.").append(id).append("\"><permission type=\"send\" roles=\"HUB\"/>")
                    .append("<permission type=\"consume\" roles=\"HUB,").append(id).append("\"/><permission type=\"browse\" roles=\"HUB,")
                    .append(id).append("\"/></security-setting>\n");
            for (String direction : List.of("inbound", "outbound")) {
                addresses.append("      <address name=\"hub.").append(direction).append('.').append(id).append("\"><anycast><queue name=\"hub.")
                        .append(direction).append('.').append(id).append("\"/></anycast></address>\n");
            }
        }
        return replace(replace(xml, SECURITY, security.toString()), ADDRESSES, addresses.toString());
    }

    private static String replace(String xml, String part, String content) {
        Pattern block = Pattern.compile("(<!-- BEGIN generated " + part + "[^>]*-->\\n)(.*?)([ \\t]*<!-- END generated " + part + " -->)",
                Pattern.DOTALL);
        Matcher m = block.matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("broker.xml has no '<!-- BEGIN generated " + part + " -->' ... '<!-- END generated "
                    + part + " -->' markers");
        }
        return xml.substring(0, m.start()) + m.group(1) + content + m.group(3) + xml.substring(m.end());
    }
}
