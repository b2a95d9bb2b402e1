package io.rcsgw.rules.rating;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named tariff plan in one currency (ISO 4217): its RCS billing model, what a basic
 * message's 160 counts, how amounts are rounded, when an SMS leg is charged, and its price
 * versions in order of their effective-from instants. A version sets only the prices that
 * change; the others carry over from the one before.
 */
public record TariffPlan(String name, String currency, BillingModel model, TextLimit basicLimit, Rounding rounding,
                         SmsCharging smsCharging, List<PriceVersion> versions) {

    /** Rates outcomes without prices: every record says what happened, at no cost. */
    public static final TariffPlan UNPRICED = new TariffPlan("none", "", BillingModel.BUSINESS_MESSAGING,
            TextLimit.CHARACTERS, Rounding.DEFAULT, SmsCharging.ACCEPTED,
            List.of(new PriceVersion("none", Instant.EPOCH, Map.of(), PrefixPrices.NONE)));

    public TariffPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(basicLimit, "basicLimit");
        Objects.requireNonNull(rounding, "rounding");
        Objects.requireNonNull(smsCharging, "smsCharging");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one price version");
        }
        List<PriceVersion> resolved = new ArrayList<>(versions.size());
        for (PriceVersion v : versions) {
            if (!resolved.isEmpty()) {
                PriceVersion previous = resolved.get(resolved.size() - 1);
                if (!v.effectiveFrom().isAfter(previous.effectiveFrom())) {
                    throw new IllegalArgumentException("version " + v.id() + " must start after " + previous.id());
                }
                v = v.over(previous);
            }
            resolved.add(v);
        }
        versions = List.copyOf(resolved);
    }

    /** A plan with one price list, in force from the epoch on. */
    public static TariffPlan flat(String name, String currency, Map<ChargeCategory, java.math.BigDecimal> prices) {
        return new TariffPlan(name, currency, BillingModel.BUSINESS_MESSAGING, TextLimit.CHARACTERS, Rounding.DEFAULT,
                SmsCharging.ACCEPTED, List.of(new PriceVersion("1", Instant.EPOCH, prices, PrefixPrices.NONE)));
    }

    /** The version in force at {@code at} (epoch millis): the last one that started at or before it, else the first. */
    public PriceVersion version(long at) {
        PriceVersion in = versions.get(0);
        for (PriceVersion v : versions) {
            if (v.effectiveFrom().toEpochMilli() <= at) {
                in = v;
            } else {
                break;
            }
        }
        return in;
    }
}
