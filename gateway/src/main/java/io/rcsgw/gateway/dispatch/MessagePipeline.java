package io.rcsgw.gateway.dispatch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rcsgw.gateway.cdr.CdrCsv;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.gateway.webhook.StatusEvent;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.MessageStatusView;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rcs.api.PlatformEvent;
import io.rcsgw.rcs.api.PlatformEventSink;
import io.rcsgw.rcs.platform.CapabilityCache;
import io.rcsgw.rcs.platform.PlatformException;
import io.rcsgw.rcs.platform.RcsPlatform;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageLifecycle;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.ChargingRecord;
import io.rcsgw.rules.rating.Conversation;
import io.rcsgw.rules.rating.Outcome;
import io.rcsgw.rules.rating.Rater;
import io.rcsgw.rules.rating.Rating;
import io.rcsgw.rules.rating.TariffTable;
import io.rcsgw.smpp.MobileOriginated;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.receipt.DeliveryReceipt;
import io.rcsgw.smpp.receipt.MessageIdKey;
import io.rcsgw.smpp.receipt.ReceiptStatus;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The message life cycle between the API, the store, the SMSC links and the webhooks: accepts
 * messages (durably, deduplicated by client msgId), hands them to the dispatcher, applies
 * submit outcomes and delivery receipts through the state machine, and hands the bot's status
 * events to the webhooks once the change they report is stored.
 */
