package io.rcsgw.gateway.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of one group-commit batch sorted by what they do, so that each kind becomes one
 * JDBC batch: every change of one message's state row in the batch is folded into one
 * {@link RowChange}, written with a single UPDATE.
 */
final class BatchWrites {

    /** What one batch does to one message's state row: collected, then written with a single UPDATE. */
    static final class RowChange {
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


    final List<StoreWrite.InsertMessage> inserts = new ArrayList<>();
    // every change of a message in this batch becomes one UPDATE of its state row
    final Map<Long, RowChange> rows = new LinkedHashMap<>();
    final List<StoreWrite.InsertPart> partInserts = new ArrayList<>();
    final List<StoreWrite.PutOrphanReceipt> orphanPuts = new ArrayList<>();
    final List<StoreWrite.DeleteOrphanReceipt> orphanDeletes = new ArrayList<>();
    final List<StoreWrite.InsertPlatformEvent> eventInserts = new ArrayList<>();
    final List<StoreWrite.RelaySettled> relays = new ArrayList<>();
    final List<Long> reopened = new ArrayList<>();
    final List<StoreWrite.InsertCdr> cdrInserts = new ArrayList<>();
    final List<Long> cdrDeletes = new ArrayList<>();
    // the last state of each conversation the batch touches
    final Map<String, StoreWrite.PutConversation> conversations = new LinkedHashMap<>();
    final List<StoreWrite.DeleteMessage> messageDeletes = new ArrayList<>();
    final List<StoreWrite.DeletePlatformEvent> eventDeletes = new ArrayList<>();
    final List<StoreWrite.DeleteConversation> conversationDeletes = new ArrayList<>();
    final List<StoreWrite.InsertWebView> webViews = new ArrayList<>();
    final List<StoreWrite.PutHold> holds = new ArrayList<>();
    final List<StoreWrite.SettleHold> settlements = new ArrayList<>();
    final List<StoreWrite.TopUp> topUps = new ArrayList<>();
    final Map<String, StoreWrite.PutSmsMenu> menus = new LinkedHashMap<>();
    final List<Long> expiredLinks = new ArrayList<>();

    BatchWrites(List<List<StoreWrite>> groups) {
        for (List<StoreWrite> group : groups) {
            for (StoreWrite w : group) {
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
    }
}
