package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.sms.SmsSegmenter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-computed rating cases of {@code rating/rating-cases.csv}: one row per case, its
 * inputs, then the category, units, unit price, amount (exactly as written, scale included)
 * and price version it must rate to. Texts repeat with {@code x*N} and join with {@code +};
 * {@code auto} segments are the SMS codec's count; a conversation is {@code p2a@}, {@code p2a!@}
 * (already charged) or {@code a2p@} its start.
 */
class RatingTableTest {

    private static final Map<ChargeCategory, BigDecimal> BM_2026 = Map.of(
            ChargeCategory.RCS_BASIC, new BigDecimal("0.0020"),
            ChargeCategory.RCS_SINGLE, new BigDecimal("0.0150"),
            ChargeCategory.RCS_A2P_CONVERSATION, new BigDecimal("0.0300"),
            ChargeCategory.RCS_P2A_CONVERSATION, new BigDecimal("0.0400"),
            ChargeCategory.SMS_SEGMENT, new BigDecimal("0.0350"),
            ChargeCategory.SMS_MO, new BigDecimal("0.0100"),
            ChargeCategory.SMS_UPGRADED, new BigDecimal("0.0250"));
    private static final PrefixPrices PREFIXES_2026 = new PrefixPrices(Map.of(
            "44", new BigDecimal("0.0300"), "447", new BigDecimal("0.0320"), "4477009", new BigDecimal("0.0150"),
            "1", new BigDecimal("0.0080")));
    private static final List<PriceVersion> BM_VERSIONS = List.of(
            new PriceVersion("2026-01", Instant.EPOCH, BM_2026, PREFIXES_2026),
            new PriceVersion("2027-01", Instant.parse("2027-01-01T00:00:00Z"),
                    Map.of(ChargeCategory.RCS_BASIC, new BigDecimal("0.0025")),
                    new PrefixPrices(Map.of("447", new BigDecimal("0.0330")))));
    private static final Map<ChargeCategory, BigDecimal> ROUNDING_PRICES = Map.of(
            ChargeCategory.RCS_BASIC, new BigDecimal("0.0125"),
            ChargeCategory.RCS_SINGLE, new BigDecimal("0.0135"),
            ChargeCategory.SMS_SEGMENT, new BigDecimal("0.00125"));

    static final Map<String, TariffPlan> PLANS = Map.of(
            "bm", new TariffPlan("bm", "EUR", BillingModel.BUSINESS_MESSAGING, TextLimit.CHARACTERS, Rounding.DEFAULT,
                    SmsCharging.ACCEPTED, BM_VERSIONS),
            "bmb", new TariffPlan("bmb", "EUR", BillingModel.BUSINESS_MESSAGING, TextLimit.BYTES, Rounding.DEFAULT,
                    SmsCharging.DELIVERED, BM_VERSIONS),
            "us", new TariffPlan("us", "USD", BillingModel.PER_SEGMENT, TextLimit.BYTES, Rounding.DEFAULT,
                    SmsCharging.ACCEPTED, List.of(new PriceVersion("us-1", Instant.EPOCH, Map.of(
                    ChargeCategory.RCS_TEXT_SEGMENT, new BigDecimal("0.0040"),
                    ChargeCategory.RCS_MEDIA, new BigDecimal("0.0120"),
                    ChargeCategory.SMS_SEGMENT, new BigDecimal("0.0070")), PrefixPrices.NONE))),
            "r_up", new TariffPlan("r_up", "EUR", BillingModel.BUSINESS_MESSAGING, TextLimit.CHARACTERS,
                    new Rounding(3, RoundingMode.HALF_UP), SmsCharging.ACCEPTED,
                    List.of(new PriceVersion("r1", Instant.EPOCH, ROUNDING_PRICES, PrefixPrices.NONE))),
            "r_even", new TariffPlan("r_even", "EUR", BillingModel.BUSINESS_MESSAGING, TextLimit.CHARACTERS,
                    new Rounding(3, RoundingMode.HALF_EVEN), SmsCharging.ACCEPTED,
                    List.of(new PriceVersion("r1", Instant.EPOCH, ROUNDING_PRICES, PrefixPrices.NONE))));

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/rating/rating-cases.csv", numLinesToSkip = 1, maxCharsPerColumn = 100_000)
    void ratesAsHandComputed(ArgumentsAccessor row) {
        TariffPlan plan = PLANS.get(row.getString(1));
        assertThat(plan).as("plan " + row.getString(1)).isNotNull();
        Direction direction = Direction.valueOf(row.getString(2));
        Channel channel = Channel.valueOf(row.getString(3).toUpperCase(java.util.Locale.ROOT));
        boolean fallback = row.getString(4).equals("fallback");
        MessageState state = MessageState.valueOf(row.getString(5));
        String content = row.getString(6);
        String text = text(row.getString(7));
        int segments = row.getString(8).equals("auto") ? SmsSegmenter.segment(text).segmentCount()
                : Integer.parseInt(row.getString(8));
        Conversation conversation = conversation(row.getString(10));
        Long botAt = row.getString(11).equals("-") ? null : Instant.parse(row.getString(11)).toEpochMilli();
        long at = Instant.parse(row.getString(13)).toEpochMilli();

        Conversation.Share share;
        Conversation.Kind kind;
        if (direction == Direction.MO) {
            Conversation after = Conversation.onUserMessage(conversation, botAt, at);
            share = Conversation.replyShare(conversation, after);
            kind = after.kind();
        } else {
            share = Conversation.share(conversation, at);
            kind = conversation == null ? null : conversation.kind();
        }
        Leg leg = new Leg(direction, channel, fallback, state,
                Measure.of(text, !content.equals("plain"), content.equals("media")), row.getString(9), segments, share, kind,
                row.getString(12).equals("yes"));
        Rating r = Rater.rate(leg, plan, at);

        assertThat(r.category()).as("category").isEqualTo(ChargeCategory.valueOf(row.getString(14)));
        assertThat(r.units()).as("units").isEqualTo(row.getInteger(15));
        assertThat(r.unitPrice()).as("unit price").isEqualByComparingTo(row.getString(16));
        assertThat(r.amount().toPlainString()).as("amount").isEqualTo(row.getString(17));
        assertThat(r.version()).as("price version").isEqualTo(row.getString(18));
        assertThat(r.currency()).isEqualTo(plan.currency());
        assertThat(r.tariff()).isEqualTo(plan.name());
    }

    @Test
    void theTableHasAtLeastFortyCases() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/rating/rating-cases.csv")) {
            long rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(l -> !l.isBlank()).count();
            assertThat(rows).isGreaterThanOrEqualTo(40);
        }
    }

    private static String text(String spec) {
        if (spec.equals("-")) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String piece : spec.split("\\+")) {
            int star = piece.lastIndexOf('*');
            b.append(star > 0 ? piece.substring(0, star).repeat(Integer.parseInt(piece.substring(star + 1))) : piece);
        }
        return b.toString();
    }

    private static Conversation conversation(String spec) {
        if (spec.equals("-")) {
            return null;
        }
        int at = spec.indexOf('@');
        long openedAt = Instant.parse(spec.substring(at + 1)).toEpochMilli();
        return switch (spec.substring(0, at)) {
            case "p2a" -> new Conversation(openedAt, false, Conversation.Kind.P2A);
            case "p2a!" -> new Conversation(openedAt, true, Conversation.Kind.P2A);
            case "a2p" -> new Conversation(openedAt, true, Conversation.Kind.A2P);
            default -> throw new IllegalArgumentException(spec);
        };
    }
}
