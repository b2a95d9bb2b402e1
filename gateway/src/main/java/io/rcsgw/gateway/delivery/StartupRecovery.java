package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.gateway.webhook.StatusEvent;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.Conversation;
import io.rcsgw.rules.routing.Narrowing;
import io.rcsgw.rules.routing.Rule;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Start-up: loads what a previous run left open from the store and sends it on where it
 * stopped: webhook events not yet taken, messages to decide, SMS to submit (parts the SMSC may
 * have are counted as in doubt), RCS messages waiting for their events, receipts parked before
 * their part was recorded, and every stored deadline re-armed (those passed fire at once).
 */
final class StartupRecovery {

    private final MessageStore store;
    private final OpenMessages open;
    private final Tracker tracker;
    private final Router router;
    private final SmsDispatcher sms;
    private final ReceiptCorrelator receipts;
    private final Charging charging;
    private final WebhookDispatcher webhooks;
    private final Rules rules;
    private final Function<String, Duration> receiptTimeoutOfLink;
    private final Clock clock;

    /** Null when no bot is prepaid. */
    private final Credit credit;
    /** This node's id in a cluster: it resumes only the messages it owns (null: every open message). */
    private final String owner;

    StartupRecovery(MessageStore store, OpenMessages open, Tracker tracker, Router router, SmsDispatcher sms,
                    ReceiptCorrelator receipts, Charging charging, Credit credit, WebhookDispatcher webhooks, Rules rules,
                    Function<String, Duration> receiptTimeoutOfLink, String owner, Clock clock) {
        this.owner = owner;
        this.credit = credit;
        this.store = store;
        this.open = open;
        this.tracker = tracker;
        this.router = router;
        this.sms = sms;
        this.receipts = receipts;
        this.charging = charging;
        this.webhooks = webhooks;
        this.rules = rules;
        this.receiptTimeoutOfLink = receiptTimeoutOfLink;
        this.clock = clock;
    }

    /** Call before the links start. */
    Delivery.Recovery recover() {
        // conversations that may still be open: rating needs them before any message is final
        charging.resume(store.conversationsSince(clock.millis() - Conversation.WINDOW.toMillis()));
        // prepaid balances, and what the unfinished messages hold of them
        Map<Long, java.math.BigDecimal> holds = credit == null ? Map.of()
                : credit.load(store.creditAccounts(), store.creditHolds());
        List<StoredMessage> stored = owner == null ? store.unfinished() : store.unfinished(owner);
        Taken taken = take(stored, holds);
        receipts.resume(store.orphanReceipts());
        int events = taken.events() + relayPending();
        for (InFlight f : taken.resumed()) {
            carryOn(f);
        }
        return new Delivery.Recovery(stored.size(), taken.inDoubt(), events);
    }

    /**
     * Messages another node owned, which this one took over from it (that node's lease ran out):
     * resumed as at a start, their pending webhook events offered again.
     */
    Delivery.Recovery adopt(List<Long> ids) {
        List<StoredMessage> stored = new ArrayList<>(ids.size());
        for (long id : ids) {
            store.findById(id).ifPresent(stored::add);
        }
        Map<Long, java.math.BigDecimal> holds = new java.util.HashMap<>();
        if (credit != null) {
            for (MessageStore.CreditHold h : store.creditHolds()) {
                holds.put(h.id(), h.amount());
            }
        }
        Taken taken = take(stored, holds);
        for (InFlight f : taken.resumed()) {
            carryOn(f);
        }
        return new Delivery.Recovery(stored.size(), taken.inDoubt(), taken.events());
    }

    /** The prepaid holds a dead node reserved for messages it never stored, released; how many. */
    int releaseHoldsOf(String node) {
        return credit == null ? 0 : credit.releaseOrphansOf(node);
    }

    /** This node's users' events stored but not yet relayed to their bots (or ESMEs): offered again; how many. */
    int relayPending() {
        return relay(store.pendingRelays(owner));
    }

    /** The pending users' events of {@code from} (null: of no node), a dead node, made this node's and offered. */
    int relayClaimed(String from) {
        return relay(store.claimRelays(from, owner));
    }

    private int relay(List<MessageStore.PendingRelay> pending) {
        int events = 0;
        for (MessageStore.PendingRelay r : pending) {
            if (webhooks.wants(r.botId())) {
                webhooks.offer(new WebhookEvent.Relay(r.botId(), r.eventId(), r.userContact(),
                        r.payload().getBytes(StandardCharsets.UTF_8), r.receivedAt()));
                events++;
            } else {
                store.write(List.of(new StoreWrite.RelaySettled(r.botId(), r.eventId())));
            }
        }
        return events;
    }

    private record Taken(List<InFlight> resumed, int inDoubt, int events) {
    }

