package jp.jusou.hub.broker;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.core.io.IOCallback;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker plugin that keeps a case's order when a consumer's connection dies in the middle of a
 * transaction (a hub instance killed while it commits, an agency's AMQP link cut).
 *
 * <p>Artemis 2.55 closes a failed session in two steps: it rolls back the session's transaction, whose
 * acknowledged messages return to their queue only once the roll-back's journal record is written (and
 * replicated to the backup), and then it closes the session's consumers, which frees their message
 * groups at once. In between, the next message of a group can go to another consumer ahead of the one
 * still on its way back: one referral of a case delivered after the next. (For an exclusive consumer
 * Artemis already waits for that write before it lets another take over; for groups it does not.)
 *
 * <p>This plugin pauses the consumer's queue before a failed consumer is closed and resumes it once
 * everything the closing thread has written so far is complete, which includes the roll-back that puts
 * those messages back (in order, by message id). Nothing blocks: dispatch on that one queue waits for
 * one journal write. Registered by the embedded broker and named in every {@code broker.xml}.
 */
public class GroupOrderOnFailure implements ActiveMQServerPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(GroupOrderOnFailure.class);

    private final ConcurrentHashMap<Queue, AtomicInteger> holds = new ConcurrentHashMap<>();
    private volatile ActiveMQServer server;

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void beforeCloseConsumer(ServerConsumer consumer, boolean failed) {
        ActiveMQServer broker = server;
        Queue queue = consumer.getQueue();
        if (!failed || broker == null || queue == null || consumer.isBrowseOnly()) {
            return;
        }
        if (!hold(queue)) {
            return; // paused by somebody else: it stays paused, and nothing is dispatched meanwhile anyway
        }
        // the closing thread's operation context: the session's roll-back registered its return of the
        // acknowledged messages there first, so this runs after it
        broker.getStorageManager().afterCompleteOperations(new IOCallback() {
            @Override
            public void done() {
                release(queue);
            }

            @Override
            public void onError(int errorCode, String errorMessage) {
                LOG.warn("A failed consumer's roll-back on {} ended with error {}; its queue resumes", queue.getName(), errorCode);
                release(queue);
            }
        });
    }

    /** Pauses the queue for one failed consumer, unless somebody else paused it. */
    private boolean hold(Queue queue) {
        synchronized (holds) {
            AtomicInteger count = holds.get(queue);
            if (count == null) {
                if (queue.isPaused()) {
                    return false;
                }
                queue.pause();
                holds.put(queue, new AtomicInteger(1));
            } else {
                count.incrementAndGet();
            }
            return true;
        }
    }

    private void release(Queue queue) {
        synchronized (holds) {
            AtomicInteger count = holds.get(queue);
            if (count != null && count.decrementAndGet() == 0) {
                holds.remove(queue);
                queue.resume();
            }
        }
    }
}
