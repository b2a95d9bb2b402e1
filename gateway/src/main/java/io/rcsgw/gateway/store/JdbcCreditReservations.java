package io.rcsgw.gateway.store;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Prepaid credit reserved in the store, for the nodes of a cluster (PostgreSQL): a reservation
 * is one transaction, under the node's lease, that raises the bot's {@code reserved} only if its
 * balance less what is reserved covers the amount, and inserts the message's hold, before the
 * message is stored. The account row's lock orders reservations from every node. Settlements,
 * releases and top-ups go with the group commit ({@link CreditLedger}).
 */
public final class JdbcCreditReservations {

    private final DataSource pool;

    public JdbcCreditReservations(JdbcMessageStore store) {
        this.pool = store.dataSource();
    }

    /** A bot's account as the store has it; zero balance and nothing reserved when it has none. */
    public record Account(String currency, BigDecimal balance, BigDecimal reserved) {
        public BigDecimal available() {
            return balance.subtract(reserved);
        }
    }

    /**
     * Reserves {@code amount} for message {@code messageId}; null when reserved, else the account
     * that could not cover it (nothing reserved).
     *
     * @throws StoreFence.Refused when this node no longer holds its lease
     */
    public Account reserve(StoreFence fence, long messageId, String botId, BigDecimal amount) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement check = c.prepareStatement(StoreFence.CHECK)) {
                    fence.check(check);
                }
                int raised;
                try (PreparedStatement p = c.prepareStatement("UPDATE credit_accounts SET reserved = reserved + ?"
                        + " WHERE bot_id = ? AND balance - reserved >= ?")) {
                    p.setBigDecimal(1, amount);
                    p.setString(2, botId);
                    p.setBigDecimal(3, amount);
                    raised = p.executeUpdate();
                }
                if (raised == 0) {
                    c.rollback();
                    return account(c, botId);
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO credit_holds (message_id, bot_id, amount, owner) VALUES (?, ?, ?, ?)")) {
                    p.setLong(1, messageId);
                    p.setString(2, botId);
                    p.setBigDecimal(3, amount);
                    p.setString(4, fence.nodeId());
                    p.executeUpdate();
                }
                c.commit();
                return null;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    public Account account(String botId) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return account(c, botId);
        }
    }

    private static Account account(Connection c, String botId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT currency, balance, reserved FROM credit_accounts WHERE bot_id = ?")) {
            p.setString(1, botId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? new Account(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3))
                        : new Account(null, BigDecimal.ZERO, BigDecimal.ZERO);
            }
        }
    }

    /**
     * Releases the holds {@code owner} reserved for messages that were never stored: it died (or
     * stopped) between the two, and its writes are fenced now. How many.
     */
    public int releaseOrphans(String owner) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "WITH gone AS (DELETE FROM credit_holds h WHERE h.owner = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = h.message_id) RETURNING h.bot_id, h.amount),"
                        + " sums AS (SELECT bot_id, SUM(amount) AS amount, COUNT(*) AS n FROM gone GROUP BY bot_id),"
                        + " lowered AS (UPDATE credit_accounts a SET reserved = a.reserved - s.amount FROM sums s"
                        + " WHERE a.bot_id = s.bot_id RETURNING s.n)"
                        + " SELECT COALESCE(SUM(n), 0) FROM lowered")) {
            p.setString(1, owner);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
