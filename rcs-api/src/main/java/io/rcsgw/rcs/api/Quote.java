package io.rcsgw.rcs.api;

/**
 * What a message would cost if sent now: the leg the rules would send it on, and the leg it
 * would fall back to (null when it has none). Nothing is stored or sent to quote it.
 */
public record Quote(Leg leg, Leg fallback) {

    /**
     * One leg: {@code channel} rcs or sms, the category it would be billed as, its SMS segments
     * (0 for RCS), the billed units, the amount (a decimal string) in {@code currency} under
     * {@code tariff} at its price {@code version}.
     */
    public record Leg(String channel, String category, int segments, int units, String amount, String currency,
                      String tariff, String version) {
    }
}
