package jp.jusou.hub.policy;

import jp.jusou.hub.message.HubMessage;

/**
 * Where the hub decides, for every recipient of every message, whether the disclosure is lawful and
 * in what form. {@link #decide} either rejects the whole message (a {@link
 * jp.jusou.hub.message.RejectedException}) or adds to {@link HubMessage#copies()} one copy per
 * recipient that may receive something, redacted for that recipient, noting in {@link
 * HubMessage#notes()} every recipient left out and why. {@link #accepted} keeps the policy state a
 * delivered message changes (a consent granted or revoked); it runs in the outcome's database
 * transaction.
 */
public interface PolicyEngine {

    void decide(HubMessage message);

    void accepted(HubMessage message);
}
