package io.rcsgw.gateway.dispatch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.gateway.webhook.StatusEvent;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.MessageStatusView;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageLifecycle;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.receipt.DeliveryReceipt;
import io.rcsgw.smpp.receipt.MessageIdKey;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The message life cycle between the API, the store, the SMSC links and the webhooks: accepts
 * messages (durably, deduplicated by client msgId), hands them to the dispatcher, applies
 * submit outcomes and delivery receipts through the state machine, and queues the bot's
 * status events in the same store transaction as the change they report.
 */
public final class MessagePipeline implements MessagingService, SmscListener {

    private static final Logger log = LoggerFactory.getLogger(MessagePipeline.class);

    private final MessageStore store;
    private final Clock clock;
    private final Executor background;
    private final Map<MessageKey, InFlight> inFlight = new ConcurrentHashMap<>();
    /** Recently accepted client msgIds and their content fingerprint, so repeats skip the store. */
    private final Cache<MessageKey, String> recent = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterWrite(Duration.ofHours(1)).build();
    /** SMSC message id (canonical) -> message, filled at submit time, backed by the store. */
    private final Cache<String, MessageKey> correlation = Caffeine.newBuilder().maximumSize(1_000_000)
            .expireAfterAccess(Duration.ofHours(6)).build();
    /** Receipts whose submit_sm_resp has not been recorded yet, by every key they may match. */
    private final Map<String, PendingReceipt> orphans = new HashMap<>();
    private final Object orphanLock = new Object();
    private volatile SmsDispatcher dispatcher;
    private volatile WebhookDispatcher webhooks;

    private record PendingReceipt(String link, DeliveryReceipt receipt, List<String> keys) {
    }

    public MessagePipeline(MessageStore store, Clock clock, Executor background) {
        this.store = store;
        this.clock = clock;
        this.background = background;
    }

    public void connect(SmsDispatcher dispatcher, WebhookDispatcher webhooks) {
        this.dispatcher = dispatcher;
        this.webhooks = webhooks;
    }

    /** Loads what a previous run left unfinished and sends it on; call before the links start. */
    public int recover() {
        List<StoredMessage> pending = store.unfinished();
        for (StoredMessage m : pending) {
            InFlight f = new InFlight(m.key(), m.recipient(), m.body(), m.acceptedAt(), m.state(),
                    m.history().isEmpty() ? 0 : m.history().get(m.history().size() - 1).seq());
            if (m.partsTotal() > 0) {
                f.sizeParts(m.partsTotal());
                for (StoredMessage.Part p : m.parts()) {
                    if (p.partNo() < m.partsTotal()) {
                        f.partKeys[p.partNo()] = p.smscKey();
                        f.partStates[p.partNo()] = p.state();
                        correlation.put(p.smscKey(), m.key());
                    }
                }
            }
            inFlight.put(m.key(), f);
        }
        for (MessageStore.OrphanReceipt o : store.orphanReceipts()) {
            DeliveryReceipt r = new DeliveryReceipt(o.smscKey(), ReceiptStatus.fromWord(o.status()), o.error());
            List<String> keys = MessageIdKey.candidates(o.smscKey());
            synchronized (orphanLock) {
                for (String k : keys) {
                    orphans.put(k, new PendingReceipt(o.link(), r, keys));
                }
            }
        }
        GatewayMetrics.IN_FLIGHT.set(inFlight.size());
        int inDoubt = 0;
        for (InFlight f : inFlight.values()) {
            if (f.state == MessageState.SMS_QUEUED) {
                for (String k : f.partKeys.length == 0 ? new String[1] : f.partKeys) {
                    if (k == null) {
                        inDoubt++;
                        GatewayMetrics.RESENT_IN_DOUBT.inc();
                    }
                }
            }
            if (f.state == MessageState.ACCEPTED || f.state == MessageState.SMS_QUEUED) {
                dispatcher.enqueue(f);
            } else if (f.state == MessageState.SMS_SUBMITTED) {
                // receipts that came in while we were down were parked as orphans
                for (String k : f.partKeys) {
                    if (k != null) {
                        applyOrphan(k);
                    }
                }
            }
        }
        lastRecovery = new Recovery(pending.size(), inDoubt);
        return pending.size();
    }

