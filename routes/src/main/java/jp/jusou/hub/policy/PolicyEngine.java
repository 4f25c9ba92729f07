package jp.jusou.hub.policy;

import jp.jusou.hub.message.HubMessage;

/**
 * The seam where the hub decides, for every recipient of every message, whether the disclosure is
 * lawful and in what form. The decision either rejects the message (a {@link
 * jp.jusou.hub.message.RejectedException}) or adds to {@link HubMessage#copies()} one copy per
 * recipient that may receive it, redacted for that recipient.
 *
 * <p>The spine's engine ({@link SpinePolicyEngine}) enforces the municipality boundary and the 個人番号
 * rule; the consent engine of the policy issue replaces it behind this interface.
 */
public interface PolicyEngine {

    void decide(HubMessage message);
}
