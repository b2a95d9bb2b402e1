package io.rcsgw.rules.rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/** How a record's amount is rounded: to {@code scale} decimal places by {@code mode}. */
public record Rounding(int scale, RoundingMode mode) {

    /** Four places, half up: a tenth of a cent in EUR or USD stays visible. */
    public static final Rounding DEFAULT = new Rounding(4, RoundingMode.HALF_UP);

    public Rounding {
        Objects.requireNonNull(mode, "mode");
        if (scale < 0 || scale > 12) {
            throw new IllegalArgumentException("scale: 0 to 12 decimal places");
        }
        if (mode == RoundingMode.UNNECESSARY) {
            throw new IllegalArgumentException("mode: UNNECESSARY cannot round");
        }
    }

    public BigDecimal apply(BigDecimal amount) {
        return amount.setScale(scale, mode);
    }
}
