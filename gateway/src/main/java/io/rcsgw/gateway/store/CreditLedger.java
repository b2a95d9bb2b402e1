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
 * Prepaid credit in the store: holds go in with their messages, settlements with their charges,
 * top-ups add to the balance, each in the batch's transaction. A settlement takes from the
 * balance only if it removed its hold, so a charge is taken once however often it is written.
 * {@code credit_accounts.reserved} is kept equal to the sum of the bot's holds.
 */
final class CreditLedger {

    private CreditLedger() {
    }

    static void apply(AddingUpsert.Statements statements, boolean postgres, List<StoreWrite.PutHold> holds,
                      List<StoreWrite.SettleHold> settlements, List<StoreWrite.TopUp> topUps) throws SQLException {
        // what each bot's holds add up to moves with them
        Map<String, BigDecimal> reserved = new LinkedHashMap<>();
        if (!holds.isEmpty()) {
            PreparedStatement ps = statements.get("INSERT INTO credit_holds (message_id, bot_id, amount) VALUES (?,?,?) "
                    + "ON CONFLICT DO NOTHING");
            for (StoreWrite.PutHold h : holds) {
                ps.setLong(1, h.id());
                ps.setString(2, h.botId());
                ps.setBigDecimal(3, h.amount());
                ps.addBatch();
            }
            int[] inserted = ps.executeBatch();
            for (int i = 0; i < inserted.length; i++) {
                if (inserted[i] != 0) { // else reserved in the store already, by a node of a cluster
                    reserved.merge(holds.get(i).botId(), holds.get(i).amount(), BigDecimal::add);
                }
            }
        }
        Map<String, StoreWrite.TopUp> byBot = new LinkedHashMap<>();
        if (!settlements.isEmpty()) {
            PreparedStatement delete = statements.get("DELETE FROM credit_holds WHERE message_id = ?");
            for (StoreWrite.SettleHold s : settlements) {
                delete.setLong(1, s.id());
                delete.addBatch();
            }
            int[] removed = delete.executeBatch();
            for (int i = 0; i < removed.length; i++) {
                StoreWrite.SettleHold s = settlements.get(i);
                if (removed[i] == 0) {
                    continue;
                }
                reserved.merge(s.botId(), s.hold().negate(), BigDecimal::add);
                if (s.charged().signum() != 0) {
                    add(byBot, new StoreWrite.TopUp(s.botId(), "", s.charged().negate(), s.at()));
                }
            }
        }
        reserved.values().removeIf(v -> v.signum() == 0);
        if (!reserved.isEmpty()) {
            PreparedStatement ps = statements.get("UPDATE credit_accounts SET reserved = reserved + ? WHERE bot_id = ?");
            for (Map.Entry<String, BigDecimal> e : reserved.entrySet()) {
                ps.setBigDecimal(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (StoreWrite.TopUp t : topUps) {
            add(byBot, t);
        }
        AddingUpsert.run(statements, postgres, new ArrayList<>(byBot.values()),
                "UPDATE credit_accounts SET balance = balance + ?, updated_at = ? WHERE bot_id = ?", (ps, t) -> {
                    ps.setBigDecimal(1, t.amount());
                    ps.setLong(2, t.at());
                    ps.setString(3, t.botId());
                },
                "INSERT INTO credit_accounts (bot_id, currency, balance, updated_at) VALUES (?,?,?,?)",
                "ON CONFLICT (bot_id) DO UPDATE SET balance = credit_accounts.balance + EXCLUDED.balance, "
                        + "updated_at = EXCLUDED.updated_at", (ps, t) -> {
                    ps.setString(1, t.botId());
                    ps.setString(2, t.currency());
                    ps.setBigDecimal(3, t.amount());
                    ps.setLong(4, t.at());
                });
    }

    /** One change per bot: the batch's top-ups and charges summed (the currency of the first that names one). */
    private static void add(Map<String, StoreWrite.TopUp> byBot, StoreWrite.TopUp t) {
        byBot.merge(t.botId(), t, (a, b) -> new StoreWrite.TopUp(a.botId(), a.currency().isEmpty() ? b.currency() : a.currency(),
                a.amount().add(b.amount()), Math.max(a.at(), b.at())));
    }

    static List<MessageStore.CreditAccount> accounts(Connection c) throws SQLException {
        List<MessageStore.CreditAccount> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT bot_id, currency, balance FROM credit_accounts");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MessageStore.CreditAccount(rs.getString(1), rs.getString(2), rs.getBigDecimal(3)));
            }
        }
        return out;
    }

    static List<MessageStore.CreditHold> holds(Connection c) throws SQLException {
        List<MessageStore.CreditHold> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT message_id, bot_id, amount FROM credit_holds");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MessageStore.CreditHold(rs.getLong(1), rs.getString(2), rs.getBigDecimal(3)));
            }
        }
        return out;
    }
}
