package io.rcsgw.gateway.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Bots' uploaded files in the store's {@code files} table. A file is one row written in one
 * statement, outside the message writer's group commit: a large upload never holds up messages.
 * Reads ignore a file past its {@code until}, whether or not retention has deleted it yet.
 */
public final class JdbcFileStore {

    /** A file without its bytes. */
    public record FileRow(String fileId, String botId, String mimeType, String fileName, long size, long untilAt, long createdAt) {
    }

    /** A file's bytes and how to serve them. */
    public record FileBytes(String mimeType, String fileName, byte[] content) {
    }

    private final DataSource pool;

    public JdbcFileStore(JdbcMessageStore store) {
        this.pool = store.dataSource();
    }

    public void insert(FileRow f, byte[] content) {
        run("INSERT INTO files (file_id, bot_id, mime_type, file_name, file_size, until_at, created_at, content) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", p -> {
            p.setString(1, f.fileId());
            p.setString(2, f.botId());
            p.setString(3, f.mimeType());
            p.setString(4, f.fileName());
            p.setLong(5, f.size());
            p.setLong(6, f.untilAt());
            p.setLong(7, f.createdAt());
            p.setBytes(8, content);
            return p.executeUpdate();
        });
    }

    /** The bot's file, if it is still there at {@code now}. */
    public Optional<FileRow> find(String botId, String fileId, long now) {
        return Optional.ofNullable(run("SELECT mime_type, file_name, file_size, until_at, created_at FROM files "
                + "WHERE file_id = ? AND bot_id = ? AND until_at > ?", p -> {
            p.setString(1, fileId);
            p.setString(2, botId);
            p.setLong(3, now);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? new FileRow(fileId, botId, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)) : null;
            }
        }));
    }

    /** Any bot's file by id alone (its public URL), if it is still there at {@code now}. */
    public Optional<FileBytes> content(String fileId, long now) {
        return Optional.ofNullable(run("SELECT mime_type, file_name, content FROM files WHERE file_id = ? AND until_at > ?", p -> {
            p.setString(1, fileId);
            p.setLong(2, now);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? new FileBytes(rs.getString(1), rs.getString(2), rs.getBytes(3)) : null;
            }
        }));
    }

    /** Bytes the bot holds in files still there at {@code now}. */
    public long usedBytes(String botId, long now) {
        return run("SELECT COALESCE(SUM(file_size), 0) FROM files WHERE bot_id = ? AND until_at > ?", p -> {
            p.setString(1, botId);
            p.setLong(2, now);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public boolean delete(String botId, String fileId, long now) {
        return run("DELETE FROM files WHERE file_id = ? AND bot_id = ? AND until_at > ?", p -> {
            p.setString(1, fileId);
            p.setString(2, botId);
            p.setLong(3, now);
            return p.executeUpdate();
        }) > 0;
    }

    /** Deletes files whose time was up before {@code now}; how many went. */
    public int deleteExpired(long now) {
        return run("DELETE FROM files WHERE until_at <= ?", p -> {
            p.setLong(1, now);
            return p.executeUpdate();
        });
    }

    private interface Statement<T> {
        T run(PreparedStatement p) throws SQLException;
    }

    private <T> T run(String sql, Statement<T> body) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            return body.run(p);
        } catch (SQLException e) {
            // the statement, never its values: they hold bot content
            throw new JdbcMessageStore.StoreException("file store: " + e.getSQLState(), e);
        }
    }
}