    /** The stored open messages as live ones (final ones with webhook events pending offer them and close). */
    private Taken take(List<StoredMessage> stored, Map<Long, java.math.BigDecimal> holds) {
        int inDoubt = 0;
        int events = 0;
        List<StoreWrite> closing = new ArrayList<>();
        List<InFlight> resumed = new ArrayList<>();
        for (StoredMessage m : stored) {
            boolean pendingHooks = false;
            boolean upgraded = m.decision() != null && m.decision().contains("\"reason\":\"upgrade:rcs\"");
            if (webhooks.wants(m.key().botId())) {
                String channel = m.channel() != null ? m.channel() : Channel.SMS.wireName();
                for (StoredMessage.Event e : m.history()) {
                    if (e.seq() > m.hookedSeq() && StatusEvent.notifies(e.state(), upgraded)) {
                        webhooks.offer(new WebhookEvent.Status(m.id(), m.key(), e.seq(), m.recipient(), e.state(), channel,
                                e.reason(), e.at(), Resumed.clientContext(Resumed.read(m.content())), m.rule(), upgraded));
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
            InFlight f = resume(m, upgraded);
            f.hold = holds.get(m.id());
            sms.resumed(f);
            if (f.state == MessageState.SMS_QUEUED) {
                for (String k : f.partKeys.length == 0 ? new String[1] : f.partKeys) {
                    if (k == null) {
                        inDoubt++;
                        GatewayMetrics.RESENT_IN_DOUBT.inc();
                    }
                }
            }
            open.add(f);
            resumed.add(f);
        }
        if (!closing.isEmpty()) {
            store.write(closing).join();
        }
        return new Taken(resumed, inDoubt, events);
    }

    /** The live state of a stored open message, with its rule's action as it narrowed it. */
    private InFlight resume(StoredMessage m, boolean upgraded) {
        InFlight f = Resumed.inFlight(m);
        Rule rule = f.rule == null ? null : rules.set().named(f.rule);
        if (rule != null) {
            f.action = Narrowing.effective(rule.action(), f.facts.requested());
        } else if (f.state != MessageState.ACCEPTED) {
            f.action = Rules.FALLBACK_ACTION; // decided under a rule reloaded away since: the plain behaviour
        }
        if (f.action != null) {
            String esme = Resumed.esmeSource(Resumed.read(m.content()));
            f.sender = esme != null ? esme : f.action.sms().sender();
            f.validity = f.action.sms().validity();
            java.time.Instant expires = Narrowing.expiresAt(f.action, f.facts.requested(), java.time.Instant.ofEpochMilli(m.acceptedAt()));
            f.expiresAt = expires == null ? null : expires.toEpochMilli();
        } else if (f.deadlines.containsKey(TimerKind.EXPIRY)) {
            f.expiresAt = f.deadlines.get(TimerKind.EXPIRY);
        }
        f.upgraded = upgraded;
        f.rcsSent = m.history().stream().anyMatch(e -> e.state() == MessageState.RCS_SENT);
        f.degraded = m.decision() != null && m.decision().contains("\"reason\":\"channel:rcs-degraded\"");
        f.decision = m.decision() == null ? null : Decision.parse(m.decision());
        f.concatReference = m.concatReference();
        if (m.partsTotal() > 0) {
            f.sizeParts(m.partsTotal());
            for (StoredMessage.Part p : m.parts()) {
                if (p.partNo() < m.partsTotal() && p.smscKey() != null && !p.smscKey().isEmpty()) {
                    f.partKeys[p.partNo()] = p.smscKey();
                    f.partStates[p.partNo()] = p.state();
                    f.link = p.link(); // the rest of its parts follow the ones already sent
                    open.awaitReceipt(p.smscKey(), new MessageStore.PartRef(m.id(), p.partNo(), p.link()));
                }
            }
        }
        // a message stored before deadlines were: its undelivered timeout counts from when it was sent on RCS
        if (f.state == MessageState.RCS_SENT && !f.deadlines.containsKey(TimerKind.UNDELIVERED) && f.action != null
                && f.action.fallback().undeliveredAfter() != null) {
            for (StoredMessage.Event e : m.history()) {
                if (e.state() == MessageState.RCS_SENT) {
                    f.deadlines.put(TimerKind.UNDELIVERED, e.at() + f.action.fallback().undeliveredAfter().toMillis());
                }
            }
        }
        if (f.state == MessageState.SMS_SUBMITTED && !f.deadlines.containsKey(TimerKind.RECEIPT)) {
            // stored before deadlines were: its receipt deadline counts from now, and is stored, so restarts do not move it
            f.deadlines.put(TimerKind.RECEIPT, clock.millis() + receiptTimeoutOfLink.apply(f.link).toMillis());
            store.write(List.of(new StoreWrite.SetDeadlines(f.id, Deadlines.encode(f.deadlines))));
        }
        return f;
    }

    private void carryOn(InFlight f) {
        tracker.resume(f);
        switch (f.state) {
            case ACCEPTED -> {
                if (!f.deadlines.containsKey(TimerKind.DEFER)) {
                    // its RCS send, if there was one, is repeated with the same msgId: the platform drops a repeat
                    router.route(f);
                }
            }
            case SMS_QUEUED -> sms.enqueue(f);
            case RCS_SENT -> open.onRcs(f); // waits for the platform's events, or its deadlines
            case SMS_SUBMITTED -> {
                // receipts that came in while we were down were parked as orphans
                for (int i = 0; i < f.partKeys.length; i++) {
                    if (f.partKeys[i] != null) {
                        receipts.claim(f.partKeys[i], new MessageStore.PartRef(f.id, i, null));
                    }
                }
            }
            default -> {
            }
        }
    }
}
