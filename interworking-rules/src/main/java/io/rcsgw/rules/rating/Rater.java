package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

import java.math.BigDecimal;

/**
 * Rates one leg of a message with a plan at an instant (the version then in force). An RCS
 * leg is charged only once delivered: the platform's delivery report is the proof of service,
 * so an attempt that was revoked or failed before a fallback costs nothing. An SMS leg is
 * charged per segment an SMSC accepted, or, when the plan says so, only if it was delivered.
 * A message that went both ways is rated once per leg.
 */
public final class Rater {

    /** The longest plain text that is still an RCS basic message, and the per-segment model's segment, in bytes. */
    public static final int BASIC_MAX = 160;
    public static final int SEGMENT_BYTES = 160;

    private Rater() {
    }

    private record Priced(ChargeCategory category, int units, BigDecimal unitPrice) {
        static final Priced NOTHING = new Priced(ChargeCategory.NONE, 0, BigDecimal.ZERO);
    }

    public static Rating rate(Leg leg, TariffPlan plan, long at) {
        PriceVersion v = plan.version(at);
        Priced p = leg.direction() == Direction.MO ? mo(leg, plan, v)
                : leg.channel() == Channel.RCS ? rcs(leg, plan, v) : sms(leg, plan, v);
        BigDecimal amount = plan.rounding().apply(p.unitPrice().multiply(BigDecimal.valueOf(p.units())));
        return new Rating(p.category(), p.units(), p.unitPrice(), amount, plan.currency(), plan.name(), v.id());
    }

    private static Priced mo(Leg leg, TariffPlan plan, PriceVersion v) {
        if (leg.channel() == Channel.SMS) {
            int segments = Math.max(1, leg.segments());
            return new Priced(ChargeCategory.SMS_MO, segments, v.price(ChargeCategory.SMS_MO));
        }
        // a user's RCS message costs nothing in itself; a reply that opens an A2P conversation carries its charge
        if (plan.model() == BillingModel.BUSINESS_MESSAGING && leg.share() == Conversation.Share.CHARGED_HERE
                && leg.conversationKind() == Conversation.Kind.A2P) {
            return priced(ChargeCategory.RCS_A2P_CONVERSATION, 1, v);
        }
        return Priced.NOTHING;
    }

    private static Priced rcs(Leg leg, TariffPlan plan, PriceVersion v) {
        if (!leg.delivered()) {
            return Priced.NOTHING;
        }
        if (leg.upgraded()) {
            return priced(ChargeCategory.SMS_UPGRADED, 1, v);
        }
        Measure c = leg.content();
        if (plan.model() == BillingModel.PER_SEGMENT) {
            return c.media() ? priced(ChargeCategory.RCS_MEDIA, 1, v)
                    : priced(ChargeCategory.RCS_TEXT_SEGMENT, Math.max(1, ceilDiv(c.bytes(), SEGMENT_BYTES)), v);
        }
        if (leg.share() != Conversation.Share.NONE) {
            ChargeCategory category = leg.conversationKind() == Conversation.Kind.A2P
                    ? ChargeCategory.RCS_A2P_CONVERSATION : ChargeCategory.RCS_P2A_CONVERSATION;
            // an A2P conversation was charged on the user's reply; a P2A one on the first answer delivered
            boolean here = leg.share() == Conversation.Share.CHARGED_HERE && leg.conversationKind() == Conversation.Kind.P2A;
            return priced(category, here ? 1 : 0, v);
        }
        int length = plan.basicLimit() == TextLimit.BYTES ? c.bytes() : c.characters();
        return priced(!c.rich() && length <= BASIC_MAX ? ChargeCategory.RCS_BASIC : ChargeCategory.RCS_SINGLE, 1, v);
    }

    private static Priced sms(Leg leg, TariffPlan plan, PriceVersion v) {
        boolean charged = leg.segments() > 0
                && (plan.smsCharging() == SmsCharging.ACCEPTED || leg.state() == MessageState.DELIVERED);
        return charged ? new Priced(ChargeCategory.SMS_SEGMENT, leg.segments(), v.smsSegment(leg.counterpart()))
                : Priced.NOTHING;
    }

    private static Priced priced(ChargeCategory category, int units, PriceVersion v) {
        return new Priced(category, units, v.price(category));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
