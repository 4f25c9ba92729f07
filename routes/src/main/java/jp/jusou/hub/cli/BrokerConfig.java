package jp.jusou.hub.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.jusou.hub.broker.StandaloneBroker;
import jp.jusou.hub.connectors.ConnectorDefinitions;
import jp.jusou.hub.connectors.InvalidConnectorException;
import jp.jusou.hub.message.BrokerNames;
import jp.jusou.hub.message.BrokerPermissions;

/**
 * The generated part of a standalone broker's {@code broker.xml}, from the connector definitions: per
 * agency its two queues, and the security settings of {@link BrokerPermissions} (the hub everything;
 * agency X sends only to {@code hub.inbound.X} and consumes only {@code hub.outbound.X}), the same table
 * the embedded broker applies. Written between marker comments, so the rest of the file stays the
 * operator's. (Artemis reloads security settings and addresses from a changed broker.xml without a
 * restart.)
 */
final class BrokerConfig {

    static final String SECURITY = "security";
    static final String ADDRESSES = "addresses";
    private static final Pattern INCLUDE = Pattern.compile("<xi:include\\s+href=\"([^\"]+)\"");

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

    /**
     * Rewrites the agencies' part of a broker configuration: in {@code brokerXml} and in the files it
     * includes ({@code <xi:include href="...">}, relative to it), wherever the generated markers are;
     * then touches {@code brokerXml}, since Artemis reloads a changed broker.xml (with what it includes)
     * but does not watch the included files themselves. Returns the files written.
     */
    public static List<Path> rewriteFiles(Path brokerXml, List<String> agencies, java.time.Clock clock) throws IOException {
        List<Path> candidates = new ArrayList<>(List.of(brokerXml));
        Matcher include = INCLUDE.matcher(Files.readString(brokerXml, StandardCharsets.UTF_8));
        while (include.find()) {
            String href = include.group(1).replace("${" + StandaloneBroker.CONFIG_DIR + "}", brokerXml.toAbsolutePath().getParent().toString());
            candidates.add(brokerXml.toAbsolutePath().resolveSibling(href).normalize());
        }
        List<Path> written = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (Path file : candidates) {
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            Set<String> parts = partsIn(xml);
            if (!parts.isEmpty()) {
                found.addAll(parts);
                String updated = rewrite(xml, agencies);
                if (!updated.equals(xml)) {
                    Files.writeString(file, updated, StandardCharsets.UTF_8);
                    written.add(file);
                }
            }
        }
        for (String part : List.of(SECURITY, ADDRESSES)) {
            if (!found.contains(part)) {
                throw new IllegalArgumentException(brokerXml + " and the files it includes have no '<!-- BEGIN generated " + part
                        + " -->' ... '<!-- END generated " + part + " -->' markers");
            }
        }
        Files.setLastModifiedTime(brokerXml, FileTime.from(clock.instant()));
        return written;
    }

    /** The generated parts of one file (those whose markers it has), rewritten for {@code agencies}. */
    public static String rewrite(String xml, List<String> agencies) {
        StringBuilder security = new StringBuilder();
        StringBuilder addresses = new StringBuilder();
        String s = indentOf(xml, SECURITY);
        String a = indentOf(xml, ADDRESSES);
        for (BrokerPermissions.Setting setting : BrokerPermissions.all(agencies)) {
            security.append(s).append("<security-setting match=\"").append(setting.match()).append("\">");
            setting.roles().forEach((permission, roles) -> security.append("<permission type=\"").append(permission.xmlName())
                    .append("\" roles=\"").append(String.join(",", roles)).append("\"/>"));
            security.append("</security-setting>\n");
        }
        for (String id : agencies) {
            for (String queue : List.of(BrokerNames.inbound(id), BrokerNames.outbound(id))) {
                addresses.append(a).append("<address name=\"").append(queue).append("\"><anycast><queue name=\"").append(queue)
                        .append("\"/></anycast></address>\n");
            }
        }
        return replace(replace(xml, SECURITY, security.toString()), ADDRESSES, addresses.toString());
    }

    private static Pattern block(String part) {
        return Pattern.compile("([ \\t]*)(<!-- BEGIN generated " + part + "[^>]*-->\\n)(.*?)([ \\t]*<!-- END generated " + part + " -->)",
                Pattern.DOTALL);
    }

    private static Set<String> partsIn(String xml) {
        Set<String> parts = new HashSet<>();
        for (String part : List.of(SECURITY, ADDRESSES)) {
            if (block(part).matcher(xml).find()) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** Generated lines take the indentation of their BEGIN marker. */
    private static String indentOf(String xml, String part) {
        Matcher m = block(part).matcher(xml);
        return m.find() ? m.group(1) : "";
    }

    private static String replace(String xml, String part, String content) {
        Matcher m = block(part).matcher(xml);
        if (!m.find()) {
            return xml;
        }
        return xml.substring(0, m.start()) + m.group(1) + m.group(2) + content + m.group(4) + xml.substring(m.end());
    }
}
