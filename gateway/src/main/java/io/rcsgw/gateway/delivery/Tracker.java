package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.webhook.StatusEvent;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.rules.lifecycle.Effect;
import io.rcsgw.rules.lifecycle.Lifecycle;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.rules.lifecycle.Move;
import io.rcsgw.rules.lifecycle.Step;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageLifecycle;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one writer of state transitions: applies an event to a message through the life cycle
 * (interworking-rules), stores the moves it makes with their reasons, keeps the message's
 * durable deadlines, rates it once it is final, hands the bot's status events to the webhooks
 * once stored, and has the legs do what the step calls for. Callers that change a message hold
 * its monitor, so its writes reach the store in the order its changes happened.
 */
final class Tracker {

    private static final Logger log = LoggerFactory.getLogger(Tracker.class);

    private final MessageStore store;
    private final OpenMessages open;
    private final Charging charging;
    private final WebhookDispatcher webhooks;
    private final Legs legs;
    private final Clock clock;
    private final Deadlines deadlines;
    /** Late events stored per message at most (a platform that repeats one for ever is counted, not stored). */
    static final int MAX_LATE = 20;

    Tracker(MessageStore store, OpenMessages open, Charging charging, WebhookDispatcher webhooks, Legs legs,
            ScheduledExecutorService scheduler, Clock clock) {
        this.store = store;
        this.open = open;
        this.charging = charging;
        this.webhooks = webhooks;
        this.legs = legs;
        this.clock = clock;
        this.deadlines = new Deadlines(scheduler, clock, this::fired);
    }

    /** Applies the event and stores what it changed; what it calls for runs once that is durable. */
    CompletableFuture<List<Boolean>> on(InFlight f, MessageEvent e) {
        List<StoreWrite> writes = new ArrayList<>(3);
        List<Runnable> after = new ArrayList<>(2);
        synchronized (f) {
            apply(f, e, writes, after);
            return commit(writes, after);
        }
    }

    /** Applies the event, adding its writes and after-commit work (caller holds f's monitor and commits). */
    void apply(InFlight f, MessageEvent e, List<StoreWrite> writes, List<Runnable> after) {
        Step step = Lifecycle.on(f.snapshot(), e, Instant.ofEpochMilli(clock.millis()));
        if (step.late() != null) {
            // e.g. delivered after a revoke, or after it fell back to SMS: recorded in the log and counted, never applied
            GatewayMetrics.LATE_EVENTS.labels(lateLabel(e)).inc();
            log.warn("message {}: {} came too late ({}); not applied", f.id, e.getClass().getSimpleName(), step.late());
            if (f.lateRecorded++ < MAX_LATE) {
                writes.add(new StoreWrite.RecordLate(f.id, "rcs " + step.late(), clock.millis()));
            }
        }
        for (Move mv : step.moves()) {
            if (!MessageLifecycle.canMove(f.state, mv.to())) {
                log.error("message {}: the life cycle asked for {} -> {}; not applied", f.id, f.state, mv.to());
                return;
            }
            move(f, mv.to(), mv.reason(), writes, after);
        }
        for (Effect effect : step.effects()) {
            if (effect instanceof Effect.Arm a) {
                arm(f, a.kind(), a.at().toEpochMilli(), writes);
            } else if (effect instanceof Effect.Disarm d) {
                disarm(f, d.kind(), writes);
            } else if (effect instanceof Effect.SendSms s) {
                toSms(f, s.reason(), writes, after);
            } else if (effect instanceof Effect.Revoke r) {
                f.revoking = r.purpose();
                after.add(() -> legs.revoke(f, r.purpose()));
            } else if (effect instanceof Effect.Decide) {
                after.add(() -> legs.decide(f));
            }
        }
    }

    private static String lateLabel(MessageEvent e) {
        return e instanceof MessageEvent.RcsStatus s ? s.status().name().toLowerCase(java.util.Locale.ROOT) : "other";
    }

    /** It goes SMS after all, for {@code reason} (caller holds the monitor). */
    void toSms(InFlight f, String reason, List<StoreWrite> writes, List<Runnable> after) {
        if (f.state.isFinal() || f.state == MessageState.SMS_QUEUED || f.state == MessageState.SMS_SUBMITTED) {
            return; // revoked meanwhile, or already on its way as SMS
        }
        f.smsReason = reason;
        f.channel = Channel.SMS;
        open.offRcs(f);
        disarm(f, TimerKind.UNDELIVERED, writes);
        if (f.decision != null && !"sms".equals(f.decision.channel())) {
            f.decision = f.decision.fellBack(reason, new Check("fallback", reason, true));
            f.decisionDirty = true;
        }
        GatewayMetrics.DECISIONS.labels(Channel.SMS.wireName(), reason).inc();
        if (reason.startsWith("fallback:")) {
            GatewayMetrics.FALLBACKS.labels(reason.substring("fallback:".length())).inc();
        }
        after.add(() -> legs.sendSms(f));
    }

