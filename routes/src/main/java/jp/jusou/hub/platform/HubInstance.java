package jp.jusou.hub.platform;

import java.net.InetAddress;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This hub instance's name among several on one database and broker: {@code hub.instance-id}
 * ({@code HUB_INSTANCE_ID}), or the host name and a random suffix chosen at start. It marks what an
 * instance holds for a while (a bulk replay's lease, who took a queue sample); it is no secret and
 * names no person.
 */
@Component
public class HubInstance {

    private final String id;

    public HubInstance(@Value("${hub.instance-id:}") String configured) {
        this.id = configured == null || configured.isBlank() ? hostName() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : configured;
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.length() > 40 ? name.substring(0, 40) : name;
        } catch (java.io.IOException e) {
            return "hub";
        }
    }
}
