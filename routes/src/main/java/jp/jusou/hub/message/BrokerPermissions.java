package jp.jusou.hub.message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what on which broker address: the hub (role {@value #HUB_ROLE}) everything everywhere;
 * agency X (role X) sends only to {@code hub.inbound.X} and consumes and browses only
 * {@code hub.outbound.X}. The one definition of the broker's security: the embedded broker
 * (platform.EmbeddedBroker) applies it, {@code hubctl broker-config} writes it into a standalone
 * broker's configuration (deploy/artemis/hub-security-settings.xml).
 */
public final class BrokerPermissions {

    /** The hub's own broker role: its broker user has it. */
    public static final String HUB_ROLE = "HUB";

    /** Artemis' permission types, in the order of its {@code Role} constructor, with their broker.xml names. */
    public enum Permission {
        SEND("send"), CONSUME("consume"), CREATE_DURABLE_QUEUE("createDurableQueue"), DELETE_DURABLE_QUEUE("deleteDurableQueue"),
        CREATE_NON_DURABLE_QUEUE("createNonDurableQueue"), DELETE_NON_DURABLE_QUEUE("deleteNonDurableQueue"), MANAGE("manage"),
        BROWSE("browse"), CREATE_ADDRESS("createAddress"), DELETE_ADDRESS("deleteAddress"), VIEW("view"), EDIT("edit");

        private final String xmlName;

        Permission(String xmlName) {
            this.xmlName = xmlName;
        }

        /** The permission's {@code type} in broker.xml. */
        public String xmlName() {
            return xmlName;
        }
    }

    /**
     * One security setting: the roles that hold each permission on the addresses {@code match} covers.
     * (A broker applies the most specific match alone, so every setting names the hub too.)
     */
    public record Setting(String match, Map<Permission, List<String>> roles) {

        public Setting {
            Map<Permission, List<String>> copy = new EnumMap<>(Permission.class);
            roles.forEach((permission, holders) -> copy.put(permission, List.copyOf(holders)));
            roles = Collections.unmodifiableMap(copy);
        }

        /** Every role named in this setting, the hub first. */
        public Set<String> roleNames() {
            Set<String> names = new LinkedHashSet<>();
            roles.values().forEach(names::addAll);
            return names;
        }

        /** The permissions this role holds here. */
        public Set<Permission> permissionsOf(String role) {
            Set<Permission> held = EnumSet.noneOf(Permission.class);
            roles.forEach((permission, holders) -> {
                if (holders.contains(role)) {
                    held.add(permission);
                }
            });
            return held;
        }
    }

    private BrokerPermissions() {
    }

    /** The hub's rights on every address ({@code #}); agencies have none there. */
    public static Setting hub() {
        return setting("#", null, EnumSet.noneOf(Permission.class));
    }

    /** Agency X's two settings: send to its inbound queue; consume and browse its outbound queue. */
    public static List<Setting> agency(String agencyId) {
        return List.of(setting(BrokerNames.inbound(agencyId), agencyId, EnumSet.of(Permission.SEND)),
                setting(BrokerNames.outbound(agencyId), agencyId, EnumSet.of(Permission.CONSUME, Permission.BROWSE)));
    }

    /** The whole table for these agencies: the hub's setting, then each agency's, in the order given. */
    public static List<Setting> all(Collection<String> agencyIds) {
        List<Setting> settings = new ArrayList<>();
        settings.add(hub());
        agencyIds.forEach(id -> settings.addAll(agency(id)));
        return settings;
    }

    private static Setting setting(String match, String agencyId, Set<Permission> agencyMay) {
        Map<Permission, List<String>> roles = new EnumMap<>(Permission.class);
        for (Permission permission : Permission.values()) {
            roles.put(permission, agencyMay.contains(permission) ? List.of(HUB_ROLE, agencyId) : List.of(HUB_ROLE));
        }
        return new Setting(match, roles);
    }
}
