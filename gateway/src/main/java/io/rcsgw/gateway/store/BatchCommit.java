package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one group-commit batch in one transaction on the writer's connection: each kind of
 * write ({@link BatchWrites}) as one JDBC batch, in an order that keeps the tables consistent,
 * then commits. Under a cluster fence the node's lease is read first, in the same transaction.
 * The statements stay prepared for as long as the connection lives.
 */
final class BatchCommit {

    private static final String UPDATE_STATE = "UPDATE message_state SET state = COALESCE(?, state), "
            + "channel = COALESCE(?, channel), parts_total = CASE WHEN ? > 0 THEN ? ELSE parts_total END, "
            + "updated_at = GREATEST(updated_at, ?), history = history || ?, parts = parts || ?, "
            + "hooked_seq = GREATEST(hooked_seq, ?), sms_ref = CASE WHEN ? >= 0 THEN ? ELSE sms_ref END, "
            + "last_seq = GREATEST(last_seq, ?), decision = COALESCE(?, decision), deadlines = COALESCE(?, deadlines), "
            // late events are kept up to a bound: a platform that repeats one for ever does not grow the row
            + "late = CASE WHEN LENGTH(late) < 60000 THEN late || ? ELSE late END WHERE id = ?";

    private final boolean postgres;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    BatchCommit(boolean postgres) {
        this.postgres = postgres;
    }

    /** The writer has a new connection: what was prepared on the old one is gone. */
    void newConnection() {
        prepared.clear();
    }

