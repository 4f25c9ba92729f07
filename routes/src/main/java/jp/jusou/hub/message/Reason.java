package jp.jusou.hub.message;

/**
 * One reason a message was rejected: a contract code, the JSON path it concerns (or null), and the
 * Japanese and English text. The detail texts must never carry message content.
 */
public record Reason(ReasonCode code, String path, String ja, String en) {

    public static Reason of(ReasonCode code, String path) {
        return new Reason(code, path, code.ja(), code.en());
    }

    public static Reason of(ReasonCode code, String path, String jaDetail, String enDetail) {
        return new Reason(code, path, code.ja() + " " + jaDetail, code.en() + " " + enDetail);
    }
}
