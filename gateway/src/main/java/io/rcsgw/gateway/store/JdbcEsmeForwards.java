package io.rcsgw.gateway.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The rows behind ESME forwarding between the nodes of a cluster (V21, PostgreSQL): which node
 * holds a receiving bind of which account, and the receipts and users' messages one node hands
 * another to send. Every statement commits on its own.
 */
public final class JdbcEsmeForwards {

    private static final String NOW = JdbcMessageStore.DB_NOW_MILLIS;
    /** A forward waits for its target, is being sent, was taken, was not. */
    public static final int WAITING = 0, SENDING = 1, TAKEN = 2, NOT_TAKEN = 3;

    private final DataSource pool;

    public JdbcEsmeForwards(JdbcMessageStore store) {
        this.pool = store.dataSource();
    }

    /** A forward this node is to send. */
    public record Claimed(long id, String systemId, char kind, String body) {
    }

    /** A forward this node handed on: its state, age (by the database clock) and whether its target still lives. */
    public record Sent(long id, int state, long ageMillis, boolean targetAlive) {
    }

    /**
     * A node (re)joined: its presence starts empty, what it handed on before is forgotten (its
     * events are offered again), and what it was sending when it stopped is answered not taken.
     */
    public void joined(String nodeId) throws SQLException {
        try (Connection c = pool.getConnection()) {
            update(c, "DELETE FROM esme_presence WHERE node_id = ?", nodeId);
            update(c, "DELETE FROM esme_forwards WHERE from_node = ?", nodeId);
            update(c, "UPDATE esme_forwards SET state = " + NOT_TAKEN + " WHERE to_node = ? AND state = " + SENDING, nodeId);
        }
    }

    /** The accounts this node holds a receiving bind of, now. */
    public void present(String nodeId, Set<String> accounts) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                update(c, "DELETE FROM esme_presence WHERE node_id = ?", nodeId);
                try (PreparedStatement p = c.prepareStatement("INSERT INTO esme_presence (system_id, node_id) VALUES (?, ?)")) {
                    for (String a : accounts) {
                        p.setString(1, a);
                        p.setString(2, nodeId);
                        p.addBatch();
                    }
                    p.executeBatch();
                }
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The accounts other live nodes hold receiving binds of, each with those nodes (sorted). */
    public Map<String, List<String>> presentElsewhere(String nodeId) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT p.system_id, p.node_id FROM esme_presence p JOIN nodes n ON n.id = p.node_id"
                        + " WHERE p.node_id <> ? AND n.lease_until > " + NOW + " ORDER BY p.node_id")) {
            p.setString(1, nodeId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    /**
     * Hands one on to {@code toNode}, only while {@code fromNode} holds its lease under
     * {@code epoch} (the store's fence); its id, or empty when the fence refused it.
     */
    public OptionalLong forward(String fromNode, long epoch, String toNode, String systemId, char kind, String body)
            throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO esme_forwards (from_node, to_node, system_id, kind, body, state, created_at)"
                        + " SELECT ?, ?, ?, ?, ?, " + WAITING + ", " + NOW
                        + " WHERE EXISTS (SELECT 1 FROM nodes WHERE id = ? AND epoch = ? AND lease_until > " + NOW + ")",
                new String[]{"id"})) {
            p.setString(1, fromNode);
            p.setString(2, toNode);
            p.setString(3, systemId);
            p.setString(4, String.valueOf(kind));
            p.setString(5, body);
            p.setString(6, fromNode);
            p.setLong(7, epoch);
            if (p.executeUpdate() == 0) {
                return OptionalLong.empty();
            }
            try (ResultSet rs = p.getGeneratedKeys()) {
                rs.next();
                return OptionalLong.of(rs.getLong(1));
            }
        }
    }

    /** Takes up to {@code limit} forwards waiting for this node, oldest first, marking them being sent. */
    public List<Claimed> claim(String nodeId, int limit) throws SQLException {
        List<Claimed> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "UPDATE esme_forwards SET state = " + SENDING + " WHERE id IN (SELECT id FROM esme_forwards"
                        + " WHERE to_node = ? AND state = " + WAITING + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, system_id, kind, body")) {
            p.setString(1, nodeId);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3).charAt(0), rs.getString(4)));
                }
            }
        }
        out.sort(Comparator.comparingLong(Claimed::id));
        return out;
    }

    /** What the ESME made of a forward this node sent. */
    public void answer(long id, boolean taken) throws SQLException {
        try (Connection c = pool.getConnection()) {
            update(c, "UPDATE esme_forwards SET state = " + (taken ? TAKEN : NOT_TAKEN) + " WHERE id = ?", id);
        }
    }

    /** The forwards this node handed on and has not deleted. */
    public List<Sent> sent(String nodeId) throws SQLException {
        List<Sent> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT f.id, f.state, " + NOW + " - f.created_at, COALESCE(n.lease_until > " + NOW + ", FALSE)"
                        + " FROM esme_forwards f LEFT JOIN nodes n ON n.id = f.to_node WHERE f.from_node = ?")) {
            p.setString(1, nodeId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Sent(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getBoolean(4)));
                }
            }
        }
        return out;
    }

    /** Deletes a forward; {@code onlyWaiting}: only if its target has not taken it up (true when deleted). */
    public boolean delete(long id, boolean onlyWaiting) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return update(c, "DELETE FROM esme_forwards WHERE id = ?" + (onlyWaiting ? " AND state = " + WAITING : ""), id) > 0;
        }
    }

    /** Answered forwards whose sender has not read them for {@code olderThanMillis}: it died and is not back. */
    public int purgeAnswered(String toNode, long olderThanMillis) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "DELETE FROM esme_forwards WHERE to_node = ? AND state IN (" + TAKEN + ", " + NOT_TAKEN + ")"
                        + " AND created_at < " + NOW + " - ?")) {
            p.setString(1, toNode);
            p.setLong(2, olderThanMillis);
            return p.executeUpdate();
        }
    }

    private static int update(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setObject(1, arg);
            return p.executeUpdate();
        }
    }
}
