package io.rcsgw.rcs.sim;

import java.util.List;

/**
 * A set of E.164 numbers given as prefixes ({@code +4477009}) or inclusive ranges of equal
 * length ({@code +447700900000-+447700900499}).
 */
public record NumberRanges(List<String> entries) {

    public static final NumberRanges NONE = new NumberRanges(List.of());
    public static final NumberRanges ALL = new NumberRanges(List.of("+"));

    public NumberRanges {
        entries = List.copyOf(entries);
        for (String e : entries) {
            int dash = e.indexOf('-');
            if (dash > 0 && e.substring(0, dash).length() != e.substring(dash + 1).length()) {
                throw new IllegalArgumentException("range ends differ in length: " + e);
            }
        }
    }

    public static NumberRanges of(String... entries) {
        return new NumberRanges(List.of(entries));
    }

    public boolean contains(String number) {
        for (String e : entries) {
            int dash = e.indexOf('-');
            if (dash < 0) {
                if (number.startsWith(e)) {
                    return true;
                }
            } else {
                String lo = e.substring(0, dash);
                String hi = e.substring(dash + 1);
                if (number.length() == lo.length() && number.compareTo(lo) >= 0 && number.compareTo(hi) <= 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
