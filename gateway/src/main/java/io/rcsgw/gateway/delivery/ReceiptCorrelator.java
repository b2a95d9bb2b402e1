package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.smpp.receipt.DeliveryReceipt;
import io.rcsgw.smpp.receipt.MessageIdKey;
import io.rcsgw.smpp.receipt.ReceiptStatus;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Matches delivery receipts to the SMS parts they report on: by every form the SMSC's id may
 * take (hex or decimal), qualified by the SMSC, first among the parts of open messages, then in
 * the store. A receipt that overtakes its submit_sm_resp is parked (in memory and in the store)
 * until its part is recorded; none is lost. The store, which also holds the parts of messages
 * long final, is asked only for the id as written: its other forms may be another, older part's
 * id (hex 99999 read as decimal is hex 1869f), which would take the receipt meant for a part not
 * recorded yet.
 */
final class ReceiptCorrelator {

    private final MessageStore store;
    private final OpenMessages open;
    private final Tracker tracker;
    private final Clock clock;
    /** The SMSC each link (bind) belongs to: SMSC message ids are unique per SMSC only. */
    private final Map<String, String> smscByLink;
    /** Receipts whose submit_sm_resp has not been recorded yet, by every key they may match. */
    private final Map<String, PendingReceipt> orphans = new HashMap<>();
    private final Object orphanLock = new Object();
    private final String self;

    private record PendingReceipt(String link, DeliveryReceipt receipt, List<String> keys, long receivedAt) {
    }

    /** @param self this node's id in a cluster (null: a single node) */
    ReceiptCorrelator(MessageStore store, OpenMessages open, Tracker tracker, Map<String, String> smscByLink, String self,
                      Clock clock) {
        this.self = self;
        this.store = store;
        this.open = open;
        this.tracker = tracker;
        this.smscByLink = Map.copyOf(smscByLink);
        this.clock = clock;
    }

    /** The correlation key of a part an SMSC acknowledged on {@code link} with {@code smscId}. */
    String keyOf(String link, String smscId) {
        return smscOf(link) + "/" + MessageIdKey.canonical(smscId);
    }

    private String smscOf(String link) {
        return smscByLink.getOrDefault(link, link);
    }

    /** The keys a receipt's id may match, qualified by its SMSC: the id as written first, then its other forms unless it is exact. */
    private List<String> keys(String link, String messageId, boolean exact) {
        String smsc = smscOf(link) + "/";
        if (exact) {
            return List.of(smsc + MessageIdKey.canonical(messageId));
        }
        return MessageIdKey.candidates(messageId).stream().map(k -> smsc + k).toList();
    }

    /**
     * Applies a receipt; the future completes once what it changed is stored. A receipt for a
     * message no longer in memory is looked up in the store on the caller's thread (rare).
     */
    CompletableFuture<Void> onReceipt(String link, DeliveryReceipt receipt) {
        GatewayMetrics.RECEIPTS.labels(link, receipt.status().name()).inc();
        if (!receipt.status().isFinal()) {
            return CompletableFuture.completedFuture(null); // intermediate (ENROUTE, ACCEPTD...): nothing changes for the client
        }
        List<String> keys = keys(link, receipt.messageId(), receipt.exactId());
        for (String k : keys) {
            MessageStore.PartRef part = open.awaitingReceipt(k);
            if (part != null) {
                return apply(part, receipt).thenApply(x -> null);
            }
        }
        Optional<MessageStore.PartRef> late = store.findPart(keys.get(0)); // a final message's part: a late or repeated receipt
        if (late.isPresent() && self != null && open.get(late.get().id()) == null) {
            if (store.ownerOf(late.get().id()).filter(o -> !o.equals(self)).isPresent()) {
                // another node's message (the SMSC sent its receipt over this node's bind): parked for it
                late = Optional.empty();
                GatewayMetrics.RECEIPTS_FOR_OTHER_NODES.inc();
            } else if (store.isOpen(late.get().id())) {
                // this node's, but not loaded yet (a takeover is resuming it): parked until its part is
                late = Optional.empty();
            }
        }
        if (late.isPresent()) {
            return apply(late.get(), receipt).thenApply(x -> null);
        }
        // Park it, unless its submit_sm_resp was recorded meanwhile. Only the decision and the
        // queueing happen under the lock: waiting for the store there would block a part's
        // registration, which may run on the store's completer thread, and with it the store itself.
        long now = clock.millis();
        PendingReceipt parked = new PendingReceipt(link, receipt, keys, now);
        MessageStore.PartRef owner = null;
        CompletableFuture<List<Boolean>> stored = null;
        synchronized (orphanLock) {
            for (String k : keys) {
                owner = open.awaitingReceipt(k);
                if (owner != null) {
                    break;
                }
            }
            if (owner == null) {
                for (String k : keys) {
                    orphans.put(k, parked);
                }
                // queued under the lock, so it commits before the delete that a later match queues
                stored = store.write(List.of(new StoreWrite.PutOrphanReceipt(keys.get(0), link, receipt.status().name(),
                        receipt.errorCode(), now)));
            }
        }
        if (owner != null) {
            return apply(owner, receipt).thenApply(x -> null);
        }
        GatewayMetrics.ORPHAN_RECEIPTS.inc();
        return stored.thenApply(x -> null);
    }

