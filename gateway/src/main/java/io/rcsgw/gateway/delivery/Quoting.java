package io.rcsgw.gateway.delivery;

import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rcs.api.Quote;
import io.rcsgw.rcs.api.QuoteResult;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.Leg;
import io.rcsgw.rules.rating.Rating;
import io.rcsgw.rules.routing.ChannelDecision;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.Selection;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Prices a message without sending it: the same rule, SMS text and channel decision an accept
 * would make now, rated as the charge that would follow a delivery over RCS, or an SMSC taking
 * every SMS segment, with the bot's conversations as they stand. Nothing is stored.
 */
final class Quoting {

    private final Acceptor acceptor;
    private final Router router;
    private final Charging charging;
    private final SmsProfile profile;
    private final Clock clock;

    Quoting(Acceptor acceptor, Router router, Charging charging, SmsProfile profile, Clock clock) {
        this.acceptor = acceptor;
        this.router = router;
        this.charging = charging;
        this.profile = profile;
        this.clock = clock;
    }

    CompletableFuture<QuoteResult> quote(String botId, OutboundMessage message) {
        if (!charging.enabled()) {
            return CompletableFuture.completedFuture(new QuoteResult.NotOffered("rating is off on this gateway (cdr.enabled)"));
        }
        long now = clock.millis();
        MessageFacts facts = Acceptor.facts(botId, message, now);
        Object taken = acceptor.take(message, facts, now);
        if (taken instanceof AcceptResult.Refused r) {
            return CompletableFuture.completedFuture(new QuoteResult.Refused(r.field(), r.detail(), r.tooLong()));
        }
        Acceptor.Taken t = (Acceptor.Taken) taken;
        // a message its rule defers is priced as if its window were open
        Selection.Matched matched = t.selection() instanceof Selection.Matched m ? m
                : new Selection.Matched(t.selection().rule(), t.selection().trace());
        return router.decision(facts, matched).thenApply(d -> priced(facts, t, d, now));
    }

    private QuoteResult priced(MessageFacts facts, Acceptor.Taken t, ChannelDecision d, long now) {
        String botId = facts.botId();
        String to = facts.destination();
        int segments = SmsSegmenter.segment(t.smsText(), profile).segmentCount();
        Leg sms = Leg.mt(Channel.SMS, MessageState.DELIVERED, Charging.measure(t.smsText(), facts, true), to, segments);
        if (d instanceof ChannelDecision.Rcs r) {
            Leg rcs = Leg.mt(Channel.RCS, MessageState.DELIVERED, Charging.measure(t.smsText(), facts, r.degraded()), to, 0);
            if (r.upgraded()) {
                rcs = rcs.asUpgraded();
            }
            boolean fallback = r.upgraded() || t.action().mayUseSms();
            return new QuoteResult.Quoted(new Quote(leg(charging.quote(botId, rcs, now), rcs),
                    fallback ? leg(charging.quote(botId, sms.asFallback(), now), sms) : null));
        }
        if (d instanceof ChannelDecision.Sms) {
            return new QuoteResult.Quoted(new Quote(leg(charging.quote(botId, sms, now), sms), null));
        }
        if (d instanceof ChannelDecision.Refuse r) {
            return new QuoteResult.Refused(r.field(), r.detail(), false);
        }
        // neither channel may take it (its rule is RCS only and the handset has none, say): it would fail, at no cost
        return new QuoteResult.Refused("messageContact.userContact", d.reason(), false);
    }

    private static Quote.Leg leg(Rating r, Leg leg) {
        return new Quote.Leg(leg.channel().wireName(), r.category().name(), leg.segments(), r.units(),
                r.amount().toPlainString(), r.currency(), r.tariff(), r.version());
    }
}
