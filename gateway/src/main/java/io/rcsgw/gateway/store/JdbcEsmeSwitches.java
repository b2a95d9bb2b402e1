package io.rcsgw.gateway.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/** Which ESME accounts are disabled, kept across restarts. */
public final class JdbcEsmeSwitches {

    private final DataSource pool;

    public JdbcEsmeSwitches(JdbcMessageStore store) {
        this.pool = store.dataSource();
    }

    public Set<String> disabled() {
        try (Connection c = pool.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT system_id FROM esme_disabled");
             ResultSet rs = p.executeQuery()) {
            Set<String> out = new TreeSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("disabled ESME accounts could not be read: " + e.getSQLState(), e);
        }
    }

    /** Records the switch (committed when this returns). */
    public void set(String systemId, boolean enabled, long at) {
        String sql = enabled ? "DELETE FROM esme_disabled WHERE system_id = ?"
                : "INSERT INTO esme_disabled (system_id, disabled_at) VALUES (?, ?) ON CONFLICT DO NOTHING";
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, systemId);
            if (!enabled) {
                p.setLong(2, at);
            }
            p.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("an ESME account's switch could not be stored: " + e.getSQLState(), e);
        }
    }
}
