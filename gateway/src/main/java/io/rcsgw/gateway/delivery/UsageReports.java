package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.rcs.api.Usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A bot's usage from the store's usage aggregate (summed as records are written, never a scan
 * of CDR files). The aggregate is kept by the minute: a range is taken from the start of the
 * minute {@code from} falls in to the end of the minute before {@code to} ends, and the answer
 * says which range that was.
 */
final class UsageReports {

    private static final long MINUTE = 60_000;

    private final MessageStore store;
    private final Charging charging;
    private final Executor background;

    UsageReports(MessageStore store, Charging charging, Executor background) {
        this.store = store;
        this.charging = charging;
        this.background = background;
    }

    CompletableFuture<Optional<Usage>> usage(String botId, Instant from, Instant to) {
        if (!charging.enabled()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        long fromMinute = Math.floorDiv(from.toEpochMilli(), MINUTE);
        long toMinute = Math.floorDiv(to.toEpochMilli() + MINUTE - 1, MINUTE);
        return CompletableFuture.supplyAsync(() -> Optional.of(report(botId, fromMinute, toMinute,
                store.usage(botId, fromMinute, toMinute))), background);
    }

    private Usage report(String botId, long fromMinute, long toMinute, List<MessageStore.UsageRow> rows) {
        Map<String, long[]> messages = new LinkedHashMap<>();
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        Map<List<String>, Usage.ByCategory> byCategory = new LinkedHashMap<>();
        Map<List<String>, Usage.ByChannel> byChannel = new LinkedHashMap<>();
        for (MessageStore.UsageRow r : rows) {
            messages.computeIfAbsent(r.currency(), k -> new long[1])[0] += r.messages();
            amounts.merge(r.currency(), r.amount(), BigDecimal::add);
            byCategory.merge(List.of(r.category(), r.currency()), new Usage.ByCategory(r.category(), r.records(), r.units(),
                    text(r.amount()), r.currency()), (a, b) -> new Usage.ByCategory(a.category(), a.messages() + b.messages(),
                    a.units() + b.units(), text(new BigDecimal(a.amount()).add(new BigDecimal(b.amount()))), a.currency()));
            byChannel.merge(List.of(r.channel(), r.currency()), new Usage.ByChannel(r.channel(), r.records(), text(r.amount()),
                    r.currency()), (a, b) -> new Usage.ByChannel(a.channel(), a.messages() + b.messages(),
                    text(new BigDecimal(a.amount()).add(new BigDecimal(b.amount()))), a.currency()));
        }
        List<Usage.Total> totals = new ArrayList<>();
        messages.forEach((currency, n) -> totals.add(new Usage.Total(n[0], text(amounts.get(currency)), currency)));
        if (totals.isEmpty()) {
            totals.add(new Usage.Total(0, "0", charging.currency(botId)));
        }
        return new Usage(Instant.ofEpochMilli(fromMinute * MINUTE), Instant.ofEpochMilli(toMinute * MINUTE), totals,
                List.copyOf(byCategory.values()), List.copyOf(byChannel.values()));
    }

    /** A decimal without trailing zeros, never in exponent form. */
    private static String text(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