public final class MessagePipeline implements MessagingService, SmscListener, PlatformEventSink {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessagePipeline.class);

    private final MessageStore store;
    private final Clock clock;
    private final Executor background;
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    /** Recently accepted client msgIds and their content fingerprint, so repeats skip the store. */
    private final Cache<MessageKey, String> recent = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(30)).build();
    /**
     * SMSC name / canonical SMSC message id -> part, for every acknowledged part of a message
     * that is not final yet: a receipt for it is matched here, never lost and never looked up
     * in the store. Exact, not a size-bounded cache: a cache may drop an entry between the
     * submit_sm_resp and the commit of the part, and a receipt arriving then would be parked as
     * an orphan that nothing matches again. Receipts for final messages (repeats, late ones) go
     * to the store.
     */
    private final Map<String, MessageStore.PartRef> partsAwaitingReceipts = new ConcurrentHashMap<>();
    /** Receipts whose submit_sm_resp has not been recorded yet, by every key they may match. */
    private final Map<String, PendingReceipt> orphans = new HashMap<>();
    private final Object orphanLock = new Object();
    private volatile SmsDispatcher dispatcher;
    /** The RCS leg; null when no RCS platform is configured (every message goes SMS). */
    private volatile RcsDispatcher rcs;
    private volatile Duration rcsDeliveryTimeout = Duration.ofMinutes(15);
    private volatile ScheduledExecutorService timers;
    /** RCS messages by key while the platform may still report on them; platform events name messages by msgId. */
    private final Map<MessageKey, InFlight> rcsByKey = new ConcurrentHashMap<>();
    /** Messages that just became final: a displayed may follow a delivered, a late status a revoke. */
    private final Cache<MessageKey, InFlight> recentlyFinal = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(15)).build();
    /** Ids of platform status events seen lately (bot + id), so that a repeat is not counted again. */
    private final Cache<String, Boolean> recentStatusEvents = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterWrite(Duration.ofMinutes(30)).build();
    private volatile WebhookDispatcher webhooks;
    /** Rates every message once it is final into a charging data record; null: no CDRs are written. */
    private volatile TariffTable tariffs;
    /** Each bot's conversation with each user who wrote to it (bot + '\n' + user), while it may be open. */
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger conversationsOpened = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Map<String, String> smscByLink = Map.of();
    private volatile Map<String, String> botByNumber = Map.of();
    private final java.util.Set<String> everBound = ConcurrentHashMap.newKeySet();

    private record PendingReceipt(String link, DeliveryReceipt receipt, List<String> keys, long receivedAt) {
    }

    /** What {@link #recover()} found: open messages, SMS parts sent before the stop whose outcome is unknown, webhook events resent. */
    public record Recovery(int unfinished, int partsInDoubt, int webhookEvents) {
    }

    public MessagePipeline(MessageStore store, Clock clock, Executor background) {
        this.store = store;
        this.clock = clock;
        this.background = background;
    }

    /**
     * @param smscByLink the SMSC each link (bind) belongs to: SMSC message ids are unique per SMSC
     *                   only, and a receipt may come back on another bind of the same SMSC
     */
    public void connect(SmsDispatcher dispatcher, WebhookDispatcher webhooks, Map<String, String> smscByLink) {
        connect(dispatcher, null, null, webhooks, smscByLink);
    }

    /** With an RCS platform (and its capability cache): messages go RCS where the handset can take it. */
    public void connect(SmsDispatcher dispatcher, RcsPlatform platform, CapabilityCache capabilities, WebhookDispatcher webhooks,
                        Map<String, String> smscByLink) {
        this.rcs = platform == null ? null : new RcsDispatcher(this, platform, capabilities);
        this.dispatcher = dispatcher;
        this.webhooks = webhooks;
        this.smscByLink = Map.copyOf(smscByLink);
    }

    /** Every message that becomes final from now on is rated with these tariffs and gets a CDR. */
    public void rateWith(TariffTable tariffs) {
        this.tariffs = tariffs;
    }

    private String smscOf(String link) {
        return smscByLink.getOrDefault(link, link);
    }

    /** The correlation keys a receipt's id may match: each form of the id, qualified by its SMSC. */
    private List<String> receiptKeys(String link, String messageId) {
        String smsc = smscOf(link) + "/";
        return MessageIdKey.candidates(messageId).stream().map(k -> smsc + k).toList();
    }

    /** Loads what a previous run left open and sends it on; call before the links start. */
    public Recovery recover() {
        // conversations that may still be open: rating needs them before any message is final
        long since = clock.millis() - Conversation.WINDOW.toMillis();
        for (MessageStore.StoredConversation c : store.conversationsSince(since)) {
            conversations.put(conversationKey(c.botId(), c.userContact()), new Conversation(c.openedAt(), c.charged()));
        }
        List<StoredMessage> open = store.unfinished();
        int inDoubt = 0;
        int events = 0;
        List<StoreWrite> closing = new ArrayList<>();
        for (StoredMessage m : open) {
            String channel = m.channel() != null ? m.channel() : Channel.SMS.wireName();
            boolean pendingHooks = false;
            if (webhooks.wants(m.key().botId())) {
                for (StoredMessage.Event e : m.history()) {
                    if (e.seq() > m.hookedSeq() && StatusEvent.notifies(e.state())) {
                        webhooks.offer(new WebhookEvent.Status(m.id(), m.key(), e.seq(), m.recipient(), e.state(), channel,
                                e.reason(), e.at(), clientContext(m.content())));
                        pendingHooks = true;
                        events++;
                    }
                }
            }
            if (m.state().isFinal()) {
                if (!pendingHooks) { // e.g. the bot's webhook was removed from the config meanwhile
                    closing.add(new StoreWrite.HookSettled(m.id(), m.lastSeq(), true, clock.millis()));
                }
                continue;
            }
            InFlight f = new InFlight(m.id(), m.key(), m.recipient(), m.body(), m.acceptedAt(), m.state(), m.lastSeq(),
                    m.content(), clientContext(m.content()));
            f.channel = m.channel() == null ? null : Channel.valueOf(m.channel().toUpperCase(java.util.Locale.ROOT));
            for (StoredMessage.Event e : m.history()) {
                if (e.state() == MessageState.RCS_SENT) {
                    f.rcsSentAt = e.at(); // its delivery timeout counts from here
                }
            }
            f.concatReference = m.concatReference();
            if (m.partsTotal() > 0) {
                f.sizeParts(m.partsTotal());
                for (StoredMessage.Part p : m.parts()) {
                    if (p.partNo() < m.partsTotal() && p.smscKey() != null && !p.smscKey().isEmpty()) {
                        f.partKeys[p.partNo()] = p.smscKey();
                        f.partStates[p.partNo()] = p.state();
                        f.link = p.link(); // the rest of its parts follow the ones already sent
                        if (!f.state.isFinal()) {
                            partsAwaitingReceipts.put(p.smscKey(), new MessageStore.PartRef(m.id(), p.partNo(), p.link()));
                        }
                    }
                }
            }
            dispatcher.resumed(f);
            if (f.state == MessageState.SMS_QUEUED) {
                for (String k : f.partKeys.length == 0 ? new String[1] : f.partKeys) {
                    if (k == null) {
                        inDoubt++;
                        GatewayMetrics.RESENT_IN_DOUBT.inc();
                    }
                }
            }
            inFlight.put(m.id(), f);
        }
        if (!closing.isEmpty()) {
            store.write(closing).join();
        }
        for (MessageStore.OrphanReceipt o : store.orphanReceipts()) {
            DeliveryReceipt r = new DeliveryReceipt(o.smscKey(), ReceiptStatus.fromWord(o.status()), o.error());
            List<String> keys = receiptKeys(o.link(), o.smscKey().substring(o.smscKey().indexOf('/') + 1));
            synchronized (orphanLock) {
                for (String k : keys) {
                    orphans.put(k, new PendingReceipt(o.link(), r, keys, o.receivedAt()));
                }
            }
        }
        GatewayMetrics.IN_FLIGHT.set(inFlight.size());
        for (MessageStore.PendingRelay r : store.pendingRelays()) {
            if (webhooks.wants(r.botId())) {
                webhooks.offer(new WebhookEvent.Relay(r.botId(), r.eventId(), r.userContact(),
                        r.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.receivedAt()));
                events++;
            } else {
                store.write(List.of(new StoreWrite.RelaySettled(r.botId(), r.eventId())));
            }
        }
        for (InFlight f : inFlight.values()) {
            if (f.state == MessageState.ACCEPTED) {
                route(f); // its RCS send, if there was one, is repeated with the same msgId: the platform drops a repeat
            } else if (f.state == MessageState.SMS_QUEUED) {
                dispatcher.enqueue(f);
            } else if (f.state == MessageState.RCS_SENT) {
                rcsByKey.put(f.key, f); // waits for the platform's events, or its delivery timeout
                armDeliveryTimeout(f, Math.max(0, f.rcsSentAt + rcsDeliveryTimeout.toMillis() - clock.millis()));
            } else if (f.state == MessageState.SMS_SUBMITTED) {
                // receipts that came in while we were down were parked as orphans
                for (int i = 0; i < f.partKeys.length; i++) {
                    if (f.partKeys[i] != null) {
                        applyOrphan(f.partKeys[i], new MessageStore.PartRef(f.id, i, null));
                    }
                }
            }
        }
        return new Recovery(open.size(), inDoubt, events);
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
        long id = store.newMessageId();
        return store.write(List.of(new StoreWrite.InsertMessage(id, key, message.fingerprint(), message.userContact().e164(),
                message.smsText(), now, message.content()))).thenCompose(inserted -> {
            if (inserted.get(0)) {
                if (message.clientMsgId() != null) {
                    recent.put(key, message.fingerprint());
                }
                GatewayMetrics.ACCEPTED.labels(botId, "http").inc();
                InFlight f = new InFlight(id, key, message.userContact().e164(), message.smsText(), now, MessageState.ACCEPTED, 0,
                        message.content(), message.clientContext());
                inFlight.put(id, f);
                GatewayMetrics.IN_FLIGHT.inc();
                route(f);
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
                .toList(), m.parts().stream()
                .map(p -> new MessageStatusView.Part(p.partNo() + 1, p.state(), p.link(), p.error())).toList()));
    }

    // ---- transitions ----

    /**
     * Moves the message (caller holds its monitor), adding the change to {@code writes} and,
     * when the bot is told about it, the hand-off of its webhook event to {@code afterCommit}.
     */
    private void move(InFlight f, MessageState to, String reason, List<StoreWrite> writes, List<Runnable> afterCommit) {
        long now = clock.millis();
        boolean wasFinal = f.state.isFinal();
        MessageLifecycle.move(f.state, to, reason, now);
        f.state = to;
        f.seq++;
        String channel = (f.channel == null ? Channel.SMS : f.channel).wireName();
        boolean hooked = StatusEvent.notifies(to) && webhooks.wants(f.key.botId());
        // a final message stays open until the webhook event that reports it is settled
        writes.add(new StoreWrite.Transition(f.id, f.seq, to, reason, channel, f.partKeys.length, now,
                to.isFinal() && !hooked));
        if (wasFinal && hooked) {
            writes.add(new StoreWrite.Reopen(f.id)); // e.g. displayed after delivered: its event must survive a restart
        }
        GatewayMetrics.TRANSITIONS.labels(to.name(), reasonLabel(reason)).inc();
        if (hooked) {
            WebhookEvent event = new WebhookEvent.Status(f.id, f.key, f.seq, f.recipient, to, channel, reason, now, f.clientContext);
            afterCommit.add(() -> webhooks.offer(event));
        }
        if (to.isFinal() && !wasFinal) {
            TariffTable t = tariffs;
            if (t != null) {
                chargingRecord(f, to, t, now, writes);
            }
            dispatcher.released(f);
            inFlight.remove(f.id);
            for (String k : f.partKeys) {
                if (k != null) {
                    partsAwaitingReceipts.remove(k);
                }
            }
            if (rcsByKey.containsKey(f.key)) {
                recentlyFinal.put(f.key, f); // first: a platform event looks here once rcsByKey no longer has it
                rcsByKey.remove(f.key);
            }
            GatewayMetrics.IN_FLIGHT.dec();
            GatewayMetrics.FINAL.labels(channel, to.name()).inc();
            GatewayMetrics.END_TO_END.labels(channel).observe((now - f.acceptedAt) / 1000.0);
        }
    }

    /**
     * Rates the final outcome; the record (and a conversation it charged) is stored with the final
     * state, in the same transaction.
     */
    private void chargingRecord(InFlight f, MessageState to, TariffTable tariffs, long now, List<StoreWrite> writes) {
        Channel channel = f.channel == null ? Channel.SMS : f.channel;
        Conversation.Share[] share = {Conversation.Share.NONE};
        if (channel == Channel.RCS && (to == MessageState.DELIVERED || to == MessageState.DISPLAYED)) {
            Conversation c = conversations.computeIfPresent(conversationKey(f.key.botId(), f.recipient), (k, open) -> {
                share[0] = Conversation.share(open, now);
                return share[0] == Conversation.Share.CHARGED_HERE ? open.charge() : open;
            });
            if (share[0] == Conversation.Share.CHARGED_HERE) {
                writes.add(new StoreWrite.PutConversation(f.key.botId(), f.recipient, c.openedAt(), true));
            }
        }
        Rating rating = Rater.rate(new Outcome(channel, to, f.content != null, f.body.codePointCount(0, f.body.length()),
                channel == Channel.SMS ? f.acknowledgedParts() : 0, share[0]), tariffs.forBot(f.key.botId()));
        GatewayMetrics.RATED_UNITS.labels(rating.category().name()).inc(rating.units());
        if (rating.amount().signum() > 0) {
            GatewayMetrics.RATED_AMOUNT.labels(rating.category().name(), rating.currency()).inc(rating.amount().doubleValue());
        }
        ChargingRecord record = new ChargingRecord(f.id, f.key.botId(), f.key.msgId(), f.recipient, channel, to,
                f.acceptedAt, now, rating);
        writes.add(new StoreWrite.InsertCdr(f.id, now, CdrCsv.line(record)));
    }

    private static String conversationKey(String botId, String userContact) {
        return botId + '\n' + userContact;
    }

    /** The user wrote to the bot: a conversation opens unless one is open (stored with the event). */
    private void userWrote(String botId, String userContact, long now, List<StoreWrite> writes) {
        Conversation[] opened = {null};
        conversations.compute(conversationKey(botId, userContact), (k, current) -> {
            Conversation next = Conversation.onUserMessage(current, now);
            if (next != current) {
                opened[0] = next;
            }
            return next;
        });
        if (opened[0] != null) {
            writes.add(new StoreWrite.PutConversation(botId, userContact, opened[0].openedAt(), false));
            if (conversationsOpened.incrementAndGet() % 1000 == 0) {
                conversations.values().removeIf(c -> !c.isOpen(now)); // the ones that ended
            }
        }
    }

    private static String reasonLabel(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, Math.min(reason.length(), colon + 1 + 8));
    }

    /** Queues the writes (the caller holds the message's monitor, so its changes reach the store in order). */
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
        List<StoreWrite> writes = new ArrayList<>(1);
        List<Runnable> after = new ArrayList<>(0);
        synchronized (f) {
            f.sizeParts(parts);
            if (f.state != MessageState.ACCEPTED && f.state != MessageState.RCS_SENT) {
                return null;
            }
            f.channel = Channel.SMS;
            move(f, MessageState.SMS_QUEUED, f.smsReason, writes, after);
            return commit(writes, after);
        }
    }

    /** A long message got its concatenation reference: stored, so a resumed message keeps it. */
    CompletableFuture<?> referenceChosen(InFlight f) {
        return store.write(List.of(new StoreWrite.SetConcatReference(f.id, f.concatReference)));
    }

    /** The SMSC acknowledged one part; the future completes when that is durable. */
    CompletableFuture<?> partAccepted(InFlight f, int part, String link, String smscId) {
        String smscKey = smscOf(link) + "/" + MessageIdKey.canonical(smscId);
        MessageStore.PartRef ref = new MessageStore.PartRef(f.id, part, link);
        List<StoreWrite> writes = new ArrayList<>(3);
        List<Runnable> after = new ArrayList<>(1);
        CompletableFuture<?> stored;
        synchronized (f) {
            f.partKeys[part] = smscKey;
            f.partAckedAt[part] = clock.millis();
            if (f.partStates[part] == null) {
                f.partStates[part] = "SUBMITTED";
            }
            writes.add(new StoreWrite.InsertPart(smscKey, smscId, link, f.id, part, clock.millis()));
            if (!f.state.isFinal()) {
                // before the orphan check below, and under the message's monitor, so a message
                // that becomes final meanwhile takes its keys out again (see move)
                partsAwaitingReceipts.put(smscKey, ref);
            }
            if (f.state == MessageState.SMS_QUEUED && f.allPartsAcknowledged()) {
                move(f, MessageState.SMS_SUBMITTED, "smsc:accepted", writes, after);
                settle(f, writes, after); // parts may have their receipts already (a resumed message)
            }
            stored = commit(writes, after);
        }
        applyOrphan(smscKey, ref);
        return stored;
    }

    /** One part failed for good; the message fails with it. */
    void partFailed(InFlight f, MessageState to, String reason) {
        List<StoreWrite> writes = new ArrayList<>(1);
        List<Runnable> after = new ArrayList<>(1);
        synchronized (f) {
            if (!f.state.isFinal() && MessageLifecycle.canMove(f.state, to)) {
                move(f, to, reason, writes, after);
            }
            commit(writes, after);
        }
    }

    // ---- the RCS leg ----

    /** Where a message goes first: the RCS leg when there is one, SMS otherwise. */
    private void route(InFlight f) {
        RcsDispatcher r = rcs;
        if (r == null) {
            GatewayMetrics.DECISIONS.labels(Channel.SMS.wireName(), "channel:sms").inc();
            dispatcher.enqueue(f);
        } else {
            r.offer(f);
        }
    }

    /** It goes SMS after all, for {@code reason} (fallback:not-capable, fallback:breaker-open, fallback:rcs-failed...). */
    void fallback(InFlight f, String reason) {
        synchronized (f) {
            if (f.earlyStored != null) { // statuses for a send that failed after all: nothing to apply
                f.earlyStored.complete(null);
                f.earlyStored = null;
                f.earlyStatuses = null;
            }
            if (f.state.isFinal() || f.state == MessageState.SMS_QUEUED || f.state == MessageState.SMS_SUBMITTED) {
                return; // revoked meanwhile, or already on its way as SMS
            }
            f.smsReason = reason;
            f.channel = Channel.SMS;
            rcsByKey.remove(f.key);
        }
        // fallback reasons are a small fixed set (platform failure kinds), so they are labels as they are
        GatewayMetrics.DECISIONS.labels(Channel.SMS.wireName(), reason).inc();
        GatewayMetrics.FALLBACKS.labels(reason.substring(reason.indexOf(':') + 1)).inc();
        dispatcher.enqueue(f);
    }

    /** Its send to the platform starts: from now on the platform's events for it find it. */
    void rcsSending(InFlight f) {
        rcsByKey.put(f.key, f);
    }

    /** The platform took the message: RCS_SENT, and statuses that raced ahead of this are applied now. */
    void rcsSent(InFlight f) {
        List<StoreWrite> writes = new ArrayList<>(2);
        List<Runnable> after = new ArrayList<>(2);
        boolean revokeNow = false;
        synchronized (f) {
            if (f.state == MessageState.ACCEPTED) {
                f.channel = Channel.RCS;
                move(f, MessageState.RCS_SENT, "channel:rcs", writes, after);
                GatewayMetrics.DECISIONS.labels(Channel.RCS.wireName(), "channel:rcs").inc();
                armDeliveryTimeout(f, rcsDeliveryTimeout.toMillis());
                if (f.earlyStatuses != null) {
                    for (String status : f.earlyStatuses) {
                        applyStatus(f, status, writes, after);
                    }
                    f.earlyStatuses = null;
                }
            } else if (f.state == MessageState.CANCELLED) {
                revokeNow = true; // the bot revoked it while it was being sent
            }
            CompletableFuture<List<Boolean>> stored = commit(writes, after);
            if (f.earlyStored != null) {
                CompletableFuture<Void> early = f.earlyStored;
                f.earlyStored = null;
                stored.whenComplete((x, e) -> {
                    if (e != null) {
                        early.completeExceptionally(e);
                    } else {
                        early.complete(null);
                    }
                });
            }
        }
        if (revokeNow) {
            rcs.platform().revoke(f.key.botId(), f.key.msgId(), f.recipient);
        }
    }

    /**
     * Sets how long an RCS message may stay undelivered before it is revoked and sent as SMS,
     * and where that timer runs. Timers are re-armed from the stored history after a restart.
     */
    public void rcsDeliveryTimeout(Duration timeout, ScheduledExecutorService timers) {
        this.rcsDeliveryTimeout = timeout;
        this.timers = timers;
    }

    private void armDeliveryTimeout(InFlight f, long delayMillis) {
        ScheduledExecutorService t = timers;
        if (t != null) {
            t.schedule(() -> deliveryTimedOut(f), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Not delivered in time: the platform is asked to revoke it, and once it has (or cannot be
     * asked: better twice than never) the message goes SMS. When the platform says it is too
     * late to revoke, it was delivered, and its delivered event is on its way.
     */
    private void deliveryTimedOut(InFlight f) {
        synchronized (f) {
            if (f.state != MessageState.RCS_SENT) {
                return;
            }
        }
        rcs.platform().revoke(f.key.botId(), f.key.msgId(), f.recipient).whenComplete((revoked, e) -> {
            if (e != null || revoked) {
                fallback(f, "fallback:rcs-undelivered");
            } else {
                log.debug("message {} could not be revoked after its delivery timeout: delivered meanwhile", f.id);
            }
        });
    }

    /** A platform status for an RCS message (caller holds its monitor). */
    private void applyStatus(InFlight f, String status, List<StoreWrite> writes, List<Runnable> after) {
        switch (status) {
            case "delivered" -> {
                if (f.state == MessageState.RCS_SENT) {
                    move(f, MessageState.DELIVERED, "rcs:delivered", writes, after);
                } else {
                    late(f, status);
                }
            }
            case "displayed" -> {
                if (f.state == MessageState.RCS_SENT) {
                    // displayed overtook delivered (or the platform sends no delivered): it was delivered too
                    move(f, MessageState.DELIVERED, "rcs:displayed", writes, after);
                }
                if (f.state == MessageState.DELIVERED) {
                    move(f, MessageState.DISPLAYED, "rcs:displayed", writes, after);
                } else {
                    late(f, status);
                }
            }
            case "failed" -> {
                if (f.state == MessageState.RCS_SENT) {
                    f.smsReason = "fallback:rcs-failed";
                    f.channel = Channel.SMS;
                    rcsByKey.remove(f.key);
                    GatewayMetrics.DECISIONS.labels(Channel.SMS.wireName(), "fallback:rcs-failed").inc();
                    GatewayMetrics.FALLBACKS.labels("rcs-failed").inc();
                    after.add(() -> dispatcher.enqueue(f));
                } else {
                    late(f, status);
                }
            }
            default -> throw new IllegalArgumentException(status);
        }
    }

    private void late(InFlight f, String status) {
        if (f.state == MessageState.DISPLAYED && (status.equals("delivered") || status.equals("displayed"))) {
            return; // a repeat, or delivered overtaken by displayed: nothing new
        }
        if (f.state == MessageState.DELIVERED && status.equals("delivered")) {
            return;
        }
        // e.g. delivered after a revoke, or after it fell back to SMS: recorded in the log and counted, never applied
        GatewayMetrics.LATE_EVENTS.labels(status).inc();
        log.warn("RCS status {} for message {} arrived in state {} ({}); not applied", status, f.id, f.state,
                f.channel == null ? "-" : f.channel.wireName());
    }

    @Override
    public CompletableFuture<Void> onEvent(String botId, PlatformEvent event) {
        if (event instanceof PlatformEvent.Status st) {
            return onStatus(botId, st);
        }
        PlatformEvent.FromUser u = (PlatformEvent.FromUser) event;
        boolean relayed = webhooks.wants(botId);
        String payload = relayed ? new String(u.payload(), java.nio.charset.StandardCharsets.UTF_8) : null;
        long now = clock.millis();
        List<StoreWrite> writes = new ArrayList<>(2);
        writes.add(new StoreWrite.InsertPlatformEvent(botId, u.eventId(), u.type(), u.userContact(), payload, now));
        if (tariffs != null && !u.type().equals("isTyping")) {
            userWrote(botId, u.userContact(), now, writes);
        }
        return store.write(writes).thenAccept(fresh -> {
                    GatewayMetrics.PLATFORM_EVENTS.labels(fresh.get(0) ? u.type() : "duplicate").inc();
                    if (fresh.get(0) && relayed) {
                        webhooks.offer(new WebhookEvent.Relay(botId, u.eventId(), u.userContact(), u.payload(), clock.millis()));
                    }
                });
    }

    /**
     * A status moves the message through the state machine, and the answer waits until that
     * change is stored. Statuses need no stored event id: the state machine makes a repeat a
     * no-op (delivered twice is delivered), and recent ids are remembered so it is not counted twice.
     */
    private CompletableFuture<Void> onStatus(String botId, PlatformEvent.Status st) {
        MessageKey key = new MessageKey(botId, st.msgId());
        if (recentStatusEvents.asMap().putIfAbsent(botId + '\n' + st.eventId(), Boolean.TRUE) != null) {
            GatewayMetrics.PLATFORM_EVENTS.labels("duplicate").inc();
            return CompletableFuture.completedFuture(null);
        }
        GatewayMetrics.PLATFORM_EVENTS.labels("messageStatus:" + st.status()).inc();
        InFlight f = rcsByKey.get(key);
        if (f == null) {
            f = recentlyFinal.getIfPresent(key);
        }
        if (f == null) {
            return CompletableFuture.supplyAsync(() -> store.find(key, true), background)
                    .thenCompose(m -> m.isEmpty() ? CompletableFuture.<Void>completedFuture(null) : lateFromStore(m.get(), st));
        }
        List<StoreWrite> writes = new ArrayList<>(3);
        List<Runnable> after = new ArrayList<>(2);
        synchronized (f) {
            if (f.state == MessageState.ACCEPTED) {
                // the platform reports before its answer to the send came back: rcsSent applies
                // this, and the platform's answer waits until that is stored
                if (f.earlyStatuses == null) {
                    f.earlyStatuses = new ArrayList<>(2);
                    f.earlyStored = new CompletableFuture<>();
                }
                f.earlyStatuses.add(st.status());
                return f.earlyStored;
            } else {
                applyStatus(f, st.status(), writes, after);
            }
            return commit(writes, after).thenApply(x -> null);
        }
    }

    /** A status for a message no longer in memory: only displayed after delivered changes anything. */
    private CompletableFuture<Void> lateFromStore(StoredMessage m, PlatformEvent.Status st) {
        if (m.state() == MessageState.DELIVERED && st.status().equals("displayed") && "rcs".equals(m.channel())) {
            InFlight f = new InFlight(m.id(), m.key(), m.recipient(), m.body(), m.acceptedAt(), m.state(), m.lastSeq(),
                    m.content(), clientContext(m.content()));
            f.channel = Channel.RCS;
            InFlight raced = recentlyFinal.asMap().putIfAbsent(m.key(), f);
            InFlight owner = raced != null ? raced : f;
            List<StoreWrite> writes = new ArrayList<>(3);
            List<Runnable> after = new ArrayList<>(1);
            synchronized (owner) {
                if (owner.state == MessageState.DELIVERED) {
                    move(owner, MessageState.DISPLAYED, "rcs:displayed", writes, after);
                }
                return commit(writes, after).thenApply(x -> null);
            }
        }
        if (!(m.state() == MessageState.DISPLAYED || (m.state() == MessageState.DELIVERED && st.status().equals("delivered")))) {
            GatewayMetrics.LATE_EVENTS.labels(st.status()).inc();
            log.warn("RCS status {} for message {} arrived in state {}; not applied", st.status(), m.id(), m.state());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Optional<RevokeResult>> revoke(String botId, String msgId) {
        MessageKey key = new MessageKey(botId, msgId);
        return CompletableFuture.supplyAsync(() -> store.find(key, false), background).thenCompose(stored -> {
            if (stored.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<RevokeResult>empty());
            }
            InFlight f = inFlight.get(stored.get().id());
            if (f == null) {
                MessageState s = stored.get().state();
                return CompletableFuture.completedFuture(Optional.of(new RevokeResult(s == MessageState.CANCELLED, s.maapStatus(), s.name())));
            }
            synchronized (f) {
                if (f.state == MessageState.ACCEPTED) {
                    // not out yet on either channel: the dispatchers skip a final message
                    return cancel(f, "revoked");
                }
                if (f.state != MessageState.RCS_SENT || rcs == null) {
                    // SMS cannot be recalled once it is queued for an SMSC (nor RCS with the platform gone from the config)
                    return CompletableFuture.completedFuture(Optional.of(new RevokeResult(false, f.state.maapStatus(), f.state.name())));
                }
            }
            return rcs.platform().revoke(botId, msgId, f.recipient).thenCompose(revoked -> {
                synchronized (f) {
                    if (revoked && f.state == MessageState.RCS_SENT) {
                        return cancel(f, "revoked:rcs");
                    }
                    return CompletableFuture.completedFuture(Optional.of(new RevokeResult(false, f.state.maapStatus(), f.state.name())));
                }
            });
        });
    }

    /** Caller holds f's monitor. */
    private CompletableFuture<Optional<RevokeResult>> cancel(InFlight f, String reason) {
        List<StoreWrite> writes = new ArrayList<>(1);
        List<Runnable> after = new ArrayList<>(1);
        move(f, MessageState.CANCELLED, reason, writes, after);
        return commit(writes, after).thenApply(x -> Optional.of(new RevokeResult(true, MessageState.CANCELLED.maapStatus(),
                MessageState.CANCELLED.name())));
    }

    @Override
    public CompletableFuture<Void> displayed(String botId, String msgId, String userContact) {
        RcsDispatcher r = rcs;
        if (r == null) {
            return CompletableFuture.failedFuture(new PlatformException.Unavailable("rcs-disabled", "no RCS platform is configured", null));
        }
        return r.platform().displayed(botId, msgId, userContact);
    }

    @Override
    public CompletableFuture<Void> isTyping(String botId, String userContact) {
        RcsDispatcher r = rcs;
        if (r == null) {
            return CompletableFuture.failedFuture(new PlatformException.Unavailable("rcs-disabled", "no RCS platform is configured", null));
        }
        return r.platform().isTyping(botId, userContact);
    }

    @Override
    public CompletableFuture<List<CapabilityView>> capabilities(String botId, List<String> userContacts) {
        RcsDispatcher r = rcs;
        List<CompletableFuture<CapabilityView>> each = new ArrayList<>();
        for (String c : userContacts) {
            if (r == null) {
                each.add(CompletableFuture.completedFuture(new CapabilityView(c, false, List.of(), null)));
                continue;
            }
            each.add(r.capabilities().lookup(botId, c).handle((cap, e) -> e != null
                    ? new CapabilityView(c, false, List.of(), RcsDispatcher.reason(e))
                    : new CapabilityView(c, cap.capable(), cap.features().stream().sorted().toList(), null)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(x -> each.stream().map(CompletableFuture::join).toList());
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The bot's clientContext from stored content, or null. */
    static String clientContext(String content) {
        if (content == null) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode c = JSON.readTree(content).path("gateway").get("clientContext");
            return c == null || c.isNull() ? null : c.asText();
        } catch (Exception e) {
            return null;
        }
    }

    // ---- receipts ----

    @Override
    public void onDeliveryReceipt(String link, DeliveryReceipt receipt) throws Exception {
        GatewayMetrics.RECEIPTS.labels(link, receipt.status().name()).inc();
        if (!receipt.status().isFinal()) {
            return; // intermediate (ENROUTE, ACCEPTD...): nothing changes for the client
        }
        List<String> keys = receiptKeys(link, receipt.messageId());
        for (String k : keys) {
            MessageStore.PartRef part = partsAwaitingReceipts.get(k);
            if (part != null) {
                apply(part, receipt).get();
                return;
            }
        }
        for (String k : keys) {
            Optional<MessageStore.PartRef> part = store.findPart(k);
            if (part.isPresent()) {
                apply(part.get(), receipt).get();
                return;
            }
        }
        // Park it, unless its submit_sm_resp was recorded meanwhile. Only the decision and the
        // queueing happen under the lock: waiting for the store there would block partAccepted,
        // which may run on the store's completer thread, and with it the store itself.
        long now = clock.millis();
        PendingReceipt parked = new PendingReceipt(link, receipt, keys, now);
        MessageStore.PartRef owner = null;
        CompletableFuture<List<Boolean>> stored = null;
        synchronized (orphanLock) {
            for (String k : keys) {
                owner = partsAwaitingReceipts.get(k);
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
            apply(owner, receipt).get();
        } else {
            GatewayMetrics.ORPHAN_RECEIPTS.inc();
            stored.get();
        }
    }

    /**
     * Retention: receipts parked before {@code before} (epoch millis) that no part ever claimed
     * are dropped, here and in the store. Returns how many.
     */
    public int expireOrphanReceipts(long before) {
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

    /** A part was just registered: a receipt may have been waiting for it. */
    private void applyOrphan(String smscKey, MessageStore.PartRef part) {
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
        InFlight f = inFlight.get(part.id());
        if (f == null) {
            return commit(writes, after); // message already final: keep the part's outcome only
        }
        synchronized (f) {
            if (part.partNo() < f.partStates.length) {
                f.partStates[part.partNo()] = receipt.status().name();
                long acked = f.partAckedAt[part.partNo()];
                if (acked > 0 && part.link() != null) {
                    GatewayMetrics.RECEIPT_SECONDS.labels(part.link()).observe((now - acked) / 1000.0);
                }
            }
            settle(f, writes, after);
            return commit(writes, after);
        }
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

    /** Which bot a mobile-originated SMS is for: by the number it was sent to (bots' numeric senders). */
    public void routeMobileOriginated(Map<String, String> botByNumber) {
        this.botByNumber = Map.copyOf(botByNumber);
    }

    /**
     * A mobile-originated SMS. Sent to a bot's number (its numeric sender), it reaches the bot's
     * webhook as a MaaP {@code message} event, marked as SMS, through the same stored outbox as
     * the RCS platform's user events; stored before the SMSC is answered. Binary messages and
     * ones for no bot are counted and logged (without content or the full number).
     */
    @Override
    public void onMobileOriginated(MobileOriginated mo) {
        GatewayMetrics.MOBILE_ORIGINATED.labels(mo.link(), mo.partial() ? "partial" : "complete").inc();
        log.debug("mobile-originated message on {} from ...{} in {} parts{}", mo.link(),
                mo.source().length() > 4 ? mo.source().substring(mo.source().length() - 4) : "", mo.parts(),
                mo.partial() ? ", missing " + mo.missing() : "");
        String bot = botByNumber.get(mo.destination().startsWith("+") ? mo.destination().substring(1) : mo.destination());
        String digits = mo.source().startsWith("+") ? mo.source().substring(1) : mo.source();
        if (bot == null || mo.text() == null || !webhooks.wants(bot) || !io.rcsgw.rules.model.Msisdn.isValid("+" + digits)) {
            return;
        }
        String contact = "+" + digits;
        String eventId = "sms-" + UUID.randomUUID();
        long now = clock.millis();
        byte[] json = MobileOriginatedEvent.payload(eventId, mo.text(), contact, now, mo.link(), mo.partial());
        store.write(List.of(new StoreWrite.InsertPlatformEvent(bot, eventId, "sms-mo", contact,
                new String(json, java.nio.charset.StandardCharsets.UTF_8), now))).join();
        webhooks.offer(new WebhookEvent.Relay(bot, eventId, contact, json, now));
    }

    @Override
    public void onThrottled(String link) {
        GatewayMetrics.THROTTLES.labels(link).inc();
    }

    @Override
    public void onLinkState(String link, boolean bound) {
        GatewayMetrics.LINK_BOUND.labels(link).set(bound ? 1 : 0);
        if (bound && !everBound.add(link)) {
            GatewayMetrics.RECONNECTS.labels(link).inc();
        }
    }

    /** Age in seconds of the oldest message not yet final (0 when none), for the "too old" alert. */
    public double oldestOpenSeconds() {
        long oldest = Long.MAX_VALUE;
        for (InFlight f : inFlight.values()) {
            oldest = Math.min(oldest, f.acceptedAt);
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }
}
