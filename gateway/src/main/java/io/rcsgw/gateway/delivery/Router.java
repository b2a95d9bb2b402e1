package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.rules.lifecycle.RevokeOutcome;
import io.rcsgw.rules.lifecycle.RevokePurpose;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.Capabilities;
import io.rcsgw.rules.routing.ChannelDecision;
import io.rcsgw.rules.routing.Check;
import io.rcsgw.rules.routing.Decider;
import io.rcsgw.rules.routing.FallbackPolicy;
import io.rcsgw.rules.routing.Narrowing;
import io.rcsgw.rules.routing.PlatformHealth;
import io.rcsgw.rules.routing.Rule;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.Selection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Carries out channel decisions: asks the rules (interworking-rules) how a message goes, looks
 * the handset's capabilities up only when the rule could use RCS, and hands the message to the
 * RCS leg or the SMS leg, or ends it when neither may take it. It is also the legs the tracker
 * hands work to (SMS after a fallback, revokes, decisions due again).
 */
final class Router implements Legs {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final Rules rules;
    /** Null when no RCS platform is configured: every message goes SMS. */
    private final RcsLeg rcs;
    private final SmsDispatcher sms;
    private final Tracker tracker;
    private final Clock clock;

    Router(Rules rules, RcsLeg rcs, SmsDispatcher sms, Tracker tracker, Legs.Handoff handoff, Clock clock) {
        this.rules = rules;
        this.rcs = rcs;
        this.sms = sms;
        this.tracker = tracker;
        this.clock = clock;
        handoff.bind(this);
    }

    /** Decides how an accepted message goes and sends it on its way. */
    void route(InFlight f) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        Selection.Matched matched;
        synchronized (f) {
            if (f.state != MessageState.ACCEPTED) {
                return; // revoked or expired meanwhile
            }
            Rule rule = f.rule == null ? null : rules.set().named(f.rule);
            if (rule != null && rule.match().window() != null && rule.match().outside() == io.rcsgw.rules.routing.OutsideWindow.DEFER
                    && !rule.match().window().contains(now)) {
                // its window is shut again (a restart after it closed, say): it waits for the next opening
                List<StoreWrite> writes = new ArrayList<>(1);
                tracker.arm(f, TimerKind.DEFER, rule.match().window().nextOpening(now).toEpochMilli(), writes);
                tracker.commit(writes, List.of());
                return;
            }
            if (rule == null) {
                // its rule was reloaded away (or it predates rules): the rules in force decide
                Selection s = rules.set().select(f.facts, now);
                if (s instanceof Selection.Deferred d) {
                    List<StoreWrite> writes = new ArrayList<>(1);
                    f.rule = d.rule().name();
                    tracker.arm(f, TimerKind.DEFER, d.until().toEpochMilli(), writes);
                    tracker.commit(writes, List.of());
                    return;
                }
                rule = s.rule();
                f.selectionTrace = s.trace();
                f.rule = rule.name();
            }
            if (f.action == null) {
                f.action = Narrowing.effective(rule.action(), f.facts.requested());
                f.sender = f.action.sms().sender();
                f.validity = f.action.sms().validity();
            }
            matched = new Selection.Matched(rule, f.selectionTrace.isEmpty()
                    ? List.of(new Check("rule", rule.name() + " (kept from acceptance)", true)) : f.selectionTrace);
        }
        decision(f.facts, matched).thenAccept(d -> decided(f, d)).exceptionally(e -> {
            log.error("message {}: decision failed", f.id, e);
            return null;
        });
    }

    /** The channel a message goes under its matched rule, looking capabilities up only when the rule could use RCS. */
    CompletableFuture<ChannelDecision> decision(MessageFacts facts, Selection.Matched matched) {
        PlatformHealth health = rcs == null ? PlatformHealth.NONE : rcs.health();
        if (Decider.needsCapabilities(facts, matched.rule(), health)) {
            return rcs.lookup(facts.botId(), facts.destination()).thenApply(caps -> Decider.channel(facts, caps, health, matched));
        }
        return CompletableFuture.completedFuture(Decider.channel(facts, Capabilities.NOT_ASKED, health, matched));
    }

    private void decided(InFlight f, ChannelDecision d) {
        List<StoreWrite> writes = new ArrayList<>(2);
        List<Runnable> after = new ArrayList<>(1);
        boolean toRcs = false;
        synchronized (f) {
            if (f.state != MessageState.ACCEPTED) {
                return;
            }
            f.decision = Decision.of(d);
            f.decisionDirty = true;
            GatewayMetrics.DECISIONS.labels(d.channel(), d.reason()).inc();
            if (d instanceof ChannelDecision.Rcs r) {
                f.degraded = r.degraded();
                f.upgraded = r.upgraded();
                if (r.upgraded()) {
                    // it was on its way to SMS: whatever stops RCS now sends it as SMS
                    f.action = f.action.withFallback(FallbackPolicy.all(f.action.fallback().undeliveredAfter() != null
                            ? f.action.fallback().undeliveredAfter() : Rules.FALLBACK_ACTION.fallback().undeliveredAfter()));
                }
                f.channel = Channel.RCS;
                toRcs = true;
            } else if (d instanceof ChannelDecision.Sms s) {
                f.smsReason = s.reason();
                f.channel = Channel.SMS;
                if (s.fallback() != null) {
                    GatewayMetrics.FALLBACKS.labels(s.reason().substring("fallback:".length())).inc();
                }
                after.add(() -> sms.enqueue(f));
            } else {
                tracker.move(f, MessageState.FAILED, d.reason(), writes, after);
            }
            tracker.commit(writes, after);
        }
        if (toRcs) {
            rcs.send(f);
        }
    }

    @Override
    public void sendSms(InFlight f) {
        sms.enqueue(f);
    }

    @Override
    public void revoke(InFlight f, RevokePurpose purpose) {
        if (rcs == null) {
            tracker.on(f, new MessageEvent.RevokeAnswered(purpose, RevokeOutcome.UNKNOWN));
        } else {
            rcs.revoke(f, purpose);
        }
    }

    @Override
    public void decide(InFlight f) {
        route(f);
    }

    @Override
    public void ended(InFlight f) {
        sms.released(f);
    }
}
