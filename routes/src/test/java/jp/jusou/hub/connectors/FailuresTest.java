package jp.jusou.hub.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A failure is reported by its root cause, named by the outer exception's type. */
class FailuresTest {

    @Test
    void aFailureWithoutCauseIsItsMessage() {
        assertThat(Failures.describe(new IllegalStateException("port in use"))).isEqualTo("port in use");
    }

    @Test
    void aWrappedFailureNamesTheOuterTypeAndTheRootMessage() {
        Exception e = new RuntimeException("outer", new IllegalStateException("middle", new IOException("disk full")));
        assertThat(Failures.describe(e)).isEqualTo("RuntimeException: disk full");
    }

    @Test
    void aRootWithoutMessageIsNamedByItsType() {
        assertThat(Failures.describe(new RuntimeException(new NullPointerException()))).isEqualTo("RuntimeException: NullPointerException");
    }
}
