package jp.jusou.hub.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import jp.jusou.hub.platform.HubProperties;
import org.springframework.stereotype.Component;

/**
 * First step: the body as text (strict UTF-8, within the size limit) and then as a JSON tree.
 * Duplicate keys are malformed: two values for one field would let a sender show the policy one
 * value and a recipient another.
 */
@Component
public class Parser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final int maxBytes;

    public Parser(HubProperties properties) {
        this.maxBytes = properties.maxMessageBytes();
    }

    /** Decodes a byte body strictly as UTF-8 (a leading BOM is dropped). */
    public static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        int offset = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset));
        return chars.toString();
    }

    /** Takes the body as the transport delivered it: a String (JMS text) or bytes. */
    public void read(HubMessage message, Object body) {
        if (body instanceof byte[] bytes) {
            if (bytes.length > maxBytes) {
                message.text("", bytes.length);
                throw new RejectedException(Reason.of(ReasonCode.TOO_LARGE, null,
                        "上限は" + maxBytes + "バイトです。", "The limit is " + maxBytes + " bytes."));
            }
            try {
                message.text(decodeUtf8(bytes), bytes.length);
            } catch (CharacterCodingException e) {
                message.text(new String(bytes, StandardCharsets.UTF_8), bytes.length);
                throw new RejectedException(Reason.of(ReasonCode.BAD_ENCODING, null));
            }
        } else {
            String text = body == null ? "" : body.toString();
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
            int size = utf8Length(text);
            if (size > maxBytes) {
                message.text("", size); // quarantined as metadata only: the body is not kept
                throw new RejectedException(Reason.of(ReasonCode.TOO_LARGE, null,
                        "上限は" + maxBytes + "バイトです。", "The limit is " + maxBytes + " bytes."));
            }
            message.text(text, size);
        }
        message.tree(parse(message.text()));
    }

    /** The JSON tree of a text, or a MALFORMED_JSON rejection that names where parsing stopped. */
    public static JsonNode parse(String text) {
        try {
            JsonNode tree = JSON.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new RejectedException(Reason.of(ReasonCode.MALFORMED_JSON, "$", "本文が空です。", "The body is empty."));
            }
            if (!tree.isObject()) {
                throw new RejectedException(Reason.of(ReasonCode.MALFORMED_JSON, "$",
                        "JSONオブジェクトが必要です。", "A JSON object is required."));
            }
            return tree;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : location.getLineNr() + "行" + location.getColumnNr() + "列";
            String whereEn = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new RejectedException(Reason.of(ReasonCode.MALFORMED_JSON, null,
                    "解析できない位置: " + where, "Parsing stopped at " + whereEn + "."));
        }
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
