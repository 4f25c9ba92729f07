package jp.jusou.hub.platform;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a queue's attributes from the broker's management address, so that every hub instance sees
 * the same figures (works for the embedded broker and an external one alike). {@code messageCount}
 * counts the messages waiting and those delivered to a consumer but not yet acknowledged, on any
 * instance: a message in flight in another instance's transaction is still counted. -1 when unreadable.
 */
@Component
public class BrokerQueues {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private final JmsTemplate jms;

    public BrokerQueues(ConnectionFactory connectionFactory) {
        this.jms = new JmsTemplate(connectionFactory);
    }

    /** Messages on the queue, waiting or in flight on any instance; -1 when the broker cannot be read. */
    public long messageCount(String queue) {
        try {
            Long count = jms.execute(session -> {
                Reader reader = new Reader(session);
                try {
                    return reader.read(queue, "messageCount");
                } finally {
                    reader.close();
                }
            }, true);
            return count == null ? -1 : count;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Several reads on one session through one temporary reply queue; close it after use. */
    public static final class Reader {
        private final Session session;
        private final TemporaryQueue replies;
        private final MessageProducer producer;
        private final MessageConsumer consumer;

        public Reader(Session session) throws JMSException {
            this.session = session;
            this.replies = session.createTemporaryQueue();
            this.producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
            this.consumer = session.createConsumer(replies);
        }

        /** One attribute of one queue, -1 when the broker does not answer or has no such queue. */
        public long read(String queue, String attribute) throws JMSException {
            Message request = session.createMessage();
            JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, attribute);
            request.setJMSReplyTo(replies);
            producer.send(request);
            return valueOf(consumer.receive(2000));
        }

        public void close() throws JMSException {
            try {
                producer.close();
                consumer.close();
            } finally {
                replies.delete();
            }
        }

        private static long valueOf(Message reply) {
            try {
                if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                    return -1;
                }
                Object result = JMSManagementHelper.getResult(reply);
                return result instanceof Number n ? n.longValue() : -1;
            } catch (Exception e) {
                return -1;
            }
        }
    }
}
