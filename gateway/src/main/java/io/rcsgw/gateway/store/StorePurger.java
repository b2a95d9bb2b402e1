package io.rcsgw.gateway.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Retention: deletes what the gateway no longer needs once it is older than the retention
 * period, so the store does not grow without bound. A message goes once it is closed (final,
 * and no webhook event of it pending) and its last change is older than the cut-off; a platform
 * event once its webhook has taken it; a conversation once it has ended and is older than the
 * cut-off (these two are swept once an hour). Deletes go through the store's writer like every
 * other write, in groups of {@code batch}, each guarded so that a message opened again
 * meanwhile stays.
 *
 * <p>Messages are walked in id order, which is acceptance order on one node (several nodes take
 * ids in blocks, so the order is rough across nodes): a run stops after {@code batch}
 * messages in a row that are too young, or after {@code budget} messages looked at, in which
 * case the next run goes on from there. Open messages are stepped over and looked at again
 * at the next full walk.
 */
public final class StorePurger {

    /** What one run deleted; {@code more}: it stopped at its budget with more to look at. */
    public record Purged(int messages, int platformEvents, int conversations, boolean more) {
        public boolean isEmpty() {
            return messages == 0 && platformEvents == 0 && conversations == 0;
        }
    }

    private final MessageStore store;
    private final int batch;
    private final int budget;
    /**
     * Platform events and conversations have no index by age, so finding old ones reads each
     * table whole: they are swept at most this often, messages every run.
     */
    static final long SWEEP_EVERY_NANOS = java.util.concurrent.TimeUnit.HOURS.toNanos(1);

    /** Where the next run starts: 0 after a walk that reached the young messages. */
    private long resumeAfter;
    /** When events and conversations were last swept ({@code System.nanoTime}); 0: never. */
    private long lastSweep;
    /** The last sweep stopped at its budget: the next run sweeps again. */
    private boolean sweepUnfinished;

    public StorePurger(MessageStore store, int batch, int budget) {
        if (batch < 1 || budget < batch) {
            throw new IllegalArgumentException("batch " + batch + ", budget " + budget);
        }
        this.store = store;
        this.batch = batch;
        this.budget = budget;
    }

    /**
     * One run: deletes messages and platform events older than {@code before} and conversations
     * opened before {@code conversationsBefore} (epoch millis), waiting for each group to commit.
     * A run that says {@code more} is followed at once by the next, so retention keeps pace
     * with any rate of traffic; the writer commits other work between its groups.
     */
    public synchronized Purged run(long before, long conversationsBefore) {
        int messages = purgeMessages(before);
        long now = System.nanoTime();
        if (!sweepUnfinished && lastSweep != 0 && now - lastSweep < SWEEP_EVERY_NANOS) {
            return new Purged(messages, 0, 0, resumeAfter != 0);
        }
        lastSweep = now == 0 ? 1 : now;
        int events = 0;
        List<MessageStore.PlatformEventKey> keys;
        do {
            keys = store.settledPlatformEvents(before, batch);
            List<StoreWrite> group = new ArrayList<>(keys.size());
            keys.forEach(k -> group.add(new StoreWrite.DeletePlatformEvent(k.botId(), k.eventId())));
            commit(group);
            events += keys.size();
        } while (keys.size() == batch && events < budget);
        int conversations = 0;
        List<MessageStore.StoredConversation> ended;
        do {
            ended = store.conversationsBefore(conversationsBefore, batch);
            List<StoreWrite> group = new ArrayList<>(ended.size());
            ended.forEach(c -> group.add(new StoreWrite.DeleteConversation(c.botId(), c.userContact(), c.openedAt())));
            commit(group);
            conversations += ended.size();
        } while (ended.size() == batch && conversations < budget);
        sweepUnfinished = keys.size() == batch || ended.size() == batch;
        return new Purged(messages, events, conversations, sweepUnfinished || resumeAfter != 0);
    }

    /**
     * Web-view links and SMS suggestion menus whose own time ran out before {@code now} (epoch
     * millis) are deleted; both tables are indexed by expiry, so this is cheap every run.
     */
    public void purgeExpiredLinks(long now) {
        commit(List.of(new StoreWrite.DeleteExpiredLinks(now)));
    }

    private int purgeMessages(long before) {
        int seen = 0;
        int youngInARow = 0;
        int deleted = 0;
        long after = resumeAfter;
        while (true) {
            List<MessageStore.RetainedMessage> page = store.messagesAfter(after, batch);
            List<StoreWrite> group = new ArrayList<>(page.size());
            for (MessageStore.RetainedMessage m : page) {
                after = m.id();
                if (m.acceptedAt() >= before) {
                    youngInARow++;
                    continue;
                }
                youngInARow = 0;
                if (!m.open() && m.updatedAt() < before) {
                    group.add(new StoreWrite.DeleteMessage(m.id(), m.smscKeys()));
                }
            }
            commit(group);
            deleted += group.size();
            seen += page.size();
            if (page.size() < batch || youngInARow >= batch) {
                resumeAfter = 0; // reached the end or the young messages: the next run walks from the start
                return deleted;
            }
            if (seen >= budget) {
                resumeAfter = after;
                return deleted;
            }
        }
    }

    private void commit(List<StoreWrite> group) {
        if (!group.isEmpty()) {
            store.write(group).join();
        }
    }
}
