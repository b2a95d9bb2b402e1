package io.rcsgw.rules.model;

import java.util.Optional;

/**
 * A subscriber number in E.164 form: '+', a country code that does not start with 0, and 7 to
 * 15 digits in all (the shortest numbers in service, a small country's country code and a short
 * subscriber number, have 7). The canonical form keeps the '+'; {@link #digits()} drops it for SMPP.
 */
public record Msisdn(String e164) {

    public Msisdn {
        if (!isValid(e164)) {
            throw new IllegalArgumentException("not an E.164 number");
        }
    }

    public static Optional<Msisdn> parse(String text) {
        return isValid(text) ? Optional.of(new Msisdn(text)) : Optional.empty();
    }

    /** The fewest digits an E.164 number in service has. */
    public static final int MIN_DIGITS = 7;

    public static boolean isValid(String text) {
        if (text == null || text.length() < 1 + MIN_DIGITS || text.length() > 16 || text.charAt(0) != '+') {
            return false;
        }
        if (text.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The number without '+', as SMPP carries it with TON international. */
    public String digits() {
        return e164.substring(1);
    }

    /** Country code and the last two digits only, for logs at INFO. */
    public String masked() {
        return mask(e164);
    }

    public static String mask(String number) {
        if (number == null || number.length() < 6) {
            return "***";
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 5) + number.substring(number.length() - 2);
    }

    @Override
    public String toString() {
        return masked();
    }
}