    /** Receipts a previous run parked. */
    void resume(List<MessageStore.OrphanReceipt> parked) {
        for (MessageStore.OrphanReceipt o : parked) {
            DeliveryReceipt r = new DeliveryReceipt(o.smscKey(), ReceiptStatus.fromWord(o.status()), o.error());
            List<String> keys = keys(o.link(), o.smscKey().substring(o.smscKey().indexOf('/') + 1), false);
            synchronized (orphanLock) {
                for (String k : keys) {
                    orphans.put(k, new PendingReceipt(o.link(), r, keys, o.receivedAt()));
                }
            }
        }
    }

    /**
     * Retention: receipts parked before {@code before} (epoch millis) that no part ever claimed
     * are dropped, here and in the store. Returns how many.
     */
    int expire(long before) {
        // one receipt is parked under each form of its id
        Set<PendingReceipt> expired = Collections.newSetFromMap(new IdentityHashMap<>());
        CompletableFuture<List<Boolean>> deleted = null;
        synchronized (orphanLock) {
            orphans.values().removeIf(p -> {
                if (p.receivedAt() >= before) {
                    return false;
                }
                expired.add(p);
                return true;
            });
            if (!expired.isEmpty()) {
                List<StoreWrite> group = new ArrayList<>(expired.size());
                expired.forEach(p -> group.add(new StoreWrite.DeleteOrphanReceipt(p.keys().get(0))));
                // queued under the lock, like the put, so the two commit in order
                deleted = store.write(group);
            }
        }
        if (deleted != null) {
            deleted.join();
        }
        return expired.size();
    }

    /**
     * In a cluster: the receipts parked in the store (by another node whose bind they came over,
     * or before their part was registered) that this node's parts wait for are applied here.
     */
    void claimParked() {
        for (MessageStore.OrphanReceipt o : store.orphanReceipts()) {
            List<String> keys = keys(o.link(), o.smscKey().substring(o.smscKey().indexOf('/') + 1), false);
            for (String k : keys) {
                MessageStore.PartRef part = open.awaitingReceipt(k);
                if (part != null) {
                    synchronized (orphanLock) {
                        keys.forEach(orphans::remove);
                    }
                    apply(part, new DeliveryReceipt(o.smscKey(), ReceiptStatus.fromWord(o.status()), o.error()));
                    store.write(List.of(new StoreWrite.DeleteOrphanReceipt(o.smscKey())));
                    break;
                }
            }
        }
    }

    /** A part was just registered: a receipt may have been waiting for it. */
    void claim(String smscKey, MessageStore.PartRef part) {
        PendingReceipt p;
        synchronized (orphanLock) {
            p = orphans.remove(smscKey);
            if (p != null) {
                p.keys().forEach(orphans::remove);
            }
        }
        if (p != null) {
            apply(part, p.receipt());
            store.write(List.of(new StoreWrite.DeleteOrphanReceipt(p.keys().get(0))));
        }
    }

    private CompletableFuture<List<Boolean>> apply(MessageStore.PartRef part, DeliveryReceipt receipt) {
        List<StoreWrite> writes = new ArrayList<>(2);
        List<Runnable> after = new ArrayList<>(1);
        long now = clock.millis();
        writes.add(new StoreWrite.UpdatePart(part.id(), part.partNo(), receipt.status().name(), receipt.errorCode(), now));
        InFlight f = open.get(part.id());
        if (f == null) {
            return tracker.commit(writes, after); // message already final: keep the part's outcome only
        }
        synchronized (f) {
            if (part.partNo() < f.partStates.length) {
                f.partStates[part.partNo()] = receipt.status().name();
                long acked = f.partAckedAt[part.partNo()];
                if (acked > 0 && part.link() != null) {
                    GatewayMetrics.RECEIPT_SECONDS.labels(part.link()).observe((now - acked) / 1000.0);
                }
            }
            tracker.apply(f, new MessageEvent.Receipts(Arrays.asList(f.partStates.clone())), writes, after);
            return tracker.commit(writes, after);
        }
    }
}
