package io.rcsgw.rules.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * What a rule does with the messages it matches: the channel policy, when RCS gives way to SMS,
 * how the SMS reads, the longest a message may live ({@code maxTtl}, null: no limit), whether an
 * SMS-bound text may go as RCS to a capable handset ({@code upgrade}), and what a missing
 * receipt means.
 */
public record RuleAction(ChannelPolicy channel, FallbackPolicy fallback, SmsOptions sms, Duration maxTtl, boolean upgrade,
                         ReceiptPolicy receipts) {

    public RuleAction {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(sms, "sms");
        Objects.requireNonNull(receipts, "receipts");
        if (channel == ChannelPolicy.RCS_ONLY) {
            fallback = FallbackPolicy.none(fallback.missingFeature());
        }
        if (maxTtl != null && (maxTtl.isNegative() || maxTtl.isZero())) {
            throw new IllegalArgumentException("maxTtl must be positive");
        }
    }

    /** Today's behaviour: RCS first, every fallback on, SMS after {@code undeliveredAfter}. */
    public static RuleAction rcsFirst(Duration undeliveredAfter) {
        return new RuleAction(ChannelPolicy.RCS_FIRST, FallbackPolicy.all(undeliveredAfter), SmsOptions.DEFAULT, null, false,
                ReceiptPolicy.DEFAULT);
    }

    public RuleAction withChannel(ChannelPolicy c) {
        return new RuleAction(c, fallback, sms, maxTtl, upgrade, receipts);
    }

    public RuleAction withFallback(FallbackPolicy f) {
        return new RuleAction(channel, f, sms, maxTtl, upgrade, receipts);
    }

    public RuleAction withSms(SmsOptions s) {
        return new RuleAction(channel, fallback, s, maxTtl, upgrade, receipts);
    }

    public RuleAction withMaxTtl(Duration ttl) {
        return new RuleAction(channel, fallback, sms, ttl, upgrade, receipts);
    }

    public RuleAction withUpgrade(boolean u) {
        return new RuleAction(channel, fallback, sms, maxTtl, u, receipts);
    }

    public RuleAction withReceipts(ReceiptPolicy r) {
        return new RuleAction(channel, fallback, sms, maxTtl, upgrade, r);
    }

    /** Whether this action may ever send the message as SMS. */
    public boolean mayUseSms() {
        return channel != ChannelPolicy.RCS_ONLY;
    }
}
