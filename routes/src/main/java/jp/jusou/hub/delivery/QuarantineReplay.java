package jp.jusou.hub.delivery;

import jp.jusou.hub.message.BrokerNames;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replay: puts a quarantined entry's masked copy back on its sender's inbound queue, to go through
 * the pipeline again. Marks and sends in one database transaction: a failed send leaves the entry
 * quarantined. Used by the operations API and the console (one at a time or in bulk).
 */
@Component
public class QuarantineReplay {

    public enum Result { replayed, not_found, already_handled }

    private final Quarantine quarantine;
    private final JmsTemplate jms;
    private final TransactionTemplate transactions;

    public QuarantineReplay(Quarantine quarantine, JmsTemplate jms, TransactionTemplate transactions) {
        this.quarantine = quarantine;
        this.jms = jms;
        this.transactions = transactions;
    }

    public Result replay(String id, String by) {
        return transactions.execute(tx -> {
            Quarantine.Entry entry = quarantine.find(id).orElse(null);
            if (entry == null) {
                return Result.not_found;
            }
            if (!"quarantined".equals(entry.status())) {
                return Result.already_handled;
            }
            String body = quarantine.maskedBody(id).orElseThrow();
            if (!quarantine.markReplayed(id, by)) {
                return Result.already_handled;
            }
            jms.convertAndSend(BrokerNames.inbound(entry.sender()), body, m -> {
                m.setStringProperty(BrokerNames.CHANNEL, "replay");
                m.setStringProperty(BrokerNames.REPLAY_OF, id);
                return m;
            });
            return Result.replayed;
        });
    }
}
