package jp.jusou.hub.policy;

import java.util.ArrayList;
import java.util.List;
import jp.jusou.hub.connectors.Agency;
import jp.jusou.hub.connectors.AgencyDirectory;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.OutboundCopy;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/**
 * The policy of the spine: every recipient must be a known agency of the sender's municipality,
 * and no 個人番号 may pass, anywhere in the message. Every allowed recipient gets the envelope as sent.
 */
@Component
public class SpinePolicyEngine implements PolicyEngine {

    private final AgencyDirectory directory;

    public SpinePolicyEngine(AgencyDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void decide(HubMessage message) {
        List<Reason> reasons = new ArrayList<>();
        for (String path : MyNumberDetector.findInJson(message.tree())) {
            reasons.add(Reason.of(ReasonCode.MY_NUMBER_DETECTED, path));
        }
        String municipality = directory.find(message.sender()).map(Agency::municipality).orElse(null);
        for (String recipient : message.recipients()) {
            Agency agency = directory.find(recipient).orElse(null);
            if (agency == null) {
                reasons.add(Reason.of(ReasonCode.UNKNOWN_AGENCY, null, "宛先: " + recipient, "Recipient: " + recipient));
            } else if (!agency.municipality().equals(municipality)) {
                reasons.add(Reason.of(ReasonCode.OTHER_MUNICIPALITY, null, "宛先: " + recipient, "Recipient: " + recipient));
            }
        }
        if (!reasons.isEmpty()) {
            throw new RejectedException(reasons);
        }
        for (String recipient : message.recipients()) {
            message.copies().add(new OutboundCopy(recipient, message.text()));
        }
    }
}
