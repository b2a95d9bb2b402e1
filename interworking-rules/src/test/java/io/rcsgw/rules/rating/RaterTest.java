package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RaterTest {

    private static final Tariff STANDARD = new Tariff("standard", "EUR", Map.of(
            ChargeCategory.RCS_BASIC, new BigDecimal("0.0020"),
            ChargeCategory.RCS_SINGLE, new BigDecimal("0.0150"),
            ChargeCategory.SMS_SEGMENT, new BigDecimal("0.0350"),
            ChargeCategory.RCS_CONVERSATION, new BigDecimal("0.0400")));

    private static Rating rate(Channel channel, MessageState state, boolean rich, int length, int segments) {
        return Rater.rate(new Outcome(channel, state, rich, length, segments), STANDARD);
    }

    @Test
    void deliveredPlainRcsTextUpTo160CharactersIsBasic() {
        Rating r = rate(Channel.RCS, MessageState.DELIVERED, false, 160, 0);
        assertThat(r.category()).isEqualTo(ChargeCategory.RCS_BASIC);
        assertThat(r.units()).isEqualTo(1);
        assertThat(r.amount()).isEqualByComparingTo("0.0020");
        assertThat(r.currency()).isEqualTo("EUR");
        assertThat(r.tariff()).isEqualTo("standard");
    }

    @Test
    void longerTextOrRichContentIsASingleMessage() {
        assertThat(rate(Channel.RCS, MessageState.DELIVERED, false, 161, 0).category()).isEqualTo(ChargeCategory.RCS_SINGLE);
        Rating card = rate(Channel.RCS, MessageState.DISPLAYED, true, 10, 0);
        assertThat(card.category()).isEqualTo(ChargeCategory.RCS_SINGLE);
        assertThat(card.amount()).isEqualByComparingTo("0.0150");
    }

    @Test
    void rcsThatWasNotDeliveredCostsNothing() {
        for (MessageState s : new MessageState[]{MessageState.FAILED, MessageState.EXPIRED, MessageState.CANCELLED}) {
            Rating r = rate(Channel.RCS, s, false, 5, 0);
            assertThat(r.category()).as(s.name()).isEqualTo(ChargeCategory.NONE);
            assertThat(r.units()).isZero();
            assertThat(r.amount()).isEqualByComparingTo("0");
        }
    }

    @Test
    void smsIsChargedPerAcceptedSegmentWhateverTheReceiptSaid() {
        Rating delivered = rate(Channel.SMS, MessageState.DELIVERED, false, 300, 3);
        assertThat(delivered.category()).isEqualTo(ChargeCategory.SMS_SEGMENT);
        assertThat(delivered.units()).isEqualTo(3);
        assertThat(delivered.unitPrice()).isEqualByComparingTo("0.0350");
        assertThat(delivered.amount()).isEqualByComparingTo("0.1050");
        assertThat(rate(Channel.SMS, MessageState.UNDELIVERABLE, false, 5, 1).amount()).isEqualByComparingTo("0.0350");
    }

    @Test
    void smsThatNoSmscTookCostsNothing() {
        Rating r = rate(Channel.SMS, MessageState.REJECTED, false, 5, 0);
        assertThat(r.category()).isEqualTo(ChargeCategory.NONE);
        assertThat(r.amount()).isEqualByComparingTo("0");
    }

    @Test
    void aCategoryWithoutAPriceIsFreeAndUnpricedOutcomesCarryNoCurrency() {
        Tariff smsOnly = new Tariff("sms-only", "GBP", Map.of(ChargeCategory.SMS_SEGMENT, new BigDecimal("0.03")));
        assertThat(Rater.rate(new Outcome(Channel.RCS, MessageState.DELIVERED, false, 5, 0), smsOnly).amount())
                .isEqualByComparingTo("0");
        Rating unpriced = Rater.rate(new Outcome(Channel.SMS, MessageState.DELIVERED, false, 5, 2), Tariff.UNPRICED);
        assertThat(unpriced.units()).isEqualTo(2);
        assertThat(unpriced.amount()).isEqualByComparingTo("0");
        assertThat(unpriced.currency()).isEmpty();
    }

    @Test
    void negativePricesAreRefused() {
        assertThatThrownBy(() -> new Tariff("bad", "EUR", Map.of(ChargeCategory.RCS_BASIC, new BigDecimal("-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RCS_BASIC");
    }

    @Test
    void botsWithoutATariffOfTheirOwnGetTheDefault() {
        Tariff gold = new Tariff("gold", "EUR", Map.of());
        TariffTable table = new TariffTable(Map.of("vip", gold), STANDARD);
        assertThat(table.forBot("vip")).isSameAs(gold);
        assertThat(table.forBot("other")).isSameAs(STANDARD);
        assertThat(TariffTable.unpriced().forBot("any")).isSameAs(Tariff.UNPRICED);
    }

    @Test
    void aRecordListsItsValuesInColumnOrder() {
        ChargingRecord r = new ChargingRecord(42, "bot", "m-1", "+447700900123", Channel.SMS, MessageState.DELIVERED,
                0, 1_000, rate(Channel.SMS, MessageState.DELIVERED, false, 300, 2));
        assertThat(r.values()).hasSameSizeAs(ChargingRecord.COLUMNS).containsExactly("42", "1970-01-01T00:00:01Z",
                "1970-01-01T00:00:00Z", "bot", "m-1", "+447700900123", "sms", "DELIVERED", "SMS_SEGMENT", "2", "0.0350",
                "0.0700", "EUR", "standard");
    }

    @Test
    void insideAConversationTheFirstDeliveredMessageCarriesItsPriceAndTheRestAreCovered() {
        long h = 3_600_000;
        Conversation c = Conversation.onUserMessage(null, 0);
        assertThat(Conversation.share(c, h)).isEqualTo(Conversation.Share.CHARGED_HERE);
        Rating first = Rater.rate(new Outcome(Channel.RCS, MessageState.DELIVERED, true, 500, 0,
                Conversation.share(c, h)), STANDARD);
        assertThat(first.category()).isEqualTo(ChargeCategory.RCS_CONVERSATION);
        assertThat(first.units()).isEqualTo(1);
        assertThat(first.amount()).isEqualByComparingTo("0.0400");

        c = c.charge();
        assertThat(Conversation.onUserMessage(c, 23 * h)).as("writing again does not extend it").isSameAs(c);
        Rating covered = Rater.rate(new Outcome(Channel.RCS, MessageState.DISPLAYED, false, 5, 0,
                Conversation.share(c, 23 * h)), STANDARD);
        assertThat(covered.category()).isEqualTo(ChargeCategory.RCS_CONVERSATION);
        assertThat(covered.units()).isZero();
        assertThat(covered.amount()).isEqualByComparingTo("0");

        assertThat(Conversation.share(c, 24 * h)).as("24 hours on it is over").isEqualTo(Conversation.Share.NONE);
        Conversation next = Conversation.onUserMessage(c, 24 * h);
        assertThat(next.openedAt()).isEqualTo(24 * h);
        assertThat(Conversation.share(next, 24 * h)).isEqualTo(Conversation.Share.CHARGED_HERE);
    }

    @Test
    void aConversationDoesNotChangeHowSmsOrUndeliveredRcsIsRated() {
        assertThat(Rater.rate(new Outcome(Channel.SMS, MessageState.DELIVERED, false, 5, 1, Conversation.Share.CHARGED_HERE),
                STANDARD).category()).isEqualTo(ChargeCategory.SMS_SEGMENT);
        assertThat(Rater.rate(new Outcome(Channel.RCS, MessageState.FAILED, false, 5, 0, Conversation.Share.CHARGED_HERE),
                STANDARD).category()).isEqualTo(ChargeCategory.NONE);
    }
}
