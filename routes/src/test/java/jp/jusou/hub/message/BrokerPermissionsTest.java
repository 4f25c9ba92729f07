package jp.jusou.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import jp.jusou.hub.message.BrokerPermissions.Permission;
import jp.jusou.hub.message.BrokerPermissions.Setting;
import org.junit.jupiter.api.Test;

/** The broker's security as a table (BrokerHostileTest tries it on a running broker). */
class BrokerPermissionsTest {

    @Test
    void theHubMayDoEverythingEverywhere() {
        Setting hub = BrokerPermissions.hub();
        assertThat(hub.match()).isEqualTo("#");
        assertThat(hub.roleNames()).containsExactly("HUB");
        assertThat(hub.permissionsOf("HUB")).isEqualTo(EnumSet.allOf(Permission.class));
        for (Setting setting : BrokerPermissions.agency("omuta-kodomo")) {
            assertThat(setting.permissionsOf(BrokerPermissions.HUB_ROLE)).as(setting.match()).isEqualTo(EnumSet.allOf(Permission.class));
        }
    }

    @Test
    void anAgencySendsToItsInboundAndReadsItsOutboundOnly() {
        List<Setting> settings = BrokerPermissions.agency("omuta-kodomo");
        assertThat(settings).extracting(Setting::match).containsExactly("hub.inbound.omuta-kodomo", "hub.outbound.omuta-kodomo");
        assertThat(settings.get(0).permissionsOf("omuta-kodomo")).containsExactly(Permission.SEND);
        assertThat(settings.get(1).permissionsOf("omuta-kodomo")).containsExactly(Permission.CONSUME, Permission.BROWSE);
        assertThat(settings.get(0).roleNames()).containsExactly("HUB", "omuta-kodomo");
        assertThat(settings.get(0).roles().get(Permission.SEND)).containsExactly("HUB", "omuta-kodomo");
        assertThat(BrokerPermissions.hub().permissionsOf("omuta-kodomo")).isEmpty();
    }

    @Test
    void theTableIsTheHubsSettingThenEachAgencysInOrder() {
        assertThat(BrokerPermissions.all(List.of("b-agency", "a-agency"))).extracting(Setting::match)
                .containsExactly("#", "hub.inbound.b-agency", "hub.outbound.b-agency", "hub.inbound.a-agency", "hub.outbound.a-agency");
        assertThat(Permission.BROWSE.xmlName()).isEqualTo("browse");
        assertThat(Permission.CREATE_NON_DURABLE_QUEUE.xmlName()).isEqualTo("createNonDurableQueue");
    }
}
