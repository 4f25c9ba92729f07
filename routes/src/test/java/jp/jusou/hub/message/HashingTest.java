package jp.jusou.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HashingTest {

    /** FIPS 180-2's test vectors. */
    static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void digestsMatchTheStandardsVectors() {
        assertThat(Hashing.sha256Hex("")).isEqualTo(EMPTY);
        assertThat(Hashing.sha256Hex("abc")).isEqualTo(ABC);
        assertThat(HexFormat.of().formatHex(Hashing.sha256(new byte[0]))).isEqualTo(EMPTY);
        assertThat(Hashing.sha256("abc")).hasSize(32).isEqualTo(HexFormat.of().parseHex(ABC));
    }

    @Test
    void textIsHashedAsUtf8() {
        String japanese = "重層的支援";
        assertThat(Hashing.sha256(japanese)).isEqualTo(Hashing.sha256(japanese.getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(Hashing.sha256(japanese.getBytes(java.nio.charset.Charset.forName("windows-31j"))));
        assertThat(Hashing.sha256Hex(japanese)).hasSize(64).matches("[0-9a-f]{64}");
    }
}
