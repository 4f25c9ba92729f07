package jp.jusou.hub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The broker duplicate id of a row read from a file: its messageId, unless that is a 個人番号. */
class FileIntakeDuplicateIdTest {

    @Test
    void aRowIsKeyedByItsMessageIdSoAFileReadAgainEnqueuesNothingTwice() {
        assertThat(FileIntake.duplicateId("omuta-jiritsu", "JR-20261120-0001")).isEqualTo("file/omuta-jiritsu/JR-20261120-0001");
    }

    @Test
    void aMyNumberNeverBecomesABrokerDuplicateId() {
        for (String myNumber : new String[] {"123456789018", "1234-5678-9018", "１２３４ ５６７８ ９０１８"}) {
            String id = FileIntake.duplicateId("omuta-jiritsu", myNumber);
            assertThat(id).startsWith("file/omuta-jiritsu/unkeyed/").doesNotContain(myNumber, "5678", "５６７８");
            assertThat(FileIntake.duplicateId("omuta-jiritsu", myNumber)).as("two such rows are never one").isNotEqualTo(id);
        }
    }
}
