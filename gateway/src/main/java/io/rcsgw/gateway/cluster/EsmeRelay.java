package io.rcsgw.gateway.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.esme.EsmeForwarder;
import io.rcsgw.gateway.metrics.SmppServerMetrics;
import io.rcsgw.gateway.store.JdbcEsmeForwards;
import io.rcsgw.smpp.server.EsmeMessage;
import io.rcsgw.smpp.server.EsmeReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * ESMEs' receipts and users' messages between the nodes of a cluster, through the store. Each
 * node keeps its row of the accounts it holds receiving binds of; a node that owns a receipt
 * whose account has no such bind here hands it to a live node that has one, and settles its
 * event only once that node answers that the ESME took it. A forward its target never took up
 * is withdrawn and tried again later; one its target took up and then died with is counted in
 * doubt and tried again (at least once, as a part in doubt is). A node sends nothing of it, and
 * hands nothing on, while its lease may have run out.
 */
public final class EsmeRelay implements EsmeForwarder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EsmeRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char RECEIPT = 'R', MESSAGE = 'M';
    /** Forwards taken up at one poll, at most. */
    private static final int CLAIM = 200;
    /** How long answered forwards wait for a sender that died before its target deletes them. */
    private static final long PURGE_AFTER = Duration.ofMinutes(10).toMillis();

    /** The node's own SMPP server, as the relay uses it. */
    public interface Local {
        /** The accounts with a receiver or transceiver bind here. */
        Set<String> receivingAccounts();

        CompletableFuture<Boolean> deliver(String systemId, EsmeReceipt receipt);

        CompletableFuture<Boolean> deliver(String systemId, EsmeMessage message);
    }

    /** {@code poll}: how often it reads the store; {@code waitForTarget}: how long a forward may wait to be taken up. */
    public record Settings(Duration poll, Duration waitForTarget) {
        public static final Settings DEFAULTS = new Settings(Duration.ofMillis(250), Duration.ofSeconds(10));
    }

    private record Pending(String systemId, CompletableFuture<Boolean> done) {
    }

    private final JdbcEsmeForwards rows;
    private final String nodeId;
    private final LongSupplier epoch;
    private final BooleanSupplier fresh;
    private final Consumer<String> boundElsewhere;
    private final Settings settings;
    private final Local local;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "esme-relay");
        t.setDaemon(true);
        return t;
    });
    private Set<String> present = Set.of();
    private volatile Map<String, List<String>> elsewhere = Map.of();
    private long ticks;

    private EsmeRelay(JdbcEsmeForwards rows, String nodeId, LongSupplier epoch, BooleanSupplier fresh, Local local,
                      Consumer<String> boundElsewhere, Settings settings) {
        this.rows = rows;
        this.nodeId = nodeId;
        this.epoch = epoch;
        this.fresh = fresh;
        this.local = local;
        this.boundElsewhere = boundElsewhere;
        this.settings = settings;
    }

    /**
     * Starts relaying for a node that has just joined: what it handed on in an earlier life is
     * forgotten (its events are offered again), what it was sending then is answered not taken.
     *
     * @param boundElsewhere told of an account that came to have a receiving bind on another node
     */
    public static EsmeRelay start(JdbcEsmeForwards rows, String nodeId, LongSupplier epoch, BooleanSupplier fresh,
                                  Local local, Consumer<String> boundElsewhere, Settings settings) throws SQLException {
        rows.joined(nodeId);
        EsmeRelay r = new EsmeRelay(rows, nodeId, epoch, fresh, local, boundElsewhere, settings);
        long every = settings.poll().toMillis();
        r.thread.scheduleWithFixedDelay(r::tick, 0, every, TimeUnit.MILLISECONDS);
        return r;
    }

    @Override
    public CompletableFuture<Boolean> forward(String systemId, EsmeReceipt receipt) {
        return forward(systemId, RECEIPT, receipt);
    }

    @Override
    public CompletableFuture<Boolean> forward(String systemId, EsmeMessage message) {
        return forward(systemId, MESSAGE, message);
    }

    private CompletableFuture<Boolean> forward(String systemId, char kind, Object what) {
        List<String> targets = elsewhere.get(systemId);
        if (targets == null || targets.isEmpty() || !fresh.getAsBoolean()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        try {
            thread.execute(() -> hand(systemId, kind, what, targets.get(0), done));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            done.complete(false);
        }
        return done;
    }

    private void hand(String systemId, char kind, Object what, String target, CompletableFuture<Boolean> done) {
        try {
            OptionalLong id = rows.forward(nodeId, epoch.getAsLong(), target, systemId, kind, JSON.writeValueAsString(what));
            if (id.isEmpty()) {
                outcome(systemId, "fenced", done, false);
            } else {
                pending.put(id.getAsLong(), new Pending(systemId, done));
            }
        } catch (Exception e) {
            log.warn("an ESME's {} was not handed to node {}: {}", kind == RECEIPT ? "receipt" : "message", target, e.toString());
            done.complete(false);
        }
    }

    private void tick() {
        try {
            ticks++;
            Set<String> now = local.receivingAccounts();
            if (!now.equals(present)) {
                rows.present(nodeId, now);
                present = Set.copyOf(now);
            }
            if (ticks % 4 == 1 || !pending.isEmpty()) {
                watchElsewhere();
            }
            if (fresh.getAsBoolean()) {
                for (JdbcEsmeForwards.Claimed c : rows.claim(nodeId, CLAIM)) {
                    send(c);
                }
            }
            if (!pending.isEmpty()) {
                settle();
            }
            if (ticks % 2400 == 0) {
                rows.purgeAnswered(nodeId, PURGE_AFTER);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("ESME forwards not read: {}", e.toString());
        }
    }

    /** Reads where the accounts are bound on other nodes; one newly bound there has its waiting receipts tried now. */
    private void watchElsewhere() throws SQLException {
        Map<String, List<String>> was = elsewhere;
        Map<String, List<String>> is = rows.presentElsewhere(nodeId);
        elsewhere = is;
        for (String account : is.keySet()) {
            if (!was.containsKey(account) && !present.contains(account)) {
                boundElsewhere.accept(account);
            }
        }
    }

    /** Sends one another node handed here, and writes the ESME's answer back for it. */
    private void send(JdbcEsmeForwards.Claimed c) {
        CompletableFuture<Boolean> sent;
        try {
            sent = c.kind() == RECEIPT ? local.deliver(c.systemId(), JSON.readValue(c.body(), EsmeReceipt.class))
                    : local.deliver(c.systemId(), JSON.readValue(c.body(), EsmeMessage.class));
        } catch (Exception e) {
            sent = CompletableFuture.completedFuture(false);
        }
        sent.whenComplete((ok, failure) -> {
            try {
                thread.execute(() -> {
                    try {
                        rows.answer(c.id(), Boolean.TRUE.equals(ok));
                    } catch (SQLException e) {
                        log.warn("an ESME's answer to a forward was not stored: {}", e.toString());
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // stopping: the sender sees this node's lease go and tries again
            }
        });
    }

    /** Reads what became of the forwards this node handed on. */
    private void settle() throws SQLException {
        Map<Long, JdbcEsmeForwards.Sent> byId = new HashMap<>();
        for (JdbcEsmeForwards.Sent s : rows.sent(nodeId)) {
            byId.put(s.id(), s);
        }
        long wait = settings.waitForTarget().toMillis();
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            long id = e.getKey();
            Pending p = e.getValue();
            JdbcEsmeForwards.Sent s = byId.get(id);
            if (s == null) {
                finish(id, p, "lost", false);
            } else if (s.state() == JdbcEsmeForwards.TAKEN || s.state() == JdbcEsmeForwards.NOT_TAKEN) {
                rows.delete(id, false);
                finish(id, p, s.state() == JdbcEsmeForwards.TAKEN ? "taken" : "not-taken", s.state() == JdbcEsmeForwards.TAKEN);
            } else if (s.state() == JdbcEsmeForwards.WAITING && (!s.targetAlive() || s.ageMillis() > wait)) {
                if (rows.delete(id, true)) {
                    finish(id, p, "not-taken-up", false);
                }
            } else if (s.state() == JdbcEsmeForwards.SENDING && !s.targetAlive()) {
                rows.delete(id, false);
                finish(id, p, "in-doubt", false);
            }
        }
    }

    private void finish(long id, Pending p, String outcome, boolean taken) {
        pending.remove(id);
        outcome(p.systemId(), outcome, p.done(), taken);
    }

    private static void outcome(String systemId, String outcome, CompletableFuture<Boolean> done, boolean taken) {
        SmppServerMetrics.FORWARDS.labels(systemId, outcome).inc();
        done.complete(taken);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        pending.values().forEach(p -> p.done().complete(false));
        pending.clear();
    }
}
