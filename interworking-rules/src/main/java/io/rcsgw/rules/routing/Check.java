package io.rcsgw.rules.routing;

/**
 * One step of a decision's trace: the condition checked (e.g. {@code rule[promo].trafficType}),
 * the value it saw and what it asked for, and whether it held.
 */
public record Check(String condition, String value, boolean passed) {

    @Override
    public String toString() {
        return condition + " " + value + (passed ? " ✓" : " ✗");
    }
}
