package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

import java.math.BigDecimal;

/**
 * Rates final outcomes. RCS is charged once delivered (delivered or displayed): the platform's
 * delivery report is the proof of service. SMS is charged per segment an SMSC accepted, whatever
 * the handset did with it: the operator carried those segments. A message that fell back is
 * rated on the channel it finished on, so it is never charged twice.
 */
public final class Rater {

    /** The longest plain text that is still an RCS basic message (GSMA business messaging). */
    public static final int BASIC_MAX_CHARS = 160;

    private Rater() {
    }

    public static Rating rate(Outcome o, Tariff tariff) {
        ChargeCategory category;
        int units;
        if (o.channel() == Channel.RCS && (o.state() == MessageState.DELIVERED || o.state() == MessageState.DISPLAYED)) {
            if (o.conversation() != Conversation.Share.NONE) {
                category = ChargeCategory.RCS_CONVERSATION;
                units = o.conversation() == Conversation.Share.CHARGED_HERE ? 1 : 0;
            } else {
                category = o.rich() || o.textLength() > BASIC_MAX_CHARS ? ChargeCategory.RCS_SINGLE : ChargeCategory.RCS_BASIC;
                units = 1;
            }
        } else if (o.channel() == Channel.SMS && o.segmentsAccepted() > 0) {
            category = ChargeCategory.SMS_SEGMENT;
            units = o.segmentsAccepted();
        } else {
            category = ChargeCategory.NONE;
            units = 0;
        }
        BigDecimal unitPrice = category == ChargeCategory.NONE ? BigDecimal.ZERO : tariff.price(category);
        return new Rating(category, units, unitPrice, unitPrice.multiply(BigDecimal.valueOf(units)), tariff.currency(),
                tariff.name());
    }
}