    /** Commits the groups; per group, whether each InsertMessage and InsertPlatformEvent was new. */
    List<List<Boolean>> commit(Connection c, List<List<StoreWrite>> groups, StoreFence fence) throws SQLException {
        if (fence != null) {
            fence.check(statement(c, StoreFence.CHECK));
        }
        BatchWrites b = new BatchWrites(groups);
        int[] counts = executeBatch(c, "INSERT INTO messages (id, bot_id, msg_id, fingerprint, recipient, body, accepted_at, content, "
                + "rule, menu, decision, owner) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", b.inserts, (ps, m) ->
                bind(ps, m.id(), m.key().botId(), m.key().msgId(), m.fingerprint(), m.recipient(), m.body(), m.at(), m.content(),
                        m.rule(), m.menu(), m.decision(), m.owner()));
        // a cluster node relays the events it stores: the node the fence names
        String relayer = fence == null ? null : fence.nodeId();
        int[] eventCounts = executeBatch(c, "INSERT INTO platform_events (bot_id, event_id, kind, user_contact, payload, "
                + "received_at, pending, msg_id, owner) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", b.eventInserts, (ps, e) ->
                bind(ps, e.botId(), e.eventId(), e.kind(), e.userContact(), e.payload(), e.at(), e.payload() == null ? 0 : 1,
                        e.msgId(), relayer));
        executeBatch(c, "UPDATE platform_events SET pending = 0, payload = NULL WHERE bot_id = ? AND event_id = ?", b.relays,
                (ps, r) -> bind(ps, r.botId(), r.eventId()));
        List<StoreWrite.InsertMessage> fresh = new ArrayList<>(b.inserts.size());
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                fresh.add(b.inserts.get(i));
            }
        }
        executeBatch(c, "INSERT INTO message_state (id, state, updated_at, history, deadlines) "
                + "VALUES (?,'ACCEPTED',?,?,?)", fresh, (ps, m) -> bind(ps, m.id(), m.at(),
                RowText.historyLine(0, MessageState.ACCEPTED, "accepted", m.at()), m.deadlines() == null ? "" : m.deadlines()));
        List<StoreWrite.InsertWebView> freshViews = new ArrayList<>();
        for (StoreWrite.InsertWebView v : b.webViews) {
            // a web view belongs to a message inserted in this batch (or earlier): one whose insert was a repeat has none
            if (fresh.stream().anyMatch(m -> m.id() == v.id()) || b.inserts.stream().noneMatch(m -> m.id() == v.id())) {
                freshViews.add(v);
            }
        }
        executeBatch(c, "INSERT INTO web_views (token, message_id, expires_at) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                freshViews, (ps, v) -> bind(ps, v.token(), v.id(), v.expiresAt()));
        executeBatch(c, "DELETE FROM sms_menus WHERE bot_id = ? AND user_contact = ?", b.menus.values(),
                (ps, mm) -> bind(ps, mm.botId(), mm.userContact()));
        executeBatch(c, "INSERT INTO sms_menus (bot_id, user_contact, msg_id, suggestions, expires_at) VALUES (?,?,?,?,?)",
                b.menus.values(), (ps, mm) -> bind(ps, mm.botId(), mm.userContact(), mm.msgId(), mm.suggestions(), mm.expiresAt()));
        executeBatch(c, "DELETE FROM web_views WHERE expires_at < ?", b.expiredLinks, (ps, before) -> bind(ps, before));
        executeBatch(c, "DELETE FROM sms_menus WHERE expires_at < ?", b.expiredLinks, (ps, before) -> bind(ps, before));
        executeBatch(c, "INSERT INTO open_messages (id) VALUES (?)", fresh, (ps, m) -> bind(ps, m.id()));
        executeBatch(c, "INSERT INTO sms_parts (smsc_key, smsc_id, link, message_id, part_no) VALUES (?,?,?,?,?) "
                + "ON CONFLICT DO NOTHING", b.partInserts, (ps, p) ->
                bind(ps, p.smscKey(), p.smscId(), p.link(), p.id(), p.partNo()));
        executeBatch(c, "INSERT INTO orphan_receipts (smsc_key, link, status, error, received_at) VALUES (?,?,?,?,?) "
                + "ON CONFLICT DO NOTHING", b.orphanPuts, (ps, o) -> bind(ps, o.smscKey(), o.link(), o.status(), o.error(), o.at()));
        executeBatch(c, UPDATE_STATE, b.rows.entrySet(), (ps, e) -> {
            BatchWrites.RowChange r = e.getValue();
            bind(ps, r.state, r.channel, r.partsTotal, r.partsTotal, r.updatedAt, r.history.toString(), r.parts.toString(),
                    r.hookedSeq, r.concatReference, r.concatReference, r.lastSeq, r.decision, r.deadlines, r.late.toString(),
                    e.getKey());
        });
        List<Long> closed = new ArrayList<>();
        List<Long> settled = new ArrayList<>();
        b.rows.forEach((id, r) -> {
            if (r.closes) {
                closed.add(id);
            } else if (r.closesIfSettled) {
                settled.add(id);
            }
        });
        executeBatch(c, "DELETE FROM open_messages WHERE id = ?", closed, (ps, id) -> bind(ps, id));
        executeBatch(c, "DELETE FROM open_messages WHERE id = ? AND EXISTS (SELECT 1 FROM message_state s "
                + "WHERE s.id = ? AND s.hooked_seq >= s.last_seq)", settled, (ps, id) -> bind(ps, id, id));
        b.reopened.removeAll(closed);
        executeBatch(c, "INSERT INTO open_messages (id) VALUES (?) ON CONFLICT DO NOTHING", b.reopened, (ps, id) -> bind(ps, id));
        executeBatch(c, "DELETE FROM orphan_receipts WHERE smsc_key = ?", b.orphanDeletes, (ps, o) -> bind(ps, o.smscKey()));
        int[] cdrCounts = executeBatch(c, "INSERT INTO cdr_outbox (id, closed_at, line) VALUES (?,?,?) ON CONFLICT DO NOTHING",
                b.cdrInserts, (ps, r) -> bind(ps, r.id(), r.at(), r.line()));
        List<StoreWrite.InsertCdr> freshCdrs = new ArrayList<>(b.cdrInserts.size());
        for (int i = 0; i < cdrCounts.length; i++) {
            if (cdrCounts[i] != 0) {
                freshCdrs.add(b.cdrInserts.get(i)); // usage counts a record once, with the record
            }
        }
        UsageTotals.add(sql -> statement(c, sql), postgres, freshCdrs);
        // a hold belongs to a message inserted in this batch: one whose insert was a repeat has none
        if (!b.holds.isEmpty()) {
            java.util.Set<Long> freshIds = new java.util.HashSet<>();
            fresh.forEach(m -> freshIds.add(m.id()));
            b.holds.removeIf(h -> !freshIds.contains(h.id()));
        }
        CreditLedger.apply(sql -> statement(c, sql), postgres, b.holds, b.settlements, b.topUps);
        executeBatch(c, "DELETE FROM cdr_outbox WHERE id = ?", b.cdrDeletes, (ps, id) -> bind(ps, id));
        // delete and insert: an upsert both databases spell the same way
        executeBatch(c, "DELETE FROM conversations WHERE bot_id = ? AND user_contact = ?", b.conversations.values(),
                (ps, pc) -> bind(ps, pc.botId(), pc.userContact()));
        executeBatch(c, "INSERT INTO conversations (bot_id, user_contact, opened_at, charged, kind, singles) VALUES (?,?,?,?,?,?)",
                b.conversations.values(), (ps, pc) -> bind(ps, pc.botId(), pc.userContact(), pc.openedAt(), pc.charged() ? 1 : 0,
                        pc.kind(), pc.singles()));
        // retention: last, so an open_messages row this batch inserts keeps its message
        executeBatch(c, "DELETE FROM conversations WHERE bot_id = ? AND user_contact = ? AND opened_at = ?",
                b.conversationDeletes, (ps, d) -> bind(ps, d.botId(), d.userContact(), d.openedAt()));
        executeBatch(c, "DELETE FROM platform_events WHERE bot_id = ? AND event_id = ? AND pending = 0", b.eventDeletes,
                (ps, d) -> bind(ps, d.botId(), d.eventId()));
        List<Object[]> partDeletes = new ArrayList<>();
        for (StoreWrite.DeleteMessage d : b.messageDeletes) {
            d.smscKeys().forEach(k -> partDeletes.add(new Object[]{k, d.id()}));
        }
        executeBatch(c, "DELETE FROM sms_parts WHERE smsc_key = ? AND message_id = ? AND NOT EXISTS "
                + "(SELECT 1 FROM open_messages o WHERE o.id = sms_parts.message_id)", partDeletes, BatchCommit::bind);
        executeBatch(c, "DELETE FROM message_state WHERE id = ? AND NOT EXISTS (SELECT 1 FROM open_messages o WHERE o.id = ?)",
                b.messageDeletes, (ps, d) -> bind(ps, d.id(), d.id()));
        executeBatch(c, "DELETE FROM messages WHERE id = ? AND NOT EXISTS (SELECT 1 FROM open_messages o WHERE o.id = ?)",
                b.messageDeletes, (ps, d) -> bind(ps, d.id(), d.id()));
        c.commit();
        List<List<Boolean>> results = new ArrayList<>(groups.size());
        int n = 0;
        int ne = 0;
        for (List<StoreWrite> group : groups) {
            List<Boolean> r = new ArrayList<>(1);
            for (StoreWrite w : group) {
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
    PreparedStatement statement(Connection c, String sql) throws SQLException {
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

    static void bind(PreparedStatement ps, Object... values) throws SQLException {
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
}
