package io.rcsgw.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.prometheus.client.Histogram;
import io.rcsgw.rules.model.MessageState;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link MessageStore} over JDBC. One writer thread owns a connection and commits whatever
 * groups have queued up since its last commit in one transaction (group commit): under load a
 * single fsync covers hundreds of messages, and with no load a group commits at once.
 */
public final class JdbcMessageStore implements MessageStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcMessageStore.class);
    private static final String UNFINISHED = "('ACCEPTED','RCS_SENT','SMS_QUEUED','SMS_SUBMITTED')";

    static final Histogram BATCH_GROUPS = Histogram.build("rcsgw_store_batch_groups", "Write groups per committed transaction")
            .buckets(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000).register();
    static final Histogram COMMIT_SECONDS = Histogram.build("rcsgw_store_commit_seconds", "Time to write and commit one batch")
            .buckets(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1).register();

    private record Pending(List<StoreWrite> group, CompletableFuture<List<Boolean>> future) {
    }

    private final HikariDataSource pool;
    private final boolean postgres;
    private final int batchMaxSize;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    public JdbcMessageStore(String url, String user, String password, int poolSize, int batchMaxSize) {
        this.postgres = url.startsWith("jdbc:postgresql:");
        this.batchMaxSize = batchMaxSize;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(postgres ? url : h2Url(url));
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("store");
        hc.setAutoCommit(true);
        this.pool = new HikariDataSource(hc);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        this.writer = new Thread(this::writeLoop, "store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** H2 in PostgreSQL mode, with commits written through at once so a killed process loses nothing. */
    static String h2Url(String url) {
        StringBuilder sb = new StringBuilder(url);
        for (String opt : new String[]{"MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH", "WRITE_DELAY=0"}) {
            String name = opt.substring(0, opt.indexOf('=') + 1);
            if (!url.toUpperCase().contains(";" + name)) {
                sb.append(';').append(opt);
            }
        }
        return sb.toString();
    }

    @Override
    public CompletableFuture<List<Boolean>> write(List<StoreWrite> group) {
        CompletableFuture<List<Boolean>> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("store closed"));
            return f;
        }
        queue.add(new Pending(group, f));
        return f;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        Connection c = null;
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchMaxSize - 1);
                if (c == null || c.isClosed()) {
                    c = pool.getConnection();
                    c.setAutoCommit(false);
                }
                Histogram.Timer t = COMMIT_SECONDS.startTimer();
                try {
                    List<List<Boolean>> results = commit(c, batch);
                    t.observeDuration();
                    BATCH_GROUPS.observe(batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).future().complete(results.get(i));
                    }
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    log.warn("batch of {} groups failed ({}); committing one by one", batch.size(), e.getMessage());
                    for (Pending p : batch) {
                        try {
                            p.future().complete(commit(c, List.of(p)).get(0));
                        } catch (SQLException one) {
                            rollbackQuietly(c);
                            p.future().completeExceptionally(one);
                        }
                    }
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Exception e) {
                log.error("store writer failed", e);
                for (Pending p : batch) {
                    p.future().completeExceptionally(e);
                }
                closeQuietly(c);
                c = null;
                sleep(200);
            } finally {
                batch.clear();
            }
        }
        closeQuietly(c);
    }

    private List<List<Boolean>> commit(Connection c, List<Pending> batch) throws SQLException {
        List<List<Boolean>> results = new ArrayList<>(batch.size());
        List<StoreWrite.InsertMessage> inserts = new ArrayList<>();
        List<StoreWrite.Transition> transitions = new ArrayList<>();
        List<StoreWrite.InsertPart> partInserts = new ArrayList<>();
        List<StoreWrite.UpdatePart> partUpdates = new ArrayList<>();
        List<StoreWrite.PutOrphanReceipt> orphanPuts = new ArrayList<>();
        List<StoreWrite.DeleteOrphanReceipt> orphanDeletes = new ArrayList<>();
        List<StoreWrite.EnqueueWebhook> hooks = new ArrayList<>();
        List<StoreWrite.RescheduleWebhook> reschedules = new ArrayList<>();
        List<StoreWrite.DeleteWebhook> hookDeletes = new ArrayList<>();
        for (Pending p : batch) {
            for (StoreWrite w : p.group()) {
                if (w instanceof StoreWrite.InsertMessage m) {
                    inserts.add(m);
                } else if (w instanceof StoreWrite.Transition t) {
                    transitions.add(t);
                } else if (w instanceof StoreWrite.InsertPart ip) {
                    partInserts.add(ip);
                } else if (w instanceof StoreWrite.UpdatePart up) {
                    partUpdates.add(up);
                } else if (w instanceof StoreWrite.PutOrphanReceipt o) {
                    orphanPuts.add(o);
                } else if (w instanceof StoreWrite.DeleteOrphanReceipt o) {
                    orphanDeletes.add(o);
                } else if (w instanceof StoreWrite.EnqueueWebhook h) {
                    hooks.add(h);
                } else if (w instanceof StoreWrite.RescheduleWebhook r) {
                    reschedules.add(r);
                } else if (w instanceof StoreWrite.DeleteWebhook d) {
                    hookDeletes.add(d);
                }
            }
        }
        boolean[] inserted = new boolean[inserts.size()];
        if (!inserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (bot_id, msg_id, fingerprint, recipient, body, "
                    + "state, accepted_at, updated_at) VALUES (?,?,?,?,?,'ACCEPTED',?,?) ON CONFLICT DO NOTHING")) {
                for (StoreWrite.InsertMessage m : inserts) {
                    ps.setString(1, m.key().botId());
                    ps.setString(2, m.key().msgId());
                    ps.setString(3, m.fingerprint());
                    ps.setString(4, m.recipient());
                    ps.setString(5, m.body());
                    ps.setLong(6, m.at());
                    ps.setLong(7, m.at());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    inserted[i] = counts[i] != 0;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO message_events (bot_id, msg_id, seq, state, reason, at) VALUES (?,?,0,'ACCEPTED','accepted',?)")) {
                for (int i = 0; i < inserts.size(); i++) {
                    if (inserted[i]) {
                        StoreWrite.InsertMessage m = inserts.get(i);
                        ps.setString(1, m.key().botId());
                        ps.setString(2, m.key().msgId());
                        ps.setLong(3, m.at());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        if (!partInserts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sms_parts (smsc_key, smsc_id, link, bot_id, msg_id, part_no, "
                    + "state, updated_at) VALUES (?,?,?,?,?,?,'SUBMITTED',?) ON CONFLICT DO NOTHING")) {
                for (StoreWrite.InsertPart p : partInserts) {
                    ps.setString(1, p.smscKey());
                    ps.setString(2, p.smscId());
                    ps.setString(3, p.link());
                    ps.setString(4, p.key().botId());
                    ps.setString(5, p.key().msgId());
                    ps.setInt(6, p.partNo());
                    ps.setLong(7, p.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!orphanPuts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO orphan_receipts (smsc_key, link, status, error, received_at) "
                    + "VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                for (StoreWrite.PutOrphanReceipt o : orphanPuts) {
                    ps.setString(1, o.smscKey());
                    ps.setString(2, o.link());
                    ps.setString(3, o.status());
                    ps.setString(4, o.error());
                    ps.setLong(5, o.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!transitions.isEmpty()) {
            try (PreparedStatement ev = c.prepareStatement(
                    "INSERT INTO message_events (bot_id, msg_id, seq, state, reason, at) VALUES (?,?,?,?,?,?)");
                 PreparedStatement up = c.prepareStatement("UPDATE messages SET state = ?, channel = COALESCE(?, channel), "
                         + "parts_total = CASE WHEN ? > 0 THEN ? ELSE parts_total END, updated_at = ? WHERE bot_id = ? AND msg_id = ?")) {
                for (StoreWrite.Transition t : transitions) {
                    ev.setString(1, t.key().botId());
                    ev.setString(2, t.key().msgId());
                    ev.setInt(3, t.seq());
                    ev.setString(4, t.to().name());
                    ev.setString(5, t.reason());
                    ev.setLong(6, t.at());
                    ev.addBatch();
                    up.setString(1, t.to().name());
                    up.setString(2, t.channel());
                    up.setInt(3, t.partsTotal());
                    up.setInt(4, t.partsTotal());
                    up.setLong(5, t.at());
                    up.setString(6, t.key().botId());
                    up.setString(7, t.key().msgId());
                    up.addBatch();
                }
                ev.executeBatch();
                up.executeBatch();
            }
        }
        if (!partUpdates.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sms_parts SET state = ?, error = ?, updated_at = ? WHERE smsc_key = ?")) {
                for (StoreWrite.UpdatePart p : partUpdates) {
                    ps.setString(1, p.state());
                    ps.setString(2, p.error());
                    ps.setLong(3, p.at());
                    ps.setString(4, p.smscKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!orphanDeletes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM orphan_receipts WHERE smsc_key = ?")) {
                for (StoreWrite.DeleteOrphanReceipt o : orphanDeletes) {
                    ps.setString(1, o.smscKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!hooks.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_outbox (event_id, bot_id, msg_id, seq, payload, "
                    + "attempts, next_attempt_at, created_at) VALUES (?,?,?,?,?,0,?,?)")) {
                for (StoreWrite.EnqueueWebhook h : hooks) {
                    ps.setString(1, h.eventId());
                    ps.setString(2, h.key().botId());
                    ps.setString(3, h.key().msgId());
                    ps.setInt(4, h.seq());
                    ps.setString(5, h.payload());
                    ps.setLong(6, h.at());
                    ps.setLong(7, h.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!reschedules.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ? WHERE event_id = ?")) {
                for (StoreWrite.RescheduleWebhook r : reschedules) {
                    ps.setInt(1, r.attempts());
                    ps.setLong(2, r.nextAttemptAt());
                    ps.setString(3, r.eventId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!hookDeletes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_outbox WHERE event_id = ?")) {
                for (StoreWrite.DeleteWebhook d : hookDeletes) {
                    ps.setString(1, d.eventId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        c.commit();
        int n = 0;
        for (Pending p : batch) {
            List<Boolean> r = new ArrayList<>(1);
            for (StoreWrite w : p.group()) {
                if (w instanceof StoreWrite.InsertMessage) {
                    r.add(inserted[n++]);
                }
            }
            results.add(r);
        }
        return results;
    }

    @Override
    public Optional<StoredMessage> find(MessageKey key, boolean withHistory) {
        try (Connection c = pool.getConnection()) {
            StoredMessage m;
            try (PreparedStatement ps = c.prepareStatement("SELECT fingerprint, recipient, body, state, channel, parts_total, "
                    + "accepted_at, updated_at FROM messages WHERE bot_id = ? AND msg_id = ?")) {
                ps.setString(1, key.botId());
                ps.setString(2, key.msgId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    m = new StoredMessage(key, rs.getString(1), rs.getString(2), rs.getString(3),
                            MessageState.valueOf(rs.getString(4)), rs.getString(5), rs.getInt(6), rs.getLong(7),
                            rs.getLong(8), List.of(), List.of());
                }
            }
            if (!withHistory) {
                return Optional.of(m);
            }
            List<StoredMessage.Event> history = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, state, reason, at FROM message_events WHERE bot_id = ? AND msg_id = ? ORDER BY seq")) {
                ps.setString(1, key.botId());
                ps.setString(2, key.msgId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        history.add(new StoredMessage.Event(rs.getInt(1), MessageState.valueOf(rs.getString(2)),
                                rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            return Optional.of(new StoredMessage(key, m.fingerprint(), m.recipient(), m.body(), m.state(), m.channel(),
                    m.partsTotal(), m.acceptedAt(), m.updatedAt(), history, partsOf(c, key)));
        } catch (SQLException e) {
            throw new StoreException("find " + key, e);
        }
    }

    private List<StoredMessage.Part> partsOf(Connection c, MessageKey key) throws SQLException {
        List<StoredMessage.Part> parts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT smsc_key, smsc_id, link, part_no, state, error FROM sms_parts "
                + "WHERE bot_id = ? AND msg_id = ? ORDER BY part_no")) {
            ps.setString(1, key.botId());
            ps.setString(2, key.msgId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(new StoredMessage.Part(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        return parts;
    }

    @Override
    public List<StoredMessage> unfinished() {
        try (Connection c = pool.getConnection()) {
            Map<MessageKey, List<StoredMessage.Part>> parts = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.bot_id, p.msg_id, p.smsc_key, p.smsc_id, p.link, p.part_no, "
                    + "p.state, p.error FROM sms_parts p JOIN messages m ON m.bot_id = p.bot_id AND m.msg_id = p.msg_id "
                    + "WHERE m.state IN " + UNFINISHED);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.computeIfAbsent(new MessageKey(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new StoredMessage.Part(rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                                    rs.getString(7), rs.getString(8)));
                }
            }
            Map<MessageKey, Integer> lastSeq = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT e.bot_id, e.msg_id, MAX(e.seq) FROM message_events e "
                    + "JOIN messages m ON m.bot_id = e.bot_id AND m.msg_id = e.msg_id WHERE m.state IN " + UNFINISHED
                    + " GROUP BY e.bot_id, e.msg_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastSeq.put(new MessageKey(rs.getString(1), rs.getString(2)), rs.getInt(3));
                }
            }
            List<StoredMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT bot_id, msg_id, fingerprint, recipient, body, state, channel, "
                    + "parts_total, accepted_at, updated_at FROM messages WHERE state IN " + UNFINISHED + " ORDER BY accepted_at");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    MessageKey key = new MessageKey(rs.getString(1), rs.getString(2));
                    int seq = lastSeq.getOrDefault(key, 0);
                    out.add(new StoredMessage(key, rs.getString(3), rs.getString(4), rs.getString(5),
                            MessageState.valueOf(rs.getString(6)), rs.getString(7), rs.getInt(8), rs.getLong(9), rs.getLong(10),
                            List.of(new StoredMessage.Event(seq, MessageState.valueOf(rs.getString(6)), "", rs.getLong(10))),
                            parts.getOrDefault(key, List.of())));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("load unfinished messages", e);
        }
    }

    @Override
    public Optional<PartRef> findPart(String smscKey) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT bot_id, msg_id, part_no, link FROM sms_parts WHERE smsc_key = ?")) {
            ps.setString(1, smscKey);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(new PartRef(new MessageKey(rs.getString(1), rs.getString(2)), rs.getInt(3), rs.getString(4)));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("find part", e);
        }
    }

    @Override
    public List<OrphanReceipt> orphanReceipts() {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT smsc_key, link, status, error, received_at FROM orphan_receipts");
             ResultSet rs = ps.executeQuery()) {
            List<OrphanReceipt> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new OrphanReceipt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("load orphan receipts", e);
        }
    }

    @Override
    public List<OutboxEntry> outbox() {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_id, bot_id, msg_id, seq, payload, attempts, next_attempt_at, "
                     + "created_at FROM webhook_outbox ORDER BY created_at, seq");
             ResultSet rs = ps.executeQuery()) {
            List<OutboxEntry> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new OutboxEntry(rs.getString(1), new MessageKey(rs.getString(2), rs.getString(3)), rs.getInt(4),
                        rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getLong(8)));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("load webhook outbox", e);
        }
    }

    @Override
    public boolean isReachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is replaced on the next failure
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A read from the store failed. */
    public static final class StoreException extends RuntimeException {
        StoreException(String what, Throwable cause) {
            super(what + ": " + cause.getMessage(), cause);
        }
    }
}
