package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.rcs.api.Usage;

import io.rcsgw.rules.rating.Rating;

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

    /** Sums of one group (a currency, a category in a currency, a channel in a currency), in row order. */
    private static final class Sum {
        final String name;
        final String currency;
        long count;
        long units;
        BigDecimal amount = BigDecimal.ZERO;

        Sum(String name, String currency) {
            this.name = name;
            this.currency = currency;
        }

        void add(long count, long units, BigDecimal amount) {
            this.count += count;
            this.units += units;
            this.amount = this.amount.add(amount);
        }
    }

    private Usage report(String botId, long fromMinute, long toMinute, List<MessageStore.UsageRow> rows) {
        Map<String, Sum> totals = new LinkedHashMap<>();
        Map<List<String>, Sum> byCategory = new LinkedHashMap<>();
        Map<List<String>, Sum> byChannel = new LinkedHashMap<>();
        for (MessageStore.UsageRow r : rows) {
            totals.computeIfAbsent(r.currency(), c -> new Sum("", c)).add(r.messages(), r.units(), r.amount());
            byCategory.computeIfAbsent(List.of(r.category(), r.currency()), k -> new Sum(r.category(), r.currency()))
                    .add(r.records(), r.units(), r.amount());
            byChannel.computeIfAbsent(List.of(r.channel(), r.currency()), k -> new Sum(r.channel(), r.currency()))
                    .add(r.records(), r.units(), r.amount());
        }
        List<Usage.Total> total = new ArrayList<>();
        totals.values().forEach(t -> total.add(new Usage.Total(t.count, Rating.plain(t.amount), t.currency)));
        if (total.isEmpty()) {
            total.add(new Usage.Total(0, "0", charging.currency(botId)));
        }
        return new Usage(Instant.ofEpochMilli(fromMinute * MINUTE), Instant.ofEpochMilli(toMinute * MINUTE), total,
                byCategory.values().stream().map(c -> new Usage.ByCategory(c.name, c.count, c.units, Rating.plain(c.amount),
                        c.currency)).toList(),
                byChannel.values().stream().map(c -> new Usage.ByChannel(c.name, c.count, Rating.plain(c.amount), c.currency))
                        .toList());
    }

}
