package io.rcsgw.rcs.api;

import java.time.Instant;
import java.util.List;

/**
 * A bot's usage over {@code [from, to)}, as summed while its charging data records were written:
 * one total per currency, and the same by category and by channel. Amounts are decimal strings.
 * {@code messages} in a total counts messages; by category and channel it counts records (a
 * message that fell back has one on each channel).
 */
public record Usage(Instant from, Instant to, List<Total> totals, List<ByCategory> byCategory, List<ByChannel> byChannel) {

    public record Total(long messages, String amount, String currency) {
    }

    public record ByCategory(String category, long messages, long units, String amount, String currency) {
    }

    public record ByChannel(String channel, long messages, String amount, String currency) {
    }
}
