package io.rcsgw.gateway.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A cluster node's right to write. Each group commit first reads the node's lease row, under
 * its epoch and by the database's clock, with {@code FOR KEY SHARE}: a node whose lease ran out
 * (paused, cut off) or that joined again under a later epoch has the whole transaction refused.
 * A survivor's takeover locks the dead node's row {@code FOR UPDATE}, so it waits for a commit
 * that read the lease as valid, and no write of the lost node lands after the takeover claimed
 * its messages. The writer's session ends an open transaction that stays idle for a lease, so a
 * node paused inside one does not hold the takeover up.
 */
public record StoreFence(String nodeId, long epoch, Duration lease) {

    static final String CHECK = "SELECT 1 FROM nodes WHERE id = ? AND epoch = ? AND lease_until > "
            + JdbcMessageStore.DB_NOW_MILLIS + " FOR KEY SHARE";

    /** The writes were refused: this node no longer holds the lease it wrote under. */
    public static final class Refused extends SQLException {
        Refused(StoreFence f) {
            super("node " + f.nodeId() + " (epoch " + f.epoch() + ") no longer holds its lease: its writes are refused",
                    "RCSGW");
        }
    }

    /** Sets the writer connection up for this fence (committed at once, before any batch). */
    void prepare(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET idle_in_transaction_session_timeout = " + lease.toMillis());
        }
        c.commit();
    }

    /** Reads the lease inside the batch's transaction, or throws {@link Refused}. */
    void check(PreparedStatement ps) throws SQLException {
        ps.setString(1, nodeId);
        ps.setLong(2, epoch);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new Refused(this);
            }
        }
    }
}
