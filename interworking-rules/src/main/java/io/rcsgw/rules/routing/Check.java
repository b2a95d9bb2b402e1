package io.rcsgw.rules.routing;

/**
 * One step of a decision's trace: the condition checked (e.g. {@code rule[promo].trafficType}),
 * the value it saw and what it asked for, and whether it held.
 */
public record Check(String condition, String value, boolean passed) {

    /** A value longer than this is cut (a message's tags, say): a trace stays small enough to store with every message. */
    public static final int MAX_VALUE = 200;

    public Check {
        if (value != null && value.length() > MAX_VALUE) {
            value = value.substring(0, MAX_VALUE - 1) + "…";
        }
    }

    @Override
    public String toString() {
        return condition + " " + value + (passed ? " ✓" : " ✗");
    }
}
