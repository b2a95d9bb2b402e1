package io.rcsgw.gateway.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages this gateway holds in memory and the indexes events find them by: by id; by key
 * while the RCS platform may still report on them (its events name messages by msgId); for a
 * while after they ended (a displayed may follow a delivered, a late status a revoke); and by
 * SMSC id, for every acknowledged part of a message not final yet.
 */
final class OpenMessages {

    private final Clock clock;
    private final Map<Long, InFlight> byId = new ConcurrentHashMap<>();
    /** How many byId holds, read on every accept (a ConcurrentHashMap counts its cells). */
    private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<MessageKey, InFlight> rcsByKey = new ConcurrentHashMap<>();
    private final Cache<MessageKey, InFlight> recentlyFinal = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(15)).executor(Runnable::run).build();
    /**
     * SMSC name / canonical SMSC message id -> part. Exact, not a size-bounded cache: a cache may
     * drop an entry between the submit_sm_resp and the commit of the part, and a receipt arriving
     * then would be parked as an orphan that nothing matches again. Receipts for final messages
     * (repeats, late ones) go to the store.
     */
    private final Map<String, MessageStore.PartRef> partsAwaitingReceipts = new ConcurrentHashMap<>();

    OpenMessages(Clock clock) {
        this.clock = clock;
    }

    void add(InFlight f) {
        if (byId.put(f.id, f) == null) {
            count.incrementAndGet();
            GatewayMetrics.IN_FLIGHT.inc();
        }
    }

    InFlight get(long id) {
        return byId.get(id);
    }

    /** How many messages are open. */
    int size() {
        return count.get();
    }

    Collection<InFlight> all() {
        return byId.values();
    }

    /** Its send to the platform starts (or it waits for the platform's events after a restart). */
    void onRcs(InFlight f) {
        rcsByKey.put(f.key, f);
    }

    /** It left the RCS path (fell back to SMS): the platform's later events are late. */
    void offRcs(InFlight f) {
        rcsByKey.remove(f.key);
    }

    /** The message a platform event names: on RCS now, or lately ended. */
    InFlight forPlatformEvent(MessageKey key) {
        InFlight f = rcsByKey.get(key);
        return f != null ? f : recentlyFinal.getIfPresent(key);
    }

    /** A message loaded from the store for a late event: the one already there wins. */
    InFlight recentlyFinal(InFlight f) {
        InFlight raced = recentlyFinal.asMap().putIfAbsent(f.key, f);
        return raced != null ? raced : f;
    }

    void awaitReceipt(String smscKey, MessageStore.PartRef part) {
        partsAwaitingReceipts.put(smscKey, part);
    }

    MessageStore.PartRef awaitingReceipt(String smscKey) {
        return partsAwaitingReceipts.get(smscKey);
    }

    /** It became final (caller holds its monitor): out of memory but for late platform events. */
    void finished(InFlight f) {
        if (byId.remove(f.id) != null) {
            count.decrementAndGet();
            GatewayMetrics.IN_FLIGHT.dec();
        }
        for (String k : f.partKeys) {
            if (k != null) {
                partsAwaitingReceipts.remove(k);
            }
        }
        if (rcsByKey.containsKey(f.key)) {
            recentlyFinal.put(f.key, f); // first: a platform event looks here once rcsByKey no longer has it
            rcsByKey.remove(f.key);
        }
    }

    /** Age in seconds of the oldest message not yet final (0 when none), for the "too old" alert. */
    double oldestOpenSeconds() {
        long oldest = Long.MAX_VALUE;
        for (InFlight f : byId.values()) {
            oldest = Math.min(oldest, f.acceptedAt);
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }
}
