package io.rcsgw.rules.rating;

import java.math.BigDecimal;

/** The price of one outcome: {@code units} of {@code category} at {@code unitPrice} each. */
public record Rating(ChargeCategory category, int units, BigDecimal unitPrice, BigDecimal amount, String currency,
                     String tariff) {
}
