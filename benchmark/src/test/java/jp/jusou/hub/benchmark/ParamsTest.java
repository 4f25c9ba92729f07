package jp.jusou.hub.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void withoutArgumentsEveryScenarioRunsAtHalfItsThroughput() {
        Params p = Params.parse(new String[0]);
        assertThat(p.scenarios()).isEqualTo(Benchmark.SCENARIOS);
        assertThat(p.rate()).as("0 means half of each scenario's throughput").isZero();
        assertThat(p.messages()).isEqualTo(5000);
        assertThat(p.keepData()).isFalse();
    }

    @Test
    void givenValuesAndAScenarioListAreTaken() {
        Params p = Params.parse(new String[] {"--rate=200", "--messages=10", "--scenarios=hub, raw-hop", "--keep-data=true"});
        assertThat(p.rate()).isEqualTo(200);
        assertThat(p.messages()).isEqualTo(10);
        assertThat(p.scenarios()).isEqualTo(List.of("hub", "raw-hop"));
        assertThat(p.keepData()).isTrue();
    }

    @Test
    void unknownNamesScenariosAndNonPositiveCountsAreRefusedByName() {
        assertThatThrownBy(() -> Params.parse(new String[] {"--speed=1"})).hasMessageContaining("--speed");
        assertThatThrownBy(() -> Params.parse(new String[] {"--scenarios=hub,fast"})).hasMessageContaining("fast");
        assertThatThrownBy(() -> Params.parse(new String[] {"--messages=0"})).hasMessageContaining("--messages");
        assertThatThrownBy(() -> Params.parse(new String[] {"messages=5"})).hasMessageContaining("--name=value");
    }
}
