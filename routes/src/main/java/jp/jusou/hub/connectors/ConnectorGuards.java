package jp.jusou.hub.connectors;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Where a connector may point, checked before anything is deployed: a webhook only to a host on
 * {@code hub.connectors.webhook.allowed-hosts}; a file directory only under the exchange root
 * ({@code hub.connectors.exchange-dir}: no {@code ..}, no absolute path elsewhere, no link leading out);
 * secrets only from allowed sources and SFTP/webhooks only to verified hosts ({@link Secrets}). Each
 * refusal names the field, in Japanese and English.
 */
@Component
class ConnectorGuards {

    private final ConnectorProperties properties;
    private final Secrets secrets;

    public ConnectorGuards(ConnectorProperties properties, Secrets secrets) {
        this.properties = properties;
        this.secrets = secrets;
    }

    /** Throws {@link InvalidConnectorException} naming the first field that points where it may not. */
    public void check(ConnectorDefinition definition) {
        secrets.requireAllowedSources(definition);
        for (String direction : List.of("inbound", "outbound")) {
            ConnectorDefinition.Transport t = "inbound".equals(direction) ? definition.inbound() : definition.outbound();
            if (ConnectorDefinition.Transport.WEBHOOK.equals(t.type())) {
                requireAllowedHost(definition, "$." + direction + ".url", t.text("url"));
            }
            if (ConnectorDefinition.Transport.FILE.equals(t.type())) {
                requireUnderExchangeRoot(definition, "$." + direction + ".directory", t.text("directory"));
            }
        }
        secrets.requireHostKeys(definition);
    }

    private void requireAllowedHost(ConnectorDefinition definition, String path, String url) {
        String host;
        try {
            host = new URI(url).getHost();
        } catch (URISyntaxException e) {
            host = null;
        }
        String found = host == null ? null : host.toLowerCase(Locale.ROOT);
        boolean allowed = found != null && properties.webhook().allowedHosts().stream()
                .anyMatch(h -> h.toLowerCase(Locale.ROOT).equals(found));
        if (!allowed) {
            throw invalid(definition, path, "Webhook の宛先ホストが許可リスト (hub.connectors.webhook.allowed-hosts) にありません。"
                    + " / The webhook's host is not on the allow-list (hub.connectors.webhook.allowed-hosts).");
        }
    }

    private void requireUnderExchangeRoot(ConnectorDefinition definition, String path, String directory) {
        String refusal = "ディレクトリは交換用ルート (hub.connectors.exchange-dir) の下に限られます（.. や外へのリンクは不可）。"
                + " / A directory must stay under the exchange root (hub.connectors.exchange-dir; no .., no link leading out).";
        if (directory == null || Path.of(directory).normalize().toString().startsWith("..")
                || List.of(directory.split("[/\\\\]")).contains("..")) {
            throw invalid(definition, path, refusal);
        }
        if (!under(exchangeRoot(), directory)) {
            throw invalid(definition, path, refusal);
        }
    }

    /** The exchange root, absolute and normalized. */
    public Path exchangeRoot() {
        return Path.of(properties.exchangeDir()).toAbsolutePath().normalize();
    }

    /** Whether a directory (relative to the root, or absolute) is under the root, also after following links. */
    static boolean under(Path root, String directory) {
        Path resolved = root.resolve(directory).normalize();
        if (!resolved.startsWith(root)) {
            return false;
        }
        try {
            Path existing = resolved;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.exists(root)) {
                return true; // nothing on disk yet that a link could lead out from
            }
            return existing.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static InvalidConnectorException invalid(ConnectorDefinition definition, String path, String message) {
        return new InvalidConnectorException(new InvalidConnectorException.Problem(definition.source(), 0, 0, path, message));
    }
}
