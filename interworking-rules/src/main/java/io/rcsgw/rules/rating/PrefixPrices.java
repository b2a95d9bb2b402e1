package io.rcsgw.rules.rating;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prices by destination prefix (E.164 digits without '+'): a country, a network, a number
 * range. The longest prefix that matches wins.
 */
public final class PrefixPrices {

    public static final PrefixPrices NONE = new PrefixPrices(Map.of());

    private final Map<String, BigDecimal> byPrefix;
    private final int longest;

    public PrefixPrices(Map<String, BigDecimal> byPrefix) {
        TreeMap<String, BigDecimal> copy = new TreeMap<>();
        byPrefix.forEach((prefix, price) -> {
            if (prefix == null || !prefix.matches("[0-9]{1,15}")) {
                throw new IllegalArgumentException("a prefix is 1-15 digits: " + prefix);
            }
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException("a price must not be negative: " + prefix + " " + price);
            }
            copy.put(prefix, price);
        });
        this.byPrefix = Map.copyOf(copy);
        this.longest = copy.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    /** The price of the longest prefix of {@code number} (digits, a leading '+' ignored), if any matches. */
    public Optional<BigDecimal> price(String number) {
        String digits = number.startsWith("+") ? number.substring(1) : number;
        for (int n = Math.min(longest, digits.length()); n > 0; n--) {
            BigDecimal p = byPrefix.get(digits.substring(0, n));
            if (p != null) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The prefixes whose price this list sets, with this list's entries winning over {@code base}'s. */
    public PrefixPrices over(PrefixPrices base) {
        Map<String, BigDecimal> merged = new TreeMap<>(base.byPrefix);
        merged.putAll(byPrefix);
        return new PrefixPrices(merged);
    }
}
