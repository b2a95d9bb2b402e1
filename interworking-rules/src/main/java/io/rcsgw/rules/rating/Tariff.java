package io.rcsgw.rules.rating;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named price list: the price of one unit of each category, in one currency (ISO 4217 code).
 * A category without a price costs nothing.
 */
public record Tariff(String name, String currency, Map<ChargeCategory, BigDecimal> prices) {

    /** Rates outcomes without prices: every record says what happened, at no cost. */
    public static final Tariff UNPRICED = new Tariff("none", "", Map.of());

    public Tariff {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        EnumMap<ChargeCategory, BigDecimal> copy = new EnumMap<>(ChargeCategory.class);
        prices.forEach((category, price) -> {
            if (price.signum() < 0) {
                throw new IllegalArgumentException("a price must not be negative: " + category + " " + price);
            }
            copy.put(category, price);
        });
        prices = Map.copyOf(copy);
    }

    public BigDecimal price(ChargeCategory category) {
        return prices.getOrDefault(category, BigDecimal.ZERO);
    }
}
