package io.rcsgw.gateway.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Webhook cursors ({@link StoreWrite.HookSettled}) that the writer holds back for a moment, so
 * that each rides along with its message's next change instead of costing an UPDATE of its own:
 * a message's first event is often settled while its receipt is on the way, and the event that
 * receipt raises is settled a moment later. Nothing waits for a cursor; a crash before it is
 * written only sends its event again, which webhooks allow (at least once). Callers add from any
 * thread; only the writer takes.
 */
final class HeldWrites<T> {

    private record Incoming<T>(long id, long dueNanos, T item) {
    }

    /** A message's held writes, due when its first one is. */
    private record Message<T>(long dueNanos, List<T> items) {
    }

    private final long holdNanos;
    private final ConcurrentLinkedQueue<Incoming<T>> incoming = new ConcurrentLinkedQueue<>();
    /** The writer's own, by message, in the order of each message's first held write: the oldest is due first. */
    private final LinkedHashMap<Long, Message<T>> byMessage = new LinkedHashMap<>();

    HeldWrites(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    void add(long id, T item, long nowNanos) {
        incoming.add(new Incoming<>(id, nowNanos + holdNanos, item));
    }

    /** Nanos until the oldest held write is due (0: one is due now; {@code Long.MAX_VALUE}: none held). */
    long dueInNanos(long nowNanos) {
        takeIncoming();
        return byMessage.isEmpty() ? Long.MAX_VALUE
                : Math.max(0, byMessage.values().iterator().next().dueNanos() - nowNanos);
    }

    /**
     * The held writes to commit now: every one of a message in {@code ids} (its batch changes
     * its row anyway), then those of the messages that are due. With {@code all}, every held write.
     */
    List<T> take(Set<Long> ids, long nowNanos, boolean all) {
        takeIncoming();
        List<T> out = new ArrayList<>();
        for (Long id : ids) {
            Message<T> m = byMessage.remove(id);
            if (m != null) {
                out.addAll(m.items());
            }
        }
        for (Iterator<Message<T>> it = byMessage.values().iterator(); it.hasNext(); ) {
            Message<T> m = it.next();
            if (!all && m.dueNanos() > nowNanos) {
                break; // oldest first: none later is due either
            }
            out.addAll(m.items());
            it.remove();
        }
        return out;
    }

    boolean isEmpty() {
        takeIncoming();
        return byMessage.isEmpty();
    }

    private void takeIncoming() {
        for (Incoming<T> next = incoming.poll(); next != null; next = incoming.poll()) {
            Incoming<T> h = next;
            byMessage.computeIfAbsent(h.id(), k -> new Message<>(h.dueNanos(), new ArrayList<>(2))).items().add(h.item());
        }
    }
}
