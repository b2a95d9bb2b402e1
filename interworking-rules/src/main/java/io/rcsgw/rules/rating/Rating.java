package io.rcsgw.rules.rating;

import java.math.BigDecimal;

/**
 * The price of one chargeable event: {@code units} of {@code category} at {@code unitPrice}
 * each, rounded by the plan into {@code amount}; {@code version} is the price version used.
 */
public record Rating(ChargeCategory category, int units, BigDecimal unitPrice, BigDecimal amount, String currency,
                     String tariff, String version) {

    /** A rating without a version (records written before plans had versions). */
    public Rating(ChargeCategory category, int units, BigDecimal unitPrice, BigDecimal amount, String currency,
                  String tariff) {
        this(category, units, unitPrice, amount, currency, tariff, "");
    }

    public boolean charged() {
        return amount.signum() != 0;
    }

    /** An amount as an API shows it: no trailing zeros, never in exponent form ("0.035", "0"). */
    public static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
