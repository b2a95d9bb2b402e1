package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the rating table does not show: plan validation, defaults, unpriced plans, conversation state. */
class RaterTest {

    private static final TariffPlan STANDARD = TariffPlan.flat("standard", "EUR", Map.of(
            ChargeCategory.RCS_BASIC, new BigDecimal("0.0020"),
            ChargeCategory.SMS_SEGMENT, new BigDecimal("0.0350"),
            ChargeCategory.RCS_P2A_CONVERSATION, new BigDecimal("0.0400")));

    @Test
    void aCategoryWithoutAPriceIsFreeAndUnpricedOutcomesCarryNoCurrency() {
        Rating single = Rater.rate(Leg.mt(Channel.RCS, MessageState.DELIVERED, Measure.of("x", true, false), "+447700900123",
                0), STANDARD, 0);
        assertThat(single.category()).isEqualTo(ChargeCategory.RCS_SINGLE);
        assertThat(single.amount()).isEqualByComparingTo("0");
        assertThat(single.charged()).isFalse();
        Rating unpriced = Rater.rate(Leg.mt(Channel.SMS, MessageState.DELIVERED, Measure.plain("hi"), "+447700900123", 2),
                TariffPlan.UNPRICED, 0);
        assertThat(unpriced.units()).isEqualTo(2);
        assertThat(unpriced.amount()).isEqualByComparingTo("0");
        assertThat(unpriced.currency()).isEmpty();
        assertThat(unpriced.tariff()).isEqualTo("none");
    }

    @Test
    void negativePricesNonePricesAndBadPrefixesAreRefused() {
        assertThatThrownBy(() -> TariffPlan.flat("bad", "EUR", Map.of(ChargeCategory.RCS_BASIC, new BigDecimal("-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RCS_BASIC");
        assertThatThrownBy(() -> TariffPlan.flat("bad", "EUR", Map.of(ChargeCategory.NONE, BigDecimal.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NONE");
        assertThatThrownBy(() -> new PrefixPrices(Map.of("+44", BigDecimal.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("+44");
    }

    @Test
    void versionsMustStartInOrderAndTheFirstCoversWhatCameBeforeIt() {
        PriceVersion a = new PriceVersion("a", Instant.parse("2027-01-01T00:00:00Z"),
                Map.of(ChargeCategory.RCS_BASIC, BigDecimal.ONE), null);
        PriceVersion b = new PriceVersion("b", Instant.parse("2027-01-01T00:00:00Z"), Map.of(), null);
        assertThatThrownBy(() -> new TariffPlan("p", "EUR", BillingModel.BUSINESS_MESSAGING, TextLimit.CHARACTERS,
                Rounding.DEFAULT, SmsCharging.ACCEPTED, List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version b must start after a");
        TariffPlan p = new TariffPlan("p", "EUR", BillingModel.BUSINESS_MESSAGING, TextLimit.CHARACTERS,
                Rounding.DEFAULT, SmsCharging.ACCEPTED, List.of(a));
        assertThat(p.version(0).id()).isEqualTo("a");
    }

    @Test
    void roundingRefusesWhatCannotRound() {
        assertThatThrownBy(() -> new Rounding(2, java.math.RoundingMode.UNNECESSARY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNNECESSARY");
        assertThatThrownBy(() -> new Rounding(-1, java.math.RoundingMode.HALF_UP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
    }

    @Test
    void botsWithoutATariffOfTheirOwnGetTheDefault() {
        TariffPlan gold = TariffPlan.flat("gold", "EUR", Map.of());
        TariffTable table = new TariffTable(Map.of("vip", gold), STANDARD);
        assertThat(table.forBot("vip")).isSameAs(gold);
        assertThat(table.forBot("other")).isSameAs(STANDARD);
        assertThat(TariffTable.unpriced().forBot("any")).isSameAs(TariffPlan.UNPRICED);
    }

    @Test
    void aP2aConversationIsChargedOnceAndAUserWritingAgainDoesNotExtendIt() {
        long h = 3_600_000;
        Conversation c = Conversation.onUserMessage(null, 0);
        assertThat(c.kind()).isEqualTo(Conversation.Kind.P2A);
        assertThat(Conversation.share(c, h)).isEqualTo(Conversation.Share.CHARGED_HERE);
        c = c.charge();
        assertThat(Conversation.onUserMessage(c, 23 * h)).as("writing again does not extend it").isSameAs(c);
        assertThat(Conversation.share(c, 23 * h)).isEqualTo(Conversation.Share.COVERED);
        assertThat(Conversation.share(c, 24 * h)).as("24 hours on it is over").isEqualTo(Conversation.Share.NONE);
        Conversation next = Conversation.onUserMessage(c, 24 * h);
        assertThat(next.openedAt()).isEqualTo(24 * h);
        assertThat(Conversation.share(next, 24 * h)).isEqualTo(Conversation.Share.CHARGED_HERE);
    }

    @Test
    void anA2pConversationStartsAtTheBotsMessageAndIsChargedByTheReply() {
        long h = 3_600_000;
        Conversation a2p = Conversation.onUserMessage(null, 2 * h, 5 * h);
        assertThat(a2p.kind()).isEqualTo(Conversation.Kind.A2P);
        assertThat(a2p.openedAt()).isEqualTo(2 * h);
        assertThat(Conversation.replyShare(null, a2p)).isEqualTo(Conversation.Share.CHARGED_HERE);
        assertThat(Conversation.share(a2p, 25 * h)).as("covered until 24 h after the bot's message")
                .isEqualTo(Conversation.Share.COVERED);
        assertThat(Conversation.share(a2p, 26 * h)).isEqualTo(Conversation.Share.NONE);
        assertThat(Conversation.onUserMessage(a2p, 0L, 6 * h)).as("a second reply changes nothing").isSameAs(a2p);
        assertThat(Conversation.replyShare(a2p, a2p)).isEqualTo(Conversation.Share.NONE);
        assertThat(Conversation.onUserMessage(null, 7 * h, 5 * h).kind()).as("a bot message after the reply opened nothing")
                .isEqualTo(Conversation.Kind.P2A);
    }

    @Test
    void aConversationDoesNotChangeHowSmsOrUndeliveredRcsIsRated() {
        Leg sms = Leg.mt(Channel.SMS, MessageState.DELIVERED, Measure.plain("hi"), "+447700900123", 1)
                .inConversation(Conversation.Share.CHARGED_HERE, Conversation.Kind.P2A);
        assertThat(Rater.rate(sms, STANDARD, 0).category()).isEqualTo(ChargeCategory.SMS_SEGMENT);
        Leg failed = Leg.mt(Channel.RCS, MessageState.FAILED, Measure.plain("hi"), "+447700900123", 0)
                .inConversation(Conversation.Share.CHARGED_HERE, Conversation.Kind.P2A);
        assertThat(Rater.rate(failed, STANDARD, 0).category()).isEqualTo(ChargeCategory.NONE);
    }
}