    /**
     * Moves the message (caller holds its monitor), adding the change to {@code writes} and,
     * when the bot is told about it, the hand-off of its webhook event to {@code after}.
     */
    void move(InFlight f, MessageState to, String reason, List<StoreWrite> writes, List<Runnable> after) {
        long now = clock.millis();
        boolean wasFinal = f.state.isFinal();
        MessageLifecycle.move(f.state, to, reason, now);
        f.state = to;
        f.seq++;
        f.rcsSent |= to == MessageState.RCS_SENT;
        String channel = (f.channel == null ? Channel.SMS : f.channel).wireName();
        boolean hooked = StatusEvent.notifies(to, f.upgraded) && webhooks.wants(f.key.botId());
        // a final message stays open until the webhook event that reports it is settled
        writes.add(new StoreWrite.Transition(f.id, f.seq, to, reason, channel, f.partKeys.length, now,
                to.isFinal() && !hooked));
        if (f.decisionDirty && f.decision != null) {
            writes.add(new StoreWrite.SetDecision(f.id, f.decision.json()));
            f.decisionDirty = false;
        }
        if (wasFinal && hooked) {
            writes.add(new StoreWrite.Reopen(f.id)); // e.g. displayed after delivered: its event must survive a restart
        }
        GatewayMetrics.TRANSITIONS.labels(to.name(), reasonLabel(reason)).inc();
        if (hooked) {
            WebhookEvent event = new WebhookEvent.Status(f.id, f.key, f.seq, f.recipient, to, channel, reason, now,
                    f.clientContext, f.rule, f.upgraded);
            after.add(() -> webhooks.offer(event));
        }
        if (to.isFinal() && !wasFinal) {
            deadlines.cancelAll(f);
            if (!f.deadlines.isEmpty()) {
                f.deadlines.clear();
                writes.add(new StoreWrite.SetDeadlines(f.id, ""));
            }
            charging.rate(f, to, now, writes);
            legs.ended(f);
            open.finished(f);
            GatewayMetrics.FINAL.labels(channel, to.name()).inc();
            GatewayMetrics.END_TO_END.labels(channel).observe((now - f.acceptedAt) / 1000.0);
        }
    }

    /** Sets a durable deadline (caller holds the monitor); its timer runs from now. */
    void arm(InFlight f, TimerKind kind, long at, List<StoreWrite> writes) {
        f.deadlines.put(kind, at);
        writes.add(new StoreWrite.SetDeadlines(f.id, Deadlines.encode(f.deadlines)));
        deadlines.schedule(f, kind, at);
    }

    void disarm(InFlight f, TimerKind kind, List<StoreWrite> writes) {
        deadlines.cancel(f, kind);
        if (f.deadlines.remove(kind) != null) {
            writes.add(new StoreWrite.SetDeadlines(f.id, Deadlines.encode(f.deadlines)));
        }
    }

    /** A resumed message's stored deadlines get their timers again (those passed fire at once). */
    void resume(InFlight f) {
        synchronized (f) {
            f.deadlines.forEach((kind, at) -> deadlines.schedule(f, kind, at));
        }
    }

    private void fired(InFlight f, TimerKind kind, long at) {
        List<StoreWrite> writes = new ArrayList<>(2);
        List<Runnable> after = new ArrayList<>(1);
        synchronized (f) {
            Long current = f.deadlines.get(kind);
            if (current == null || current != at || f.state.isFinal()) {
                return; // moved or cleared since
            }
            f.timers.remove(kind);
            f.deadlines.remove(kind);
            writes.add(new StoreWrite.SetDeadlines(f.id, Deadlines.encode(f.deadlines)));
            GatewayMetrics.TIMERS_FIRED.labels(kind.wireName()).inc();
            apply(f, new MessageEvent.TimerFired(kind), writes, after);
            commit(writes, after);
        }
    }

    private static String reasonLabel(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, Math.min(reason.length(), colon + 1 + 8));
    }

    /** Queues the writes (the caller holds the message's monitor, so its changes reach the store in order). */
    CompletableFuture<List<Boolean>> commit(List<StoreWrite> writes, List<Runnable> after) {
        if (writes.isEmpty()) {
            after.forEach(Runnable::run);
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<Boolean>> f = store.write(writes);
        if (!after.isEmpty()) {
            f.thenRun(() -> after.forEach(Runnable::run));
        }
        return f;
    }
}
