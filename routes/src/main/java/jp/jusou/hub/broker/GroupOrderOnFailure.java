package jp.jusou.hub.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.io.IOCallback;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker plugin that keeps a case's order (its message group) when a queue's groups change hands: when a
 * consumer's connection dies in the middle of a transaction (a hub instance killed while it commits, an
 * agency's link cut), and when a consumer joins (a hub instance starting) while another rolls a message back.
 *
 * <p>Both are windows in Artemis 2.55. A roll-back puts its messages back in the queue only once the
 * roll-back's journal record is written (and, on the HA pair, replicated), while the groups move at once:
 * <ul>
 *   <li>a failed session is rolled back first and its consumers closed next, which frees their groups;</li>
 *   <li>a joining consumer makes the queue rebalance its groups, and with
 *       {@code group-rebalance-pause-dispatch} dispatch waits for the messages other consumers hold, but
 *       a message being rolled back is no longer held by its consumer.</li>
 * </ul>
 * In between, the next message of a case can go to another consumer ahead of the one on its way back: one
 * referral delivered after the next. (For an exclusive consumer Artemis already waits for that write; for
 * groups it does not.)
 *
 * <p>The plugin pauses the queue:
 * <ul>
 *   <li>before a failed consumer is closed, until everything the closing thread has written so far is
 *       complete, the roll-back that puts its messages back (in order, by message id) among them;</li>
 *   <li>before a consumer joins a queue that rebalances its groups, until the queue has no message in
 *       delivery (twice in a row, {@value #SETTLE_MILLIS} ms apart): every message held or being rolled
 *       back is acknowledged or back in the queue. Dispatch waited for that already; it now also waits
 *       for the roll-back's write. At most {@value #MAX_JOIN_HOLD_SECONDS} s.</li>
 * </ul>
 * Nothing blocks a broker thread. Registered by the embedded broker and named in every {@code broker.xml}.
 */
public class GroupOrderOnFailure implements ActiveMQServerPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(GroupOrderOnFailure.class);

    static final long SETTLE_MILLIS = 20;
    static final long MAX_JOIN_HOLD_SECONDS = 300;

    /** Why each queue is paused by this plugin: how many holds are still open (guarded by itself). */
    private final Map<Queue, Integer> holds = new HashMap<>();
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

    @Override
    public void beforeCreateConsumer(long consumerID, QueueBinding binding, SimpleString filter, boolean browseOnly,
                                     boolean supportLargeMessage) {
        ActiveMQServer broker = server;
        Queue queue = binding == null ? null : binding.getQueue();
        if (broker == null || queue == null || browseOnly || !queue.isGroupRebalance() || !hold(queue)) {
            return;
        }
        releaseWhenSettled(broker, queue, System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_JOIN_HOLD_SECONDS), false);
    }

    /** Resumes the queue once no message of it is in delivery at two looks in a row (or at the deadline). */
    private void releaseWhenSettled(ActiveMQServer broker, Queue queue, long deadline, boolean settledBefore) {
        broker.getScheduledPool().schedule(() -> {
            boolean settled = queue.getDeliveringCount() == 0;
            if (settled && settledBefore) {
                release(queue);
            } else if (System.nanoTime() - deadline > 0) {
                LOG.warn("{} still has {} messages in delivery after {} s; a consumer joined, and its queue resumes",
                        queue.getName(), queue.getDeliveringCount(), MAX_JOIN_HOLD_SECONDS);
                release(queue);
            } else {
                releaseWhenSettled(broker, queue, deadline, settled);
            }
        }, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Pauses the queue for one more reason, unless somebody else paused it. */
    private boolean hold(Queue queue) {
        synchronized (holds) {
            if (!holds.containsKey(queue)) {
                if (queue.isPaused()) {
                    return false;
                }
                queue.pause();
            }
            holds.merge(queue, 1, Integer::sum);
            return true;
        }
    }

    private void release(Queue queue) {
        synchronized (holds) {
            Integer open = holds.get(queue);
            if (open == null) {
                return;
            }
            if (open == 1) {
                holds.remove(queue);
                queue.resume();
            } else {
                holds.put(queue, open - 1);
            }
        }
    }
}
