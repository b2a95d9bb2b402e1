package io.rcsgw.gateway.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of ESMEs' concatenated messages, each written (and committed) as it comes, in one
 * transaction with its set: the first part of a set fixes its message id and total.
 */
public final class JdbcEsmeParts {

    /** A set: whose, between whom, the ESME's reference. */
    public record SetKey(String systemId, String source, String destination, int reference) {
    }

    /** What a set holds after a part was stored: its message id and total, and the parts' texts by seq. */
    public record Stored(String msgId, int total, List<String> texts, List<Integer> seqs) {
    }

    private final DataSource pool;

    public JdbcEsmeParts(JdbcMessageStore store) {
        this.pool = store.dataSource();
    }

    /** Stores one part (a repeat of one already held changes nothing); {@code msgId} is used if the set is new. */
    public Stored put(SetKey k, String msgId, int total, int seq, String text, long at) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO esme_part_sets (system_id, source, destination, "
                        + "reference, msg_id, total, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    bind(p, k);
                    p.setString(5, msgId);
                    p.setInt(6, total);
                    p.setLong(7, at);
                    p.executeUpdate();
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO esme_parts (system_id, source, destination, "
                        + "reference, seq, part_text) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    bind(p, k);
                    p.setInt(5, seq);
                    p.setString(6, text);
                    p.executeUpdate();
                }
                String id;
                int setTotal;
                try (PreparedStatement p = c.prepareStatement("SELECT msg_id, total FROM esme_part_sets WHERE system_id = ? "
                        + "AND source = ? AND destination = ? AND reference = ?")) {
                    bind(p, k);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        id = rs.getString(1);
                        setTotal = rs.getInt(2);
                    }
                }
                List<String> texts = new ArrayList<>();
                List<Integer> seqs = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT seq, part_text FROM esme_parts WHERE system_id = ? "
                        + "AND source = ? AND destination = ? AND reference = ? ORDER BY seq")) {
                    bind(p, k);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            seqs.add(rs.getInt(1));
                            texts.add(rs.getString(2));
                        }
                    }
                }
                c.commit();
                return new Stored(id, setTotal, texts, seqs);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new JdbcMessageStore.StoreException("storing an ESME's message part", e);
        }
    }

    /** Deletes a set and its parts (its message was taken, or it waited too long). */
    public void delete(SetKey k) {
        try (Connection c = pool.getConnection()) {
            for (String table : new String[]{"esme_parts", "esme_part_sets"}) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table
                        + " WHERE system_id = ? AND source = ? AND destination = ? AND reference = ?")) {
                    bind(p, k);
                    p.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new JdbcMessageStore.StoreException("deleting an ESME's message parts", e);
        }
    }

    /** Sets begun before {@code before} and still incomplete. */
    public List<SetKey> older(long before, int limit) {
        List<SetKey> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement("SELECT system_id, source, "
                + "destination, reference FROM esme_part_sets WHERE created_at < ? ORDER BY created_at LIMIT ?")) {
            p.setLong(1, before);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new SetKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new JdbcMessageStore.StoreException("reading old ESME message parts", e);
        }
    }

    private static void bind(PreparedStatement p, SetKey k) throws SQLException {
        p.setString(1, k.systemId());
        p.setString(2, k.source());
        p.setString(3, k.destination());
        p.setInt(4, k.reference());
    }
}
