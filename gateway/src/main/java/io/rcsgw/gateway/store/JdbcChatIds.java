package io.rcsgw.gateway.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The store's side of chatIds: the deployment's key, and which number each revealed chatId
 * stands for. Rows are written once and never change (a chatId is a function of bot and number),
 * so writing one twice, from two nodes at once, is harmless.
 */
public final class JdbcChatIds {

    private final DataSource pool;

    public JdbcChatIds(JdbcMessageStore store) {
        this.pool = store.dataSource();
    }

    /** The named key: the one stored, or {@code fresh} stored now if there was none (the first node to start wins). */
    public String key(String name, String fresh) {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO gateway_keys (name, key_value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                p.setString(1, name);
                p.setString(2, fresh);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT key_value FROM gateway_keys WHERE name = ?")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        } catch (SQLException e) {
            throw new JdbcMessageStore.StoreException("reading gateway key " + name, e);
        }
    }

    public void remember(String botId, String chatId, String userContact, long at) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO chat_ids (bot_id, chat_id, user_contact, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            p.setString(1, botId);
            p.setString(2, chatId);
            p.setString(3, userContact);
            p.setLong(4, at);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new JdbcMessageStore.StoreException("remembering a chatId", e);
        }
    }

    public Optional<String> userOf(String botId, String chatId) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT user_contact FROM chat_ids WHERE bot_id = ? AND chat_id = ?")) {
            p.setString(1, botId);
            p.setString(2, chatId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new JdbcMessageStore.StoreException("reading a chatId", e);
        }
    }
}
