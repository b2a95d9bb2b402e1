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
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link MessageStore} over JDBC. One writer thread owns a connection and commits whatever
 * groups have queued up since its last commit in one transaction (group commit): under load a
 * single fsync covers hundreds of messages, and with no load a group commits at once.
 */
public final class JdbcMessageStore implements MessageStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcMessageStore.class);

    static final Histogram BATCH_GROUPS = Histogram.build("rcsgw_store_batch_groups", "Write groups per committed transaction")
            .buckets(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000).register();
    static final Histogram COMMIT_SECONDS = Histogram.build("rcsgw_store_commit_seconds", "Time to write and commit one batch")
            .buckets(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1).register();

    /** Batches with fewer groups than this wait {@code commitDelay} for more. */
    static final int GATHER_BELOW = 64;

    private record Pending(List<StoreWrite> group, CompletableFuture<List<Boolean>> future) {
    }

    private final HikariDataSource pool;
    private final boolean postgres;
    private final int batchMaxSize;
    private final long commitDelayNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /**
     * Completes committed groups. Callers chain work onto their futures (HTTP answers, webhook
     * hand-offs); run on the writer thread, that work would delay the next commit. One thread,
     * so groups complete in commit order.
     */
    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "store-completer");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "store-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** Set once this node holds a cluster lease: then every commit is fenced by it. */
    private volatile StoreFence fence;
    /** The writer thread's prepared statements on its current connection. */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    public JdbcMessageStore(String url, String user, String password, int poolSize, int batchMaxSize, Duration commitDelay) {
        this.commitDelayNanos = commitDelay.toNanos();
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
        if (!postgres) {
            housekeeping.scheduleWithFixedDelay(new H2Housekeeping(pool), 2, 2, TimeUnit.SECONDS);
        }
        this.writer = new Thread(this::writeLoop, "store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * H2 in PostgreSQL mode, with commits written through at once so a killed process loses
     * nothing, and closed by {@link #close()} rather than by H2's own shutdown hook, which would
     * close it under the writer while the gateway is still stopping.
     */
    static String h2Url(String url) {
        StringBuilder sb = new StringBuilder(url);
        for (String opt : new String[]{"MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH", "WRITE_DELAY=0",
                "RETENTION_TIME=5000", "DB_CLOSE_ON_EXIT=FALSE"}) {
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
        this.fence = fence;
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
        boolean busy = false;
        Connection c = null;
        StoreFence fencedBy = null;
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchMaxSize - 1);
                if (busy && batch.size() < GATHER_BELOW && commitDelayNanos > 0) {
                    // under load, a moment's wait fills a small transaction: fewer, larger commits
                    // (a batch that is already large gains nothing from waiting)
                    java.util.concurrent.locks.LockSupport.parkNanos(commitDelayNanos);
                    queue.drainTo(batch, batchMaxSize - batch.size());
                }
                busy = batch.size() > 1;
                if (c == null || c.isClosed()) {
                    prepared.clear();
                    c = pool.getConnection();
                    c.setAutoCommit(false);
                    fencedBy = null;
                }
                StoreFence f = fence;
                if (f != null && f != fencedBy) {
                    f.prepare(c);
                    fencedBy = f;
                }
                Histogram.Timer t = COMMIT_SECONDS.startTimer();
                try {
                    List<List<Boolean>> results = commit(c, batch);
                    t.observeDuration();
                    BATCH_GROUPS.observe(batch.size());
                    List<Pending> done = List.copyOf(batch);
                    completer.execute(() -> {
                        for (int i = 0; i < done.size(); i++) {
                            done.get(i).future().complete(results.get(i));
                        }
                    });
                } catch (StoreFence.Refused e) {
                    rollbackQuietly(c);
                    refused(e, batch);
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    log.warn("batch of {} groups failed ({}); committing one by one", batch.size(), describe(e));
                    for (Pending p : batch) {
                        try {
                            List<Boolean> r = commit(c, List.of(p)).get(0);
                            completer.execute(() -> p.future().complete(r));
                        } catch (SQLException one) {
                            rollbackQuietly(c);
                            StoreException failed = new StoreException("a write", one);
                            completer.execute(() -> p.future().completeExceptionally(failed));
                        }
                    }
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Exception e) {
                log.error("store writer failed: {}", describe(e));
                log.debug("store writer failure", e);
                List<Pending> failed = List.copyOf(batch);
                StoreException why = new StoreException("a write", e);
                completer.execute(() -> failed.forEach(p -> p.future().completeExceptionally(why)));
                closeQuietly(c);
                c = null;
                sleep(200);
            } finally {
                batch.clear();
            }
        }
        closeQuietly(c);
    }

    private long refusedBatches;

    /** A node that lost its lease writes nothing more: every group of the batch fails (it halts at its next heartbeat). */
    private void refused(StoreFence.Refused e, List<Pending> batch) {
        if (refusedBatches++ % 1000 == 0) {
            log.error("{}; {} batches refused so far", e.getMessage(), refusedBatches);
        }
        StoreException why = new StoreException("a write", e);
        List<Pending> failed = List.copyOf(batch);
        completer.execute(() -> failed.forEach(p -> p.future().completeExceptionally(why)));
    }

    /** What one batch does to one message's state row: collected, then written with a single UPDATE. */
    private static final class RowChange {
        String state;
        String channel;
        int partsTotal;
        long updatedAt;
        final StringBuilder history = new StringBuilder();
        final StringBuilder parts = new StringBuilder();
        final StringBuilder late = new StringBuilder();
        int hookedSeq = -1;
        int concatReference = -1;
        String decision;
        String deadlines;
        boolean closes;
        /** Closes only if the webhook cursor has reached the newest entry (a later event, e.g. displayed, may be pending). */
        boolean closesIfSettled;
        int lastSeq;
    }

    private static final String UPDATE_STATE = "UPDATE message_state SET state = COALESCE(?, state), "
            + "channel = COALESCE(?, channel), parts_total = CASE WHEN ? > 0 THEN ? ELSE parts_total END, "
            + "updated_at = GREATEST(updated_at, ?), history = history || ?, parts = parts || ?, "
            + "hooked_seq = GREATEST(hooked_seq, ?), sms_ref = CASE WHEN ? >= 0 THEN ? ELSE sms_ref END, "
            + "last_seq = GREATEST(last_seq, ?), decision = COALESCE(?, decision), deadlines = COALESCE(?, deadlines), "
            // late events are kept up to a bound: a platform that repeats one for ever does not grow the row
            + "late = CASE WHEN LENGTH(late) < 60000 THEN late || ? ELSE late END WHERE id = ?";

    private List<List<Boolean>> commit(Connection c, List<Pending> batch) throws SQLException {
        StoreFence f = fence;
        if (f != null) {
            f.check(statement(c, StoreFence.CHECK));
        }
        List<StoreWrite.InsertMessage> inserts = new ArrayList<>();
        // every change of a message in this batch becomes one UPDATE of its state row
        Map<Long, RowChange> rows = new LinkedHashMap<>();
        List<StoreWrite.InsertPart> partInserts = new ArrayList<>();
        List<StoreWrite.PutOrphanReceipt> orphanPuts = new ArrayList<>();
        List<StoreWrite.DeleteOrphanReceipt> orphanDeletes = new ArrayList<>();
        List<StoreWrite.InsertPlatformEvent> eventInserts = new ArrayList<>();
        List<StoreWrite.RelaySettled> relays = new ArrayList<>();
        List<Long> reopened = new ArrayList<>();
        List<StoreWrite.InsertCdr> cdrInserts = new ArrayList<>();
        List<Long> cdrDeletes = new ArrayList<>();
        // the last state of each conversation the batch touches
        Map<String, StoreWrite.PutConversation> conversations = new LinkedHashMap<>();
        List<StoreWrite.DeleteMessage> messageDeletes = new ArrayList<>();
        List<StoreWrite.DeletePlatformEvent> eventDeletes = new ArrayList<>();
        List<StoreWrite.DeleteConversation> conversationDeletes = new ArrayList<>();
        List<StoreWrite.InsertWebView> webViews = new ArrayList<>();
        List<StoreWrite.PutHold> holds = new ArrayList<>();
        List<StoreWrite.SettleHold> settlements = new ArrayList<>();
        List<StoreWrite.TopUp> topUps = new ArrayList<>();
        Map<String, StoreWrite.PutSmsMenu> menus = new LinkedHashMap<>();
        List<Long> expiredLinks = new ArrayList<>();
        for (Pending p : batch) {
            for (StoreWrite w : p.group()) {
                if (w instanceof StoreWrite.InsertMessage m) {
                    inserts.add(m);
                } else if (w instanceof StoreWrite.Transition t) {
                    RowChange r = rows.computeIfAbsent(t.id(), k -> new RowChange());
                    r.state = t.to().name();
                    r.channel = t.channel();
                    r.partsTotal = t.partsTotal() > 0 ? t.partsTotal() : r.partsTotal;
                    r.updatedAt = t.at();
                    r.history.append(RowText.historyLine(t.seq(), t.to(), t.reason(), t.at()));
                    r.closes |= t.closes();
                    r.lastSeq = Math.max(r.lastSeq, t.seq());
                } else if (w instanceof StoreWrite.InsertPart ip) {
                    partInserts.add(ip);
                    rows.computeIfAbsent(ip.id(), k -> new RowChange()).parts
                            .append(RowText.partLine(ip.partNo(), "SUBMITTED", ip.smscKey(), ip.link(), null));
                } else if (w instanceof StoreWrite.UpdatePart up) {
                    rows.computeIfAbsent(up.id(), k -> new RowChange()).parts
                            .append(RowText.partLine(up.partNo(), up.state(), null, null, up.error()));
                } else if (w instanceof StoreWrite.SetDecision d) {
                    rows.computeIfAbsent(d.id(), k -> new RowChange()).decision = d.json();
                } else if (w instanceof StoreWrite.SetDeadlines d) {
                    rows.computeIfAbsent(d.id(), k -> new RowChange()).deadlines = d.deadlines();
                } else if (w instanceof StoreWrite.RecordLate l) {
                    rows.computeIfAbsent(l.id(), k -> new RowChange()).late.append(RowText.lateLine(l.at(), l.what()));
                } else if (w instanceof StoreWrite.InsertWebView v) {
                    webViews.add(v);
                } else if (w instanceof StoreWrite.PutHold h) {
                    holds.add(h);
                } else if (w instanceof StoreWrite.SettleHold sh) {
                    settlements.add(sh);
                } else if (w instanceof StoreWrite.TopUp t) {
                    topUps.add(t);
                } else if (w instanceof StoreWrite.PutSmsMenu menu) {
                    menus.put(menu.botId() + '\n' + menu.userContact(), menu);
                } else if (w instanceof StoreWrite.DeleteExpiredLinks d) {
                    expiredLinks.add(d.before());
                } else if (w instanceof StoreWrite.SetConcatReference r) {
                    rows.computeIfAbsent(r.id(), k -> new RowChange()).concatReference = r.reference();
                } else if (w instanceof StoreWrite.HookSettled h) {
                    RowChange r = rows.computeIfAbsent(h.id(), k -> new RowChange());
                    r.hookedSeq = Math.max(r.hookedSeq, h.seq());
                    r.closesIfSettled |= h.closes();
                } else if (w instanceof StoreWrite.PutOrphanReceipt o) {
                    orphanPuts.add(o);
                } else if (w instanceof StoreWrite.DeleteOrphanReceipt o) {
                    orphanDeletes.add(o);
                } else if (w instanceof StoreWrite.InsertPlatformEvent e) {
                    eventInserts.add(e);
                } else if (w instanceof StoreWrite.RelaySettled r) {
                    relays.add(r);
                } else if (w instanceof StoreWrite.Reopen r) {
                    reopened.add(r.id());
                } else if (w instanceof StoreWrite.InsertCdr cdr) {
                    cdrInserts.add(cdr);
                } else if (w instanceof StoreWrite.DeleteCdr cdr) {
                    cdrDeletes.add(cdr.id());
                } else if (w instanceof StoreWrite.PutConversation pc) {
                    conversations.put(pc.botId() + '\n' + pc.userContact(), pc);
                } else if (w instanceof StoreWrite.DeleteMessage d) {
                    messageDeletes.add(d);
                } else if (w instanceof StoreWrite.DeletePlatformEvent d) {
                    eventDeletes.add(d);
                } else if (w instanceof StoreWrite.DeleteConversation d) {
                    conversationDeletes.add(d);
                }
            }
        }
        int[] counts = executeBatch(c, "INSERT INTO messages (id, bot_id, msg_id, fingerprint, recipient, body, accepted_at, content, "
                + "rule, menu, decision, owner) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", inserts, (ps, m) ->
                bind(ps, m.id(), m.key().botId(), m.key().msgId(), m.fingerprint(), m.recipient(), m.body(), m.at(), m.content(),
                        m.rule(), m.menu(), m.decision(), m.owner()));
        // a cluster node relays the events it stores: the node the fence names
        String relayer = fence == null ? null : fence.nodeId();
        int[] eventCounts = executeBatch(c, "INSERT INTO platform_events (bot_id, event_id, kind, user_contact, payload, "
                + "received_at, pending, msg_id, owner) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", eventInserts, (ps, e) ->
                bind(ps, e.botId(), e.eventId(), e.kind(), e.userContact(), e.payload(), e.at(), e.payload() == null ? 0 : 1,
                        e.msgId(), relayer));
        executeBatch(c, "UPDATE platform_events SET pending = 0, payload = NULL WHERE bot_id = ? AND event_id = ?", relays,
                (ps, r) -> bind(ps, r.botId(), r.eventId()));
        List<StoreWrite.InsertMessage> fresh = new ArrayList<>(inserts.size());
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                fresh.add(inserts.get(i));
            }
        }
        executeBatch(c, "INSERT INTO message_state (id, state, updated_at, history, deadlines) "
                + "VALUES (?,'ACCEPTED',?,?,?)", fresh, (ps, m) -> bind(ps, m.id(), m.at(),
                RowText.historyLine(0, MessageState.ACCEPTED, "accepted", m.at()), m.deadlines() == null ? "" : m.deadlines()));
        List<StoreWrite.InsertWebView> freshViews = new ArrayList<>();
        for (StoreWrite.InsertWebView v : webViews) {
            // a web view belongs to a message inserted in this batch (or earlier): one whose insert was a repeat has none
            if (fresh.stream().anyMatch(m -> m.id() == v.id()) || inserts.stream().noneMatch(m -> m.id() == v.id())) {
                freshViews.add(v);
            }
        }
        executeBatch(c, "INSERT INTO web_views (token, message_id, expires_at) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                freshViews, (ps, v) -> bind(ps, v.token(), v.id(), v.expiresAt()));
        executeBatch(c, "DELETE FROM sms_menus WHERE bot_id = ? AND user_contact = ?", menus.values(),
                (ps, mm) -> bind(ps, mm.botId(), mm.userContact()));
        executeBatch(c, "INSERT INTO sms_menus (bot_id, user_contact, msg_id, suggestions, expires_at) VALUES (?,?,?,?,?)",
                menus.values(), (ps, mm) -> bind(ps, mm.botId(), mm.userContact(), mm.msgId(), mm.suggestions(), mm.expiresAt()));
        executeBatch(c, "DELETE FROM web_views WHERE expires_at < ?", expiredLinks, (ps, before) -> bind(ps, before));
        executeBatch(c, "DELETE FROM sms_menus WHERE expires_at < ?", expiredLinks, (ps, before) -> bind(ps, before));
        executeBatch(c, "INSERT INTO open_messages (id) VALUES (?)", fresh, (ps, m) -> bind(ps, m.id()));
        executeBatch(c, "INSERT INTO sms_parts (smsc_key, smsc_id, link, message_id, part_no) VALUES (?,?,?,?,?) "
                + "ON CONFLICT DO NOTHING", partInserts, (ps, p) ->
                bind(ps, p.smscKey(), p.smscId(), p.link(), p.id(), p.partNo()));
        executeBatch(c, "INSERT INTO orphan_receipts (smsc_key, link, status, error, received_at) VALUES (?,?,?,?,?) "
                + "ON CONFLICT DO NOTHING", orphanPuts, (ps, o) -> bind(ps, o.smscKey(), o.link(), o.status(), o.error(), o.at()));
        executeBatch(c, UPDATE_STATE, rows.entrySet(), (ps, e) -> {
            RowChange r = e.getValue();
            bind(ps, r.state, r.channel, r.partsTotal, r.partsTotal, r.updatedAt, r.history.toString(), r.parts.toString(),
                    r.hookedSeq, r.concatReference, r.concatReference, r.lastSeq, r.decision, r.deadlines, r.late.toString(),
                    e.getKey());
        });
        List<Long> closed = new ArrayList<>();
        List<Long> settled = new ArrayList<>();
        rows.forEach((id, r) -> {
            if (r.closes) {
                closed.add(id);
            } else if (r.closesIfSettled) {
                settled.add(id);
            }
        });
        executeBatch(c, "DELETE FROM open_messages WHERE id = ?", closed, (ps, id) -> bind(ps, id));
        executeBatch(c, "DELETE FROM open_messages WHERE id = ? AND EXISTS (SELECT 1 FROM message_state s "
                + "WHERE s.id = ? AND s.hooked_seq >= s.last_seq)", settled, (ps, id) -> bind(ps, id, id));
        reopened.removeAll(closed);
        executeBatch(c, "INSERT INTO open_messages (id) VALUES (?) ON CONFLICT DO NOTHING", reopened, (ps, id) -> bind(ps, id));
        executeBatch(c, "DELETE FROM orphan_receipts WHERE smsc_key = ?", orphanDeletes, (ps, o) -> bind(ps, o.smscKey()));
        int[] cdrCounts = executeBatch(c, "INSERT INTO cdr_outbox (id, closed_at, line) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                cdrInserts, (ps, r) -> bind(ps, r.id(), r.at(), r.line()));
        List<StoreWrite.InsertCdr> freshCdrs = new ArrayList<>(cdrInserts.size());
        for (int i = 0; i < cdrCounts.length; i++) {
            if (cdrCounts[i] != 0) {
                freshCdrs.add(cdrInserts.get(i)); // usage counts a record once, with the record
            }
        }
        UsageTotals.add(sql -> statement(c, sql), postgres, freshCdrs);
        // a hold belongs to a message inserted in this batch: one whose insert was a repeat has none
        if (!holds.isEmpty()) {
            java.util.Set<Long> freshIds = new java.util.HashSet<>();
            fresh.forEach(m -> freshIds.add(m.id()));
            holds.removeIf(h -> !freshIds.contains(h.id()));
        }
        CreditLedger.apply(sql -> statement(c, sql), postgres, holds, settlements, topUps);
        executeBatch(c, "DELETE FROM cdr_outbox WHERE id = ?", cdrDeletes, (ps, id) -> bind(ps, id));
        // delete and insert: an upsert both databases spell the same way
        executeBatch(c, "DELETE FROM conversations WHERE bot_id = ? AND user_contact = ?", conversations.values(),
                (ps, pc) -> bind(ps, pc.botId(), pc.userContact()));
        executeBatch(c, "INSERT INTO conversations (bot_id, user_contact, opened_at, charged, kind, singles) VALUES (?,?,?,?,?,?)",
                conversations.values(), (ps, pc) -> bind(ps, pc.botId(), pc.userContact(), pc.openedAt(), pc.charged() ? 1 : 0,
                        pc.kind(), pc.singles()));
        // retention: last, so an open_messages row this batch inserts keeps its message
        executeBatch(c, "DELETE FROM conversations WHERE bot_id = ? AND user_contact = ? AND opened_at = ?",
                conversationDeletes, (ps, d) -> bind(ps, d.botId(), d.userContact(), d.openedAt()));
        executeBatch(c, "DELETE FROM platform_events WHERE bot_id = ? AND event_id = ? AND pending = 0", eventDeletes,
                (ps, d) -> bind(ps, d.botId(), d.eventId()));
        List<Object[]> partDeletes = new ArrayList<>();
        for (StoreWrite.DeleteMessage d : messageDeletes) {
            d.smscKeys().forEach(k -> partDeletes.add(new Object[]{k, d.id()}));
        }
        executeBatch(c, "DELETE FROM sms_parts WHERE smsc_key = ? AND message_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM open_messages o WHERE o.id = sms_parts.message_id)", partDeletes, JdbcMessageStore::bind);
        executeBatch(c, "DELETE FROM message_state WHERE id = ? AND NOT EXISTS (SELECT 1 FROM open_messages o WHERE o.id = ?)",
                messageDeletes, (ps, d) -> bind(ps, d.id(), d.id()));
        executeBatch(c, "DELETE FROM messages WHERE id = ? AND NOT EXISTS (SELECT 1 FROM open_messages o WHERE o.id = ?)",
                messageDeletes, (ps, d) -> bind(ps, d.id(), d.id()));
        c.commit();
        List<List<Boolean>> results = new ArrayList<>(batch.size());
        int n = 0;
        int ne = 0;
        for (Pending p : batch) {
            List<Boolean> r = new ArrayList<>(1);
            for (StoreWrite w : p.group()) {
                if (w instanceof StoreWrite.InsertMessage) {
                    r.add(counts[n++] != 0);
                } else if (w instanceof StoreWrite.InsertPlatformEvent) {
                    r.add(eventCounts[ne++] != 0);
                }
            }
            results.add(r);
        }
        return results;
    }

    private interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /** The writer's statement for {@code sql}, prepared once per connection. */
    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /**
     * Runs one statement for every item as a JDBC batch; nothing is sent when there are none.
     * The writer's statements stay prepared for as long as its connection lives.
     */
    private <T> int[] executeBatch(Connection c, String sql, Collection<T> items, Binder<T> binder) throws SQLException {
        if (items.isEmpty()) {
            return new int[0];
        }
        PreparedStatement ps = statement(c, sql);
        try {
            for (T item : items) {
                binder.bind(ps, item);
                ps.addBatch();
            }
            return ps.executeBatch();
        } catch (SQLException e) {
            ps.clearBatch();
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (v instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, v.toString());
            }
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
            bind(ps, params);
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
        closed = true;
        housekeeping.shutdownNow();
        try {
            writer.join(10_000);
            completer.shutdown();
            completer.awaitTermination(5, TimeUnit.SECONDS);
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
