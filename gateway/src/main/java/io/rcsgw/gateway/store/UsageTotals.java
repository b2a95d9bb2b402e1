package io.rcsgw.gateway.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usage_totals aggregate: each batch's new records are summed in memory by bot, minute,
 * channel, category and currency, then added to their rows in the batch's transaction.
 */
final class UsageTotals {

    private UsageTotals() {
    }

    private record Key(String botId, long minute, String channel, String category, String currency) {
    }

    private static final class Sum {
        long messages;
        long records;
        long units;
        BigDecimal amount = BigDecimal.ZERO;
    }

    /** A sum over a range, by channel, category and currency. */
    record Row(String channel, String category, String currency, long messages, long records, long units, BigDecimal amount) {
    }

    static void add(AddingUpsert.Statements statements, boolean postgres, List<StoreWrite.InsertCdr> inserted) throws SQLException {
        Map<Key, Sum> sums = new LinkedHashMap<>();
        for (StoreWrite.InsertCdr r : inserted) {
            StoreWrite.Usage u = r.usage();
            if (u == null) {
                continue;
            }
            Sum s = sums.computeIfAbsent(new Key(u.botId(), Math.floorDiv(r.at(), 60_000L), u.channel(), u.category(),
                    u.currency()), k -> new Sum());
            s.messages += u.firstOfMessage() ? 1 : 0;
            s.records++;
            s.units += u.units();
            s.amount = s.amount.add(u.amount());
        }
        if (sums.isEmpty()) {
            return;
        }
        AddingUpsert.run(statements, postgres, new ArrayList<>(sums.entrySet()),
                "UPDATE usage_totals SET messages = messages + ?, records = records + ?, units = units + ?, "
                        + "amount = amount + ? WHERE bot_id = ? AND at_minute = ? AND channel = ? AND category = ? AND currency = ?",
                (ps, e) -> {
                    bindSum(ps, 1, e.getValue());
                    bindKey(ps, 5, e.getKey());
                },
                "INSERT INTO usage_totals (bot_id, at_minute, channel, category, currency, messages, records, units, amount) "
                        + "VALUES (?,?,?,?,?,?,?,?,?)",
                "ON CONFLICT (bot_id, at_minute, channel, category, currency) DO UPDATE SET messages = usage_totals.messages "
                        + "+ EXCLUDED.messages, records = usage_totals.records + EXCLUDED.records, units = usage_totals.units "
                        + "+ EXCLUDED.units, amount = usage_totals.amount + EXCLUDED.amount",
                (ps, e) -> {
                    bindKey(ps, 1, e.getKey());
                    bindSum(ps, 6, e.getValue());
                });
    }

    /** The bot's usage from minute {@code from} (inclusive) to minute {@code to} (exclusive). */
    static List<Row> query(Connection c, String botId, long fromMinute, long toMinute) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT channel, category, currency, SUM(messages), SUM(records), "
                + "SUM(units), SUM(amount) FROM usage_totals WHERE bot_id = ? AND at_minute >= ? AND at_minute < ? "
                + "GROUP BY channel, category, currency ORDER BY currency, channel, category")) {
            ps.setString(1, botId);
            ps.setLong(2, fromMinute);
            ps.setLong(3, toMinute);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getBigDecimal(7)));
                }
            }
        }
        return out;
    }

    private static void bindKey(PreparedStatement ps, int at, Key k) throws SQLException {
        ps.setString(at, k.botId());
        ps.setLong(at + 1, k.minute());
        ps.setString(at + 2, k.channel());
        ps.setString(at + 3, k.category());
        ps.setString(at + 4, k.currency());
    }

    private static void bindSum(PreparedStatement ps, int at, Sum s) throws SQLException {
        ps.setLong(at, s.messages);
        ps.setLong(at + 1, s.records);
        ps.setLong(at + 2, s.units);
        ps.setBigDecimal(at + 3, s.amount);
    }
}
