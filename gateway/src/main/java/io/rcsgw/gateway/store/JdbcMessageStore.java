package io.rcsgw.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.rcsgw.rules.model.MessageState;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@link MessageStore} over JDBC: its schema (Flyway), its reads, and its writes through one
 * {@link GroupCommitWriter}, which commits many callers' groups in one transaction.
 */
public final class JdbcMessageStore implements MessageStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcMessageStore.class);

    private final HikariDataSource pool;
    private final boolean postgres;
    private final GroupCommitWriter writer;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "store-housekeeping");
        t.setDaemon(true);
        return t;
    });
    public JdbcMessageStore(String url, String user, String password, int poolSize, int batchMaxSize, Duration commitDelay) {
        this.postgres = url.startsWith("jdbc:postgresql:");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(postgres ? url : h2Url(url));
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("store");
        hc.setAutoCommit(true);
        this.pool = new HikariDataSource(hc);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        if (!postgres) {
            housekeeping.scheduleWithFixedDelay(new H2Housekeeping(pool), 2, 2, TimeUnit.SECONDS);
        }
        this.writer = new GroupCommitWriter(pool, postgres, batchMaxSize, commitDelay);
    }

    /** H2's page cache, in KB. */
    static final int H2_CACHE_KB = 2048;

    /**
     * H2 in PostgreSQL mode, with commits written through at once so a killed process loses
     * nothing, and closed by {@link #close()} rather than by H2's own shutdown hook, which would
     * close it under the writer while the gateway is still stopping. Its page cache is 2 MB, not
     * H2's 16: every commit rewrites the pages it changes, and pages a larger cache keeps for a
     * while are what each young collection copies, so the cache sets the GC pauses (measured in
     * docs/benchmarks.md). A URL that sets any of these keeps its own.
     */
    static String h2Url(String url) {
        StringBuilder sb = new StringBuilder(url);
        for (String opt : new String[]{"MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH", "WRITE_DELAY=0",
                "RETENTION_TIME=5000", "DB_CLOSE_ON_EXIT=FALSE", "CACHE_SIZE=" + H2_CACHE_KB}) {
            String name = opt.substring(0, opt.indexOf('=') + 1);
            if (!url.toUpperCase().contains(";" + name)) {
                sb.append(';').append(opt);
            }
        }
        return sb.toString();
    }

    /** From now on every write commits only while {@code fence}'s lease holds (PostgreSQL only). */
    public void fenceWith(StoreFence fence) {
        if (!postgres) {
            throw new IllegalStateException("a cluster fence needs PostgreSQL");
        }
        writer.fenceWith(fence);
    }

    @Override
    public CompletableFuture<List<Boolean>> write(List<StoreWrite> group) {
        return writer.write(group);
    }

    @Override
    public CompletableFuture<List<Boolean>> writeSoon(long id, List<StoreWrite> group) {
        return writer.writeSoon(id, group);
    }

    @Override
    public void flush() {
        try {
            writer.flush().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("held writes not flushed: {}", e.toString());
        }
    }

    private static final String ROW_COLUMNS = "m.id, m.bot_id, m.msg_id, m.fingerprint, m.recipient, m.body, s.state, "
            + "s.channel, s.parts_total, m.accepted_at, s.updated_at, s.history, s.parts, s.hooked_seq, s.sms_ref, m.content, "
            + "m.rule, COALESCE(s.decision, m.decision), s.deadlines, s.late, m.menu";

    private static StoredMessage row(ResultSet rs, boolean withHistory) throws SQLException {
        return new StoredMessage(rs.getLong(1), new MessageKey(rs.getString(2), rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), MessageState.valueOf(rs.getString(7)), rs.getString(8), rs.getInt(9),
                rs.getLong(10), rs.getLong(11), withHistory ? RowText.history(rs.getString(12)) : List.of(),
                withHistory ? RowText.parts(rs.getString(13)) : List.of(), rs.getInt(14), rs.getInt(15), rs.getString(16),
                rs.getString(17), rs.getString(18), rs.getString(19), withHistory ? RowText.late(rs.getString(20)) : List.of(),
                rs.getString(21));
    }

    @Override
    public Optional<StoredMessage> find(MessageKey key, boolean withHistory) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM messages m "
                     + "JOIN message_state s ON s.id = m.id WHERE m.bot_id = ? AND m.msg_id = ?")) {
            ps.setString(1, key.botId());
            ps.setString(2, key.msgId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, withHistory)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("find " + key, e);
        }
    }

    @Override
    public Optional<StoredMessage> findById(long id) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM messages m "
                     + "JOIN message_state s ON s.id = m.id WHERE m.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, true)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("find message " + id, e);
        }
    }

    @Override
    public List<StoredMessage> unfinished() {
        return unfinishedWhere("");
    }

    @Override
    public Map<String, Long> openByOwner() {
        Map<String, Long> out = new LinkedHashMap<>();
        list("count open messages by owner", "SELECT m.owner, COUNT(*) FROM open_messages o JOIN messages m ON m.id = o.id "
                + "WHERE m.owner IS NOT NULL GROUP BY m.owner", rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public Optional<String> ownerOf(long id) {
        List<String> owner = list("find a message's owner", "SELECT owner FROM messages WHERE id = ?",
                rs -> rs.getString(1), id);
        return owner.isEmpty() ? Optional.empty() : Optional.ofNullable(owner.get(0));
    }

    @Override
    public boolean isOpen(long id) {
        return !list("find an open message", "SELECT id FROM open_messages WHERE id = ?", rs -> rs.getLong(1), id).isEmpty();
    }

    @Override
    public List<StoredMessage> unfinished(String owner) {
        return unfinishedWhere(" WHERE m.owner = ?", owner);
    }

    private List<StoredMessage> unfinishedWhere(String where, Object... params) {
        return list("load unfinished messages", "SELECT " + ROW_COLUMNS + " FROM open_messages o JOIN messages m "
                + "ON m.id = o.id JOIN message_state s ON s.id = o.id" + where + " ORDER BY m.accepted_at, m.id",
                rs -> row(rs, true), params);
    }

    /** The database's clock, epoch millis (PostgreSQL): what leases are timed by. */
    public static final String DB_NOW_MILLIS = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    /**
     * The row of node {@code ?} as {@code dead}, if its lease ran out, locked until the claim that
     * starts with it commits: a node that joins again meanwhile waits, and resumes only what was not claimed.
     */
    private static final String DEAD_NODE_LOCKED = "WITH dead AS (SELECT id FROM nodes WHERE id = ? AND lease_until < "
            + DB_NOW_MILLIS + " FOR UPDATE)";

    @Override
    public List<Long> claimOpen(String from, String to, int limit) {
        if (from == null) {
            return list("take messages over", "UPDATE messages SET owner = ? WHERE id IN (SELECT o.id FROM open_messages o "
                    + "JOIN messages m ON m.id = o.id WHERE m.owner IS NULL LIMIT ?) RETURNING id", rs -> rs.getLong(1),
                    to, limit);
        }
        return list("take messages over", DEAD_NODE_LOCKED + " UPDATE messages SET owner = ? WHERE owner = "
                + "(SELECT id FROM dead) AND id IN (SELECT o.id FROM open_messages o JOIN messages m ON m.id = o.id "
                + "WHERE m.owner = ? LIMIT ?) RETURNING id",
                rs -> rs.getLong(1), from, to, from, limit);
    }

    @Override
    public Optional<PartRef> findPart(String smscKey) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT message_id, part_no, link FROM sms_parts WHERE smsc_key = ?")) {
            ps.setString(1, smscKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new PartRef(rs.getLong(1), rs.getInt(2), rs.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("find part", e);
        }
    }

    /** Ids are handed out from blocks of {@link #ID_BLOCK} taken from the database's sequence. */
    static final int ID_BLOCK = 1000;
    private final Object idLock = new Object();
    private long nextId;
    private long idLimit;

    @Override
    public long newMessageId() {
        synchronized (idLock) {
            if (nextId >= idLimit) {
                try (Connection c = pool.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT nextval('message_ids')");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    nextId = rs.getLong(1);
                    idLimit = nextId + ID_BLOCK;
                } catch (SQLException e) {
                    throw new StoreException("allocate message ids", e);
                }
            }
            return nextId++;
        }
    }

    /** How one result row becomes a value. */
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a query on a pooled connection; {@code what} names it in the error. */
    private <T> List<T> list(String what, String sql, RowMapper<T> row, Object... params) {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            BatchCommit.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException(what, e);
        }
    }

    @Override
    public List<OrphanReceipt> orphanReceipts() {
        return list("load orphan receipts", "SELECT smsc_key, link, status, error, received_at FROM orphan_receipts",
                rs -> new OrphanReceipt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
    }

    private static final String RELAY_COLUMNS = "bot_id, event_id, kind, user_contact, payload, received_at";

    private static PendingRelay relay(ResultSet rs) throws SQLException {
        return new PendingRelay(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getLong(6));
    }

    @Override
    public List<PendingRelay> pendingRelays(String owner) {
        return owner == null
                ? list("load pending platform events", "SELECT " + RELAY_COLUMNS + " FROM platform_events WHERE pending = 1 "
                        + "ORDER BY received_at", JdbcMessageStore::relay)
                : list("load pending platform events", "SELECT " + RELAY_COLUMNS + " FROM platform_events WHERE pending = 1 "
                        + "AND owner = ? ORDER BY received_at", JdbcMessageStore::relay, owner);
    }

    @Override
    public List<PendingRelay> claimRelays(String from, String to) {
        List<PendingRelay> claimed = from == null
                ? list("take relays over", "UPDATE platform_events SET owner = ? WHERE pending = 1 AND owner IS NULL "
                        + "RETURNING " + RELAY_COLUMNS, JdbcMessageStore::relay, to)
                : list("take relays over", DEAD_NODE_LOCKED + " UPDATE platform_events SET owner = ? WHERE pending = 1 "
                        + "AND owner = (SELECT id FROM dead) RETURNING " + RELAY_COLUMNS, JdbcMessageStore::relay, from, to);
        List<PendingRelay> oldestFirst = new ArrayList<>(claimed);
        oldestFirst.sort(java.util.Comparator.comparingLong(PendingRelay::receivedAt));
        return oldestFirst;
    }

    @Override
    public List<RetainedMessage> messagesAfter(long afterId, int limit) {
        return list("scan messages", "SELECT m.id, m.accepted_at, s.updated_at, s.parts, "
                + "CASE WHEN o.id IS NULL THEN 0 ELSE 1 END FROM messages m JOIN message_state s ON s.id = m.id "
                + "LEFT JOIN open_messages o ON o.id = m.id WHERE m.id > ? ORDER BY m.id LIMIT ?", rs -> {
            List<String> keys = new ArrayList<>();
            for (StoredMessage.Part part : RowText.parts(rs.getString(4))) {
                if (part.smscKey() != null && !part.smscKey().isEmpty()) {
                    keys.add(part.smscKey());
                }
            }
            return new RetainedMessage(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(5) != 0, keys);
        }, afterId, limit);
    }

    @Override
    public List<PlatformEventKey> settledPlatformEvents(long before, int limit) {
        return list("scan platform events", "SELECT bot_id, event_id FROM platform_events WHERE pending = 0 AND received_at < ? "
                + "LIMIT ?", rs -> new PlatformEventKey(rs.getString(1), rs.getString(2)), before, limit);
    }

    @Override
    public List<StoredConversation> conversationsBefore(long before, int limit) {
        return list("scan conversations", "SELECT bot_id, user_contact, opened_at, charged FROM conversations "
                + "WHERE opened_at < ? LIMIT ?", JdbcMessageStore::conversation, before, limit);
    }

    @Override
    public List<StoredConversation> conversationsSince(long since) {
        return list("load conversations", "SELECT bot_id, user_contact, opened_at, charged, kind, singles FROM conversations "
                + "WHERE opened_at >= ?", rs -> new StoredConversation(rs.getString(1), rs.getString(2), rs.getLong(3),
                rs.getInt(4) != 0, rs.getString(5), rs.getString(6)), since);
    }

    private static StoredConversation conversation(ResultSet rs) throws SQLException {
        return new StoredConversation(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4) != 0);
    }

    @Override
    public List<CreditAccount> creditAccounts() {
        try (Connection c = pool.getConnection()) {
            return CreditLedger.accounts(c);
        } catch (SQLException e) {
            throw new StoreException("load credit accounts", e);
        }
    }

    @Override
    public List<CreditHold> creditHolds() {
        try (Connection c = pool.getConnection()) {
            return CreditLedger.holds(c);
        } catch (SQLException e) {
            throw new StoreException("load credit holds", e);
        }
    }

    @Override
    public List<UsageRow> usage(String botId, long fromMinute, long toMinute) {
        try (Connection c = pool.getConnection()) {
            return UsageTotals.query(c, botId, fromMinute, toMinute).stream().map(r -> new UsageRow(r.channel(), r.category(),
                    r.currency(), r.messages(), r.records(), r.units(), r.amount())).toList();
        } catch (SQLException e) {
            throw new StoreException("load usage", e);
        }
    }

    @Override
    public List<PendingCdr> pendingCdrs(int limit) {
        return list("load charging data records", "SELECT id, closed_at, line FROM cdr_outbox ORDER BY id LIMIT ?",
                rs -> new PendingCdr(rs.getLong(1), rs.getLong(2), rs.getString(3)), limit);
    }

    @Override
    public CdrBacklog cdrBacklog() {
        // the next one is the lowest id (export order): found through the key, not a scan
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM cdr_outbox), "
                     + "(SELECT closed_at FROM cdr_outbox ORDER BY id LIMIT 1)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new CdrBacklog(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new StoreException("count charging data records", e);
        }
    }

    @Override
    public Optional<WebView> webView(String token) {
        return list("find web view", "SELECT message_id, expires_at FROM web_views WHERE token = ?",
                rs -> new WebView(rs.getLong(1), rs.getLong(2)), token).stream().findFirst();
    }

    @Override
    public Optional<SmsMenu> smsMenu(String botId, String userContact, long now) {
        return list("find SMS menu", "SELECT msg_id, suggestions, expires_at FROM sms_menus WHERE bot_id = ? AND user_contact = ? "
                + "AND expires_at > ?", rs -> new SmsMenu(rs.getString(1), rs.getString(2), rs.getLong(3)), botId, userContact, now)
                .stream().findFirst();
    }

    @Override
    public Optional<UserMessage> userMessage(String botId, String msgId) {
        return list("find user message", "SELECT user_contact, kind FROM platform_events WHERE bot_id = ? AND msg_id = ? "
                + "AND kind <> 'isTyping' ORDER BY received_at", rs -> new UserMessage(rs.getString(1), rs.getString(2)), botId, msgId)
                .stream().findFirst();
    }

    /** The store's connections, for the parts of the store that write outside the group commit (files). */
    javax.sql.DataSource dataSource() {
        return pool;
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
        housekeeping.shutdownNow();
        writer.close();
        pool.close();
    }

    /**
     * A failure as the logs may say it: the kind, SQLState and vendor code of each SQL error in the
     * chain, never its message (databases put the statement's values there: numbers, texts).
     */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql) {
                sb.append(" SQLState ").append(sql.getSQLState()).append(" code ").append(sql.getErrorCode());
            }
        }
        return sb.toString();
    }

    /** A read from the store failed; the message says which read and how (no values from the statement). */
    public static final class StoreException extends RuntimeException {
        StoreException(String what, Throwable cause) {
            super(what + " failed: " + describe(cause), cause);
        }
    }
}
