package jp.jusou.hub.message;

/**
 * Reason codes of the contract (docs/contract.md, whose table ContractDocumentTest keeps equal to
 * this), each with the text a sender's delivery report and a problem+json body carry: Japanese first,
 * English beside. Texts never echo message content.
 */
public enum ReasonCode {
    MALFORMED_JSON("JSONとして解析できません。", "The body is not well-formed JSON."),
    SCHEMA_VIOLATION("スキーマに適合しません。", "The message does not conform to its schema."),
    UNKNOWN_TYPE("このメッセージ種別は受け付けられません。", "This message type is not accepted."),
    SENDER_MISMATCH("送信元(sender)が認証された機関と一致しません。",
            "The sender does not match the authenticated agency."),
    UNKNOWN_AGENCY("登録されていない機関です。", "The agency is not registered with the hub."),
    OTHER_MUNICIPALITY("他の市町村の機関・データとはやり取りできません。",
            "Messages may not cross the municipality boundary."),
    DUPLICATE("同じmessageIdのメッセージは既に配信済みです。再配信はしません。",
            "A message with this messageId was already delivered; it is not delivered again."),
    CONSENT_MISSING("本人同意が確認できません。", "No consent covers this disclosure."),
    CONSENT_REVOKED("本人同意は撤回されています。", "The consent has been revoked."),
    CONSENT_EXPIRED("本人同意の有効期間が過ぎています。", "The consent has expired."),
    CONSENT_SCOPE("同意の範囲（提供先・目的・情報区分）外です。",
            "The recipient, purpose or data class is outside the consent."),
    NOT_MEETING_MEMBER("支援会議の構成員ではありません。", "Not a member of the support meeting (支援会議)."),
    VITAL_INTEREST_UNJUSTIFIED("生命・身体の保護のための提供には具体的な理由の記載が必要です。",
            "A vital-interest disclosure needs a real written justification."),
    MY_NUMBER_DETECTED("個人番号（マイナンバー）が含まれています。個人番号は送信できません。",
            "The message contains an individual number (My Number), which may never be passed on."),
    UNKNOWN_REFERRAL("該当するつなぎ（紹介）が見つかりません。", "No such referral is known to the hub."),
    SUBJECT_MISMATCH("対象者がつなぎ（紹介）の対象者と一致しません。",
            "The subject does not match the referral's subject."),
    ILLEGAL_TRANSITION("この状態遷移は認められていません。", "This status transition is not allowed."),
    REASON_REQUIRED("この状態には理由の記載が必要です。", "This status requires a reason."),
    AMBIGUOUS_REFERRAL("このreferralIdのつなぎ（紹介）は複数の紹介元から届いています。payload.requesterで紹介元を指定してください。",
            "Several requesters sent a referral with this referralId; name the requester in payload.requester."),
    NOT_REFERRAL_PARTY("このつなぎ（紹介）の当事者ではありません。", "Not a party to this referral."),
    STALE_PLAN_VERSION("支援プランの版が古いです。", "The plan version is not newer than the current one."),
    CASE_CLOSED("このケースは終結しています。", "The case is closed."),
    NOT_CASE_TEAM("このケースの支援チームの構成機関ではありません。", "Not a member of the case team."),
    TOO_LARGE("メッセージが大きすぎます。", "The message is too large."),
    BAD_ENCODING("文字コードがUTF-8ではありません。", "The body is not UTF-8 encoded."),
    CONFIDENTIAL_ADDRESS("秘匿対象の住所が本文に含まれているため、この宛先には送れません。",
            "The confidential address appears in the text, so it cannot go to this recipient."),
    CONSENT_CONFLICT("同じ同意IDで内容の異なる同意が既に登録されています。",
            "A different consent with this consentId is already registered."),
    NOT_COORDINATOR("この操作は多機関協働事業者だけが行えます。", "Only the coordinator (takikan) may do this."),
    NO_RECIPIENT("宛先の機関が指定されていません。", "The message names no recipient."),
    PROCESSING_FAILED("ハブでの処理が繰り返し失敗したため、配信を保留し運用担当者に回しました。",
            "Processing failed repeatedly; the message was set aside for an operator.");

    private final String ja;
    private final String en;

    ReasonCode(String ja, String en) {
        this.ja = ja;
        this.en = en;
    }

    public String ja() {
        return ja;
    }

    public String en() {
        return en;
    }
}
