package io.rcsgw.gateway.cluster;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This gateway as one node of several on a PostgreSQL database. It holds a lease (a row of
 * {@code nodes} renewed every heartbeat, timed by the database's clock) and runs each singleton
 * while it holds that singleton's advisory lock. Both live on one connection of its own whose
 * session the database ends when it has been idle for a lease ({@code idle_session_timeout}):
 * a node paused longer than its lease loses its locks with its session, and a survivor takes
 * the singletons over. A singleton acts only while {@link #holds} says so, and a node's SMS only
 * go out while {@link #fresh} does: both turn false once the last renewal is nearly a lease old,
 * so a node that was paused does not act on what it lost before its next heartbeat finds its
 * lease gone, and then it stops ({@code onLost}).
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** The database clock, epoch millis. */
    private static final String NOW = io.rcsgw.gateway.store.JdbcMessageStore.DB_NOW_MILLIS;

    /** A task that runs on one node at a time: started when this node takes its lock, closed when it loses it. */
    public record Singleton(String name, long lockKey, Supplier<AutoCloseable> start) {
    }

    /** A node as the database has it. */
    /** {@code links}: the node's SMSC links as it reported them at its last renewal (JSON). */
    public record Node(String id, long epoch, long leaseUntil, long joinedAt, boolean alive, List<String> singletons,
                       String links) {
    }

    private final String url;
    private final String user;
    private final String password;
    private final String nodeId;
    private final Duration lease;
    private final Duration heartbeat;
    private final List<Singleton> singletons;
    private final Runnable onLost;
    private final Map<String, AutoCloseable> running = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-heartbeat");
        t.setDaemon(true);
        return t;
    });
    /** What to do when another node signals: by signal name; the versions this node has seen. */
    private final Map<String, Runnable> signalled = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> seen = new java.util.HashMap<>();
    private Connection connection;
    /** What the node reports of its links at each renewal. */
    private volatile Supplier<String> links = () -> "[]";
    private long epoch;
    /** System.nanoTime() of the last renewal that the database confirmed. */
    private volatile long renewedAt;

    /**
     * @param onLost what the node does once it finds its lease gone: the gateway halts (its
     *               supervisor starts it again, and it resumes only what it still owns)
     */
    public ClusterNode(String url, String user, String password, String nodeId, Duration lease, Duration heartbeat,
                       List<Singleton> singletons, Runnable onLost) {
        this.onLost = onLost;
        this.url = url;
        this.user = user;
        this.password = password;
        this.nodeId = nodeId;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.singletons = List.copyOf(singletons);
    }

    /** Joins: its lease is granted (under a new epoch) before this returns. */
    public synchronized ClusterNode start() throws SQLException {
        connect();
        join();
        return this;
    }

    /** From now on it renews its lease and contends for the singletons every heartbeat. */
    public ClusterNode begin() {
        timer.scheduleWithFixedDelay(this::tick, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Its lease was renewed less than a lease less a heartbeat ago: no other node can have taken its work. */
    public boolean fresh() {
        return System.nanoTime() - renewedAt < lease.minus(heartbeat).toNanos();
    }

    public String nodeId() {
        return nodeId;
    }

    public synchronized long epoch() {
        return epoch;
    }

    /** Whether this node runs {@code singleton} and may act for it now. */
    public boolean holds(String singleton) {
        boolean fresh = fresh();
        synchronized (running) {
            return fresh && running.containsKey(singleton);
        }
    }

    private synchronized void tick() {
        try {
            if (connection == null || connection.isClosed()) {
                connect();
            }
            if (!renew()) {
                // its lease ran out (a pause, a lost connection): others may have its messages by now
                log.error("node {} lost its lease (epoch {}): it stops", nodeId, epoch);
                GatewayMetrics.CLUSTER_LEASES_LOST.inc();
                stopAll();
                onLost.run();
                return;
            }
            contend();
            watchSignals();
        } catch (SQLException | RuntimeException e) {
            log.warn("node {}: cluster heartbeat failed, its singletons stop until it is back: {}", nodeId, e.toString());
            stopAll();
            closeConnection();
        }
    }

    private void connect() throws SQLException {
        connection = DriverManager.getConnection(url, user, password);
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            // a paused node's session (and its advisory locks) ends a lease after its last heartbeat
            s.execute("SET idle_session_timeout = " + lease.toMillis());
        }
    }

    private void join() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO nodes (id, epoch, lease_until, joined_at) "
                + "VALUES (?, 1, " + NOW + " + ?, " + NOW + ") ON CONFLICT (id) DO UPDATE SET epoch = nodes.epoch + 1, "
                + "lease_until = EXCLUDED.lease_until, joined_at = EXCLUDED.joined_at, singletons = '' RETURNING epoch")) {
            ps.setString(1, nodeId);
            ps.setLong(2, lease.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                epoch = rs.getLong(1);
            }
        }
        renewedAt = System.nanoTime();
        log.info("node {} joined the cluster (epoch {}, lease {})", nodeId, epoch, lease);
    }

    /** Renews the lease unless it expired or a later join of this id took over (then false). */
    private boolean renew() throws SQLException {
        String report;
        try {
            report = links.get();
        } catch (RuntimeException e) {
            report = "[]"; // a report is not worth a lease
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE nodes SET lease_until = " + NOW + " + ?, "
                + "singletons = ?, links = ? WHERE id = ? AND epoch = ? AND lease_until > " + NOW)) {
            ps.setLong(1, lease.toMillis());
            synchronized (running) {
                ps.setString(2, String.join(",", running.keySet()));
            }
            ps.setString(3, report.length() > 8000 ? "[]" : report);
            ps.setString(4, nodeId);
            ps.setLong(5, epoch);
            boolean ok = ps.executeUpdate() == 1;
            if (ok) {
                renewedAt = System.nanoTime();
            }
            return ok;
        }
    }

    /** What this node reports of its SMSC links from its next renewal on (a JSON array). */
    public void reportLinks(Supplier<String> links) {
        this.links = links;
    }

    /** Runs {@code action} on this node whenever another node signals {@code name} (on the heartbeat thread). */
    public void onSignal(String name, Runnable action) {
        signalled.put(name, action);
    }

    /** Tells the other nodes to do {@code name} too; this node has done it. */
    public synchronized void signal(String name) throws SQLException {
        if (connection == null || connection.isClosed()) {
            connect();
        }
        try (PreparedStatement ps = connection.prepareStatement("UPDATE cluster_signals SET version = version + 1 "
                + "WHERE name = ? RETURNING version")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    seen.put(name, rs.getLong(1));
                }
            }
        }
    }

    /** Signals other nodes sent since the last heartbeat (the first look only learns the versions). */
    private void watchSignals() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT name, version FROM cluster_signals");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                long version = rs.getLong(2);
                Long before = seen.put(name, version);
                Runnable action = signalled.get(name);
                if (before != null && version > before && action != null) {
                    log.info("node {}: another node signalled {}", nodeId, name);
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        log.warn("node {}: {} on another node's signal failed: {}", nodeId, name, e.getMessage());
                    }
                }
            }
        }
    }

    /** Takes the locks of the singletons this node does not run yet, and starts those it got. */
    private void contend() throws SQLException {
        for (Singleton s : singletons) {
            synchronized (running) {
                if (running.containsKey(s.name())) {
                    continue;
                }
            }
            boolean got;
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, s.lockKey());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    got = rs.getBoolean(1);
                }
            }
            if (got) {
                log.info("node {} runs {}", nodeId, s.name());
                AutoCloseable task = s.start().get();
                synchronized (running) {
                    running.put(s.name(), task);
                }
                GatewayMetrics.CLUSTER_SINGLETON.labels(s.name()).set(1);
            }
        }
    }

    private void stopAll() {
        List<Map.Entry<String, AutoCloseable>> stopping;
        synchronized (running) {
            stopping = new ArrayList<>(running.entrySet());
            running.clear();
        }
        for (Map.Entry<String, AutoCloseable> e : stopping) {
            try {
                e.getValue().close();
            } catch (Exception x) {
                log.warn("node {}: stopping {} failed: {}", nodeId, e.getKey(), x.toString());
            }
            GatewayMetrics.CLUSTER_SINGLETON.labels(e.getKey()).set(0);
            log.info("node {} no longer runs {}", nodeId, e.getKey());
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // it is gone either way
        }
        connection = null;
    }

    /** Every node the database knows, alive or not, by the database's clock (read on this node's connection). */
    public synchronized List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        try {
            if (connection == null || connection.isClosed()) {
                connect();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the cluster's nodes could not be read: " + e.getMessage(), e);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT id, epoch, lease_until, joined_at, lease_until > "
                + NOW + ", singletons, links FROM nodes ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String held = rs.getString(6);
                out.add(new Node(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5),
                        held.isEmpty() ? List.of() : List.of(held.split(",")), rs.getString(7)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the cluster's nodes could not be read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Stops its singletons and gives its lease up, so the others take over at once. */
    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            stopAll();
            if (connection != null) {
                try (PreparedStatement ps = connection.prepareStatement("UPDATE nodes SET lease_until = " + NOW
                        + ", singletons = '' WHERE id = ? AND epoch = ?")) {
                    ps.setString(1, nodeId);
                    ps.setLong(2, epoch);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    log.warn("node {}: its lease could not be given up, it ends by itself: {}", nodeId, e.toString());
                }
            }
            closeConnection(); // the advisory locks go with the session
        }
    }
}
