package jp.jusou.hub.message;

/**
 * One copy of a message for one recipient, as the policy step decided it may be disclosed: the
 * envelope the recipient will receive, already redacted for it.
 */
public record OutboundCopy(String recipient, String body) {
}
