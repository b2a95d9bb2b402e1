package io.rcsgw.gateway.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private record Held<T>(long id, long dueNanos, T item) {
    }

    private final long holdNanos;
    private final ConcurrentLinkedQueue<Held<T>> incoming = new ConcurrentLinkedQueue<>();
    // the writer's own: oldest first, and by message
    private final ArrayDeque<Held<T>> byAge = new ArrayDeque<>();
    private final Map<Long, List<Held<T>>> byId = new HashMap<>();

    HeldWrites(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    void add(long id, T item, long nowNanos) {
        incoming.add(new Held<>(id, nowNanos + holdNanos, item));
    }

    /** Nanos until the oldest held write is due (0: one is due now; {@code Long.MAX_VALUE}: none held). */
    long dueInNanos(long nowNanos) {
        takeIncoming();
        return byAge.isEmpty() ? Long.MAX_VALUE : Math.max(0, byAge.peekFirst().dueNanos() - nowNanos);
    }

    /**
     * The held writes to commit now: those that are due, and every one of a message in
     * {@code ids} (its batch changes its row anyway). With {@code all}, every held write.
     */
    List<T> take(java.util.Set<Long> ids, long nowNanos, boolean all) {
        takeIncoming();
        List<T> out = new ArrayList<>();
        java.util.Set<Long> taken = new java.util.HashSet<>();
        for (Held<T> h : byAge) {
            if (all || h.dueNanos() <= nowNanos || ids.contains(h.id())) {
                taken.add(h.id());
            } else if (ids.isEmpty()) {
                break; // oldest first: none later is due either
            }
        }
        if (taken.isEmpty()) {
            return out;
        }
        byAge.removeIf(h -> taken.contains(h.id()));
        for (Long id : taken) {
            for (Held<T> h : byId.remove(id)) {
                out.add(h.item());
            }
        }
        return out;
    }

    boolean isEmpty() {
        takeIncoming();
        return byAge.isEmpty();
    }

    private void takeIncoming() {
        for (Held<T> h; (h = incoming.poll()) != null; ) {
            byAge.addLast(h);
            byId.computeIfAbsent(h.id(), k -> new ArrayList<>(2)).add(h);
        }
    }
}
