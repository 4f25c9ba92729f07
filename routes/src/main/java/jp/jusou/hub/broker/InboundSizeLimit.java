package jp.jusou.hub.broker;

import java.util.Map;
import jp.jusou.hub.message.BrokerNames;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker plugin that refuses a send to an agency's inbound queue ({@code hub.inbound.*}) that is far
 * over the hub's message limit, so that such a message never reaches the hub's memory: the sender's
 * send fails at once with {@code TOO_LARGE}. The broker measures a message as it encodes it (text can
 * take two bytes a character there, and headers count), so the refusal starts at twice the hub's limit
 * plus 64 KiB; a message between the limit and that is still rejected by the hub ({@code TOO_LARGE},
 * quarantined as metadata only). The embedded broker registers it with the hub's limit; a standalone
 * broker names it in broker.xml ({@code <broker-plugin class-name="jp.jusou.hub.broker.InboundSizeLimit">}
 * with the property {@code max-message-bytes}).
 */
public class InboundSizeLimit implements ActiveMQServerPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(InboundSizeLimit.class);
    private static final long HEADROOM = 64 * 1024;

    private long refuseAbove;

    /** For broker.xml: the limit comes from {@link #init}. */
    public InboundSizeLimit() {
        this(262_144);
    }

    public InboundSizeLimit(long maxMessageBytes) {
        this.refuseAbove = refuseAbove(maxMessageBytes);
    }

    static long refuseAbove(long maxMessageBytes) {
        return 2 * maxMessageBytes + HEADROOM;
    }

    @Override
    public void init(Map<String, String> properties) {
        String limit = properties.get("max-message-bytes");
        if (limit != null) {
            refuseAbove = refuseAbove(Long.parseLong(limit.trim()));
        }
    }

    public long refuseAbove() {
        return refuseAbove;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String address = message.getAddress();
        if (address == null || !BrokerNames.isInbound(address)) {
            return;
        }
        long size = Math.max(message.getWholeMessageSize(), largeBodySize(message));
        if (size > refuseAbove) {
            // sizes and the queue only: never the body
            LOG.warn("Refused a message of {} bytes to {} (over {})", size, address, refuseAbove);
            throw new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, "TOO_LARGE: メッセージが大きすぎます。"
                    + " The message is too large (" + size + " bytes; the hub takes at most " + refuseAbove + ").");
        }
    }

    private static long largeBodySize(Message message) {
        Long declared = message.isLargeMessage() && message.containsProperty(Message.HDR_LARGE_BODY_SIZE)
                ? message.getLongProperty(Message.HDR_LARGE_BODY_SIZE) : null;
        return declared == null ? 0 : declared;
    }
}
