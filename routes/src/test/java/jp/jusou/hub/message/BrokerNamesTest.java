package jp.jusou.hub.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The names agencies and deployed brokers depend on (docs/contract.md): a change here breaks them. */
class BrokerNamesTest {

    @Test
    void agencyQueuesFollowTheContract() {
        assertThat(BrokerNames.inbound("omuta-jiritsu")).isEqualTo("hub.inbound.omuta-jiritsu");
        assertThat(BrokerNames.outbound("omuta-jiritsu")).isEqualTo("hub.outbound.omuta-jiritsu");
        assertThat(BrokerNames.ALL_INBOUND).isEqualTo("hub.inbound.#");
        assertThat(BrokerNames.ALL_OUTBOUND).isEqualTo("hub.outbound.#");
        assertThat(BrokerNames.DEAD_LETTER_QUEUE).isEqualTo("hub.dlq");
        assertThat(BrokerNames.EXPIRY_QUEUE).isEqualTo("hub.expired");
        assertThat(BrokerNames.CONFIRMATION_QUEUE).isEqualTo("hub.confirmed");
    }

    @Test
    void aQueueTellsItsSideAndAgency() {
        assertThat(BrokerNames.isInbound("hub.inbound.omuta-kodomo")).isTrue();
        assertThat(BrokerNames.isOutbound("hub.inbound.omuta-kodomo")).isFalse();
        assertThat(BrokerNames.isOutbound("hub.outbound.omuta-kodomo")).isTrue();
        assertThat(BrokerNames.isInbound(null)).isFalse();
        assertThat(BrokerNames.isInbound(BrokerNames.DEAD_LETTER_QUEUE)).isFalse();
        assertThat(BrokerNames.agencyOf("hub.inbound.omuta-kodomo")).isEqualTo("omuta-kodomo");
        assertThat(BrokerNames.agencyOf(BrokerNames.outbound("kurume-houkatsu-1"))).isEqualTo("kurume-houkatsu-1");
        assertThatThrownBy(() -> BrokerNames.agencyOf(BrokerNames.DEAD_LETTER_QUEUE)).isInstanceOf(IllegalArgumentException.class);
    }
}
