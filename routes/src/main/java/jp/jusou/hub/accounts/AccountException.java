package jp.jusou.hub.accounts;

/** A refused account change, with its code and its text in Japanese and English (no password in it). */
public class AccountException extends RuntimeException {

    public enum Kind { invalid, not_found, conflict }

    private final Kind kind;
    private final String code;
    private final String ja;

    public AccountException(Kind kind, String code, String ja, String en) {
        super(en);
        this.kind = kind;
        this.code = code;
        this.ja = ja;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return getMessage();
    }

    static AccountException notFound() {
        return new AccountException(Kind.not_found, "NOT_FOUND", "見つかりません。", "Not found.");
    }
}
