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
 * and no 個人番号 may pass, anywhere in the message. Every allowed recipient gets the envelope as sent;
 * the data classes it discloses are read from the schemas' marks (for the disclosure ledger).
 */
@Component
public class SpinePolicyEngine implements PolicyEngine {

    private final AgencyDirectory directory;
    private final DataClassCatalog dataClasses;

    public SpinePolicyEngine(AgencyDirectory directory, DataClassCatalog dataClasses) {
        this.directory = directory;
        this.dataClasses = dataClasses;
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
        List<String> disclosed = dataClasses.find(message.type(), message.tree()).stream()
                .map(DataClassCatalog.Found::dataClass).distinct().sorted().toList();
        for (String recipient : message.recipients()) {
            message.copies().add(new OutboundCopy(recipient, message.text(), disclosed, List.of()));
        }
    }
}
