package io.rcsgw.rules.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A plan's prices from {@code effectiveFrom} on, until the next version's instant. {@code id}
 * names it in every record rated with it. A category without a price costs nothing; an SMS
 * segment to a destination no prefix matches costs the {@link ChargeCategory#SMS_SEGMENT} price.
 */
public record PriceVersion(String id, Instant effectiveFrom, Map<ChargeCategory, BigDecimal> prices,
                           PrefixPrices smsByPrefix) {

    public PriceVersion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        smsByPrefix = smsByPrefix == null ? PrefixPrices.NONE : smsByPrefix;
        EnumMap<ChargeCategory, BigDecimal> copy = new EnumMap<>(ChargeCategory.class);
        prices.forEach((category, price) -> {
            if (category == ChargeCategory.NONE) {
                throw new IllegalArgumentException("NONE has no price");
            }
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException("a price must not be negative: " + category + " " + price);
            }
            copy.put(category, price);
        });
        prices = Map.copyOf(copy);
    }

    public BigDecimal price(ChargeCategory category) {
        return prices.getOrDefault(category, BigDecimal.ZERO);
    }

    /** The price of one SMS segment to {@code number}: its longest prefix's, else the flat segment price. */
    public BigDecimal smsSegment(String number) {
        return smsByPrefix.price(number).orElseGet(() -> price(ChargeCategory.SMS_SEGMENT));
    }

    /** This version with the prices it leaves unset taken from {@code previous}. */
    public PriceVersion over(PriceVersion previous) {
        EnumMap<ChargeCategory, BigDecimal> merged = new EnumMap<>(ChargeCategory.class);
        merged.putAll(previous.prices);
        merged.putAll(prices);
        return new PriceVersion(id, effectiveFrom, merged, smsByPrefix.over(previous.smsByPrefix));
    }
}