    /** What the last {@link #recover()} found: unfinished messages, and parts sent before the stop whose outcome is unknown. */
    public record Recovery(int unfinished, int partsInDoubt) {
    }

    private volatile Recovery lastRecovery = new Recovery(0, 0);

    public Recovery lastRecovery() {
        return lastRecovery;
    }

    // ---- API side ----

    @Override
    public CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message) {
        String msgId = message.clientMsgId() != null ? message.clientMsgId() : UUID.randomUUID().toString();
        MessageKey key = new MessageKey(botId, msgId);
        if (message.clientMsgId() != null) {
            String seen = recent.getIfPresent(key);
            if (seen != null) {
                return CompletableFuture.completedFuture(answerRepeat(key, seen, message.fingerprint()));
            }
        }
        long now = clock.millis();
        return store.write(List.of(new StoreWrite.InsertMessage(key, message.fingerprint(), message.userContact().e164(),
                message.text(), now))).thenCompose(inserted -> {
            if (inserted.get(0)) {
                if (message.clientMsgId() != null) {
                    recent.put(key, message.fingerprint());
                }
                GatewayMetrics.ACCEPTED.labels(botId, "http").inc();
                InFlight f = new InFlight(key, message.userContact().e164(), message.text(), now, MessageState.ACCEPTED, 0);
                inFlight.put(key, f);
                GatewayMetrics.IN_FLIGHT.inc();
                dispatcher.enqueue(f);
                return CompletableFuture.completedFuture((AcceptResult) new AcceptResult.Accepted(msgId, false));
            }
            // someone stored this msgId before us: a repeat or a conflict, decided off the writer thread
            return CompletableFuture.supplyAsync(() -> {
                String fp = store.find(key, false).map(StoredMessage::fingerprint).orElse("");
                recent.put(key, fp);
                return answerRepeat(key, fp, message.fingerprint());
            }, background);
        });
    }

    private static AcceptResult answerRepeat(MessageKey key, String stored, String offered) {
        if (stored.equals(offered)) {
            GatewayMetrics.REPEATS.labels(key.botId()).inc();
            return new AcceptResult.Accepted(key.msgId(), true);
        }
        return new AcceptResult.Conflict(key.msgId());
    }

    @Override
    public Optional<MessageStatusView> status(String botId, String msgId) {
        return store.find(new MessageKey(botId, msgId), true).map(m -> new MessageStatusView(msgId, m.state().maapStatus(),
                m.state().name(), m.channel(), m.recipient(), m.acceptedAt(), m.history().stream()
                .map(e -> new MessageStatusView.HistoryEntry(e.state().name(), e.state().maapStatus(), e.reason(), e.at()))
                .toList()));
    }

    // ---- transitions ----

    /**
     * Moves the message (caller holds its monitor), adding the change and, when the bot is told
     * about it, its webhook event to {@code writes}.
     */
    private void move(InFlight f, MessageState to, String reason, List<StoreWrite> writes, List<Runnable> afterCommit) {
        long now = clock.millis();
        MessageLifecycle.move(f.state, to, reason, now);
        f.state = to;
        f.seq++;
        writes.add(new StoreWrite.Transition(f.key, f.seq, to, reason, Channel.SMS.wireName(), f.partKeys.length, now));
        GatewayMetrics.TRANSITIONS.labels(to.name(), reasonLabel(reason)).inc();
        if (StatusEvent.notifies(to) && webhooks.wants(f.key.botId())) {
            String eventId = EventIds.next(now);
            String payload = StatusEvent.payload(eventId, f.key.msgId(), f.recipient, to, Channel.SMS.wireName(), reason, now);
            writes.add(new StoreWrite.EnqueueWebhook(eventId, f.key, f.seq, payload, now));
            var entry = new io.rcsgw.gateway.store.MessageStore.OutboxEntry(eventId, f.key, f.seq, payload, 0, now, now);
            afterCommit.add(() -> webhooks.offer(entry));
        }
        if (to.isFinal()) {
            inFlight.remove(f.key);
            GatewayMetrics.IN_FLIGHT.dec();
            GatewayMetrics.FINAL.labels(Channel.SMS.wireName(), to.name()).inc();
            GatewayMetrics.END_TO_END.labels(Channel.SMS.wireName()).observe((now - f.acceptedAt) / 1000.0);
        }
    }

    private static String reasonLabel(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, Math.min(reason.length(), colon + 1 + 8));
    }

    /** Queues the writes; the caller holds the message's monitor, so its changes reach the store in order. */
    private CompletableFuture<List<Boolean>> commit(InFlight f, List<StoreWrite> writes, List<Runnable> afterCommit) {
        return commit(writes, afterCommit);
    }

    private CompletableFuture<List<Boolean>> commit(List<StoreWrite> writes, List<Runnable> afterCommit) {
        if (writes.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<Boolean>> f = store.write(writes);
        if (!afterCommit.isEmpty()) {
            f.thenRun(() -> afterCommit.forEach(Runnable::run));
        }
        return f;
    }

    // ---- dispatcher callbacks ----

    /**
     * The dispatcher is about to submit: ACCEPTED becomes SMS_QUEUED with the part count. The
     * submit waits until this is stored: after a crash, ACCEPTED then means "never sent" and
     * SMS_QUEUED with parts not acknowledged means "the SMSC may have it", so only those are
     * counted as sent again in doubt. Returns null when there was nothing to store.
     */
    CompletableFuture<?> queued(InFlight f, int parts) {
        List<StoreWrite> writes = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        synchronized (f) {
            f.sizeParts(parts);
            if (f.state != MessageState.ACCEPTED) {
                return null;
            }
            f.queuedAt = clock.millis();
            move(f, MessageState.SMS_QUEUED, "channel:sms", writes, after);
            return commit(f, writes, after);
        }
    }

    /** The SMSC acknowledged one part; the future completes when that is durable. */
    CompletableFuture<?> partAccepted(InFlight f, int part, String link, String smscId) {
        String smscKey = MessageIdKey.canonical(smscId);
        List<StoreWrite> writes = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        CompletableFuture<?> stored;
        synchronized (f) {
            f.partKeys[part] = smscKey;
            if (f.partStates[part] == null) {
                f.partStates[part] = "SUBMITTED";
            }
            writes.add(new StoreWrite.InsertPart(smscKey, smscId, link, f.key, part, clock.millis()));
            if (f.state == MessageState.SMS_QUEUED && f.allPartsAcknowledged()) {
                move(f, MessageState.SMS_SUBMITTED, "smsc:accepted", writes, after);
            }
            stored = commit(f, writes, after);
        }
        correlation.put(smscKey, f.key);
        applyOrphan(smscKey);
        synchronized (f) {
            settleIfDone(f);
        }
        return stored;
    }

    /** One part failed for good; the message fails with it. */
    void partFailed(InFlight f, MessageState to, String reason) {
        List<StoreWrite> writes = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        synchronized (f) {
            if (!f.state.isFinal() && MessageLifecycle.canMove(f.state, to)) {
                move(f, to, reason, writes, after);
            }
            commit(f, writes, after);
        }
    }

    // ---- receipts ----

    @Override
    public void onDeliveryReceipt(String link, DeliveryReceipt receipt) throws Exception {
        GatewayMetrics.RECEIPTS.labels(link, receipt.status().name()).inc();
        if (!receipt.status().isFinal()) {
            return; // intermediate (ENROUTE, ACCEPTD...): nothing changes for the client
        }
        List<String> keys = MessageIdKey.candidates(receipt.messageId());
        for (String k : keys) {
            MessageKey owner = correlation.getIfPresent(k);
            if (owner != null) {
                apply(owner, k, receipt).get();
                return;
            }
        }
        for (String k : keys) {
            Optional<MessageStore.PartRef> part = store.findPart(k);
            if (part.isPresent()) {
                correlation.put(k, part.get().key());
                apply(part.get().key(), k, receipt).get();
                return;
            }
        }
        // Park it, unless its submit_sm_resp was recorded meanwhile. Only the decision and the
        // queueing happen under the lock: waiting for the store there would block partAccepted,
        // which may run on the store's completer thread, and with it the store itself.
        PendingReceipt parked = new PendingReceipt(link, receipt, keys);
        MessageKey owner = null;
        String hit = null;
        CompletableFuture<List<Boolean>> stored = null;
        synchronized (orphanLock) {
            for (String k : keys) {
                owner = correlation.getIfPresent(k);
                if (owner != null) {
                    hit = k;
                    break;
                }
            }
            if (owner == null) {
                for (String k : keys) {
                    orphans.put(k, parked);
                }
                // queued under the lock, so it commits before the delete that a later match queues
                stored = store.write(List.of(new StoreWrite.PutOrphanReceipt(keys.get(0), link, receipt.status().name(),
                        receipt.errorCode(), clock.millis())));
            }
        }
        if (owner != null) {
            apply(owner, hit, receipt).get();
        } else {
            GatewayMetrics.ORPHAN_RECEIPTS.inc();
            stored.get();
        }
    }

    /** A part was just registered: a receipt may have been waiting for it. */
    private void applyOrphan(String smscKey) {
        PendingReceipt p;
        synchronized (orphanLock) {
            p = orphans.remove(smscKey);
            if (p != null) {
                p.keys().forEach(orphans::remove);
            }
        }
        if (p != null) {
            MessageKey owner = correlation.getIfPresent(smscKey);
            if (owner != null) {
                apply(owner, smscKey, p.receipt());
                store.write(List.of(new StoreWrite.DeleteOrphanReceipt(p.keys().get(0))));
            }
        }
    }

    private CompletableFuture<List<Boolean>> apply(MessageKey owner, String smscKey, DeliveryReceipt receipt) {
        List<StoreWrite> writes = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        long now = clock.millis();
        writes.add(new StoreWrite.UpdatePart(smscKey, receipt.status().name(), receipt.errorCode(), now));
        InFlight f = inFlight.get(owner);
        if (f == null) {
            return commit(writes, after); // message already final: keep the part's outcome only
        }
        synchronized (f) {
            int i = f.partIndex(smscKey);
            if (i >= 0) {
                f.partStates[i] = receipt.status().name();
            }
            settle(f, writes, after);
            return commit(f, writes, after);
        }
    }

    private void settleIfDone(InFlight f) {
        List<StoreWrite> writes = new ArrayList<>();
        List<Runnable> after = new ArrayList<>();
        settle(f, writes, after);
        commit(f, writes, after);
    }

    /** Once submitted: delivered when every part is, failed as soon as one part fails. */
    private void settle(InFlight f, List<StoreWrite> writes, List<Runnable> after) {
        if (f.state != MessageState.SMS_SUBMITTED) {
            return;
        }
        boolean all = true;
        for (String s : f.partStates) {
            if (s == null || s.equals("SUBMITTED")) {
                all = false;
                continue;
            }
            ReceiptStatus st = ReceiptStatus.valueOf(s);
            if (st != ReceiptStatus.DELIVRD) {
                MessageState to = switch (st) {
                    case EXPIRED -> MessageState.EXPIRED;
                    case REJECTD -> MessageState.REJECTED;
                    default -> MessageState.UNDELIVERABLE;
                };
                move(f, to, "receipt:" + st.name(), writes, after);
                return;
            }
        }
        if (all) {
            move(f, MessageState.DELIVERED, "receipt:DELIVRD", writes, after);
        }
    }

    @Override
    public void onLinkState(String link, boolean bound) {
        GatewayMetrics.LINK_BOUND.labels(link).set(bound ? 1 : 0);
    }

    public int inFlightCount() {
        return inFlight.size();
    }
}
