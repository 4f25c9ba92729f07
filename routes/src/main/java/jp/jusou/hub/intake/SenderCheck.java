package jp.jusou.hub.intake;

import jp.jusou.hub.agencies.Agency;
import jp.jusou.hub.agencies.AgencyDirectory;
import jp.jusou.hub.message.HubMessage;
import jp.jusou.hub.message.MunicipalityCode;
import jp.jusou.hub.message.Reason;
import jp.jusou.hub.message.ReasonCode;
import jp.jusou.hub.message.RejectedException;
import org.springframework.stereotype.Component;

/**
 * Third step: who sent it. The authenticated agency (the owner of the inbound queue, or the HTTP
 * login) must be the envelope's sender, a known agency, and the envelope's municipality must be
 * its own.
 */
@Component
public class SenderCheck {

    private final AgencyDirectory directory;

    public SenderCheck(AgencyDirectory directory) {
        this.directory = directory;
    }

    public void check(HubMessage message) {
        String sender = message.sender();
        if (!message.authenticatedAgency().equals(sender)) {
            throw new RejectedException(Reason.of(ReasonCode.SENDER_MISMATCH, "$.sender"));
        }
        Agency agency = directory.find(sender)
                .orElseThrow(() -> new RejectedException(Reason.of(ReasonCode.UNKNOWN_AGENCY, "$.sender")));
        String municipality = message.municipality();
        if (!MunicipalityCode.isValid(municipality)) {
            throw new RejectedException(Reason.of(ReasonCode.SCHEMA_VIOLATION, "$.municipality",
                    "全国地方公共団体コードの検査数字が正しくありません。", "The municipality code's check digit is wrong."));
        }
        if (!agency.municipality().equals(municipality)) {
            throw new RejectedException(Reason.of(ReasonCode.OTHER_MUNICIPALITY, "$.municipality"));
        }
    }
}
