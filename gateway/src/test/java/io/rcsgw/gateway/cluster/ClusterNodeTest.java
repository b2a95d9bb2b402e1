package io.rcsgw.gateway.cluster;

import io.rcsgw.gateway.Harness;
import io.rcsgw.gateway.store.JdbcMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Leases and singletons of two nodes on one fresh PostgreSQL database. */
class ClusterNodeTest {

    static final Duration LEASE = Duration.ofMillis(1500);
    static final Duration HEARTBEAT = Duration.ofMillis(300);

    String url;
    final List<ClusterNode> nodes = new ArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger starts = new AtomicInteger();
    final List<String> lost = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void database() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        url = Harness.freshPgDatabase();
        new JdbcMessageStore(url, Harness.pgUser(), "", 2, 10, Duration.ofMillis(1)).close(); // the schema
    }

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
        if (url != null) {
            Harness.dropPgDatabase(url);
        }
    }

    ClusterNode node(String id) throws Exception {
        ClusterNode n = new ClusterNode(url, Harness.pgUser(), "", id, LEASE, HEARTBEAT, List.of(
                new ClusterNode.Singleton("export", 42, () -> {
                    running.incrementAndGet();
                    starts.incrementAndGet();
                    return running::decrementAndGet;
                })), () -> lost.add(id));
        nodes.add(n.start().begin());
        return n;
    }

    @Test
    void aSingletonRunsOnOneNodeAndMovesWhenItsNodeGoes() throws Exception {
        ClusterNode a = node("a");
        ClusterNode b = node("b");
        Thread.sleep(3 * HEARTBEAT.toMillis());
        assertThat(running.get()).as("one node at a time").isEqualTo(1);
        assertThat(a.holds("export")).isTrue();
        assertThat(b.holds("export")).isFalse();
        assertThat(a.nodes()).extracting(ClusterNode.Node::id, ClusterNode.Node::alive)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", true), org.assertj.core.groups.Tuple.tuple("b", true));
        await("a's singletons in its row", 2000, () -> a.nodes().get(0).singletons().equals(List.of("export")));

        a.close();
        nodes.remove(a);
        await("b takes over", 3 * HEARTBEAT.toMillis() + 1000, () -> b.holds("export"));
        assertThat(running.get()).isEqualTo(1);
        assertThat(b.nodes()).filteredOn(n -> n.id().equals("a")).singleElement()
                .satisfies(n -> assertThat(n.alive()).as("a gave its lease up").isFalse());

        ClusterNode again = node("a");
        assertThat(again.epoch()).as("a joins again under a new epoch").isEqualTo(2);
        Thread.sleep(3 * HEARTBEAT.toMillis());
        assertThat(again.holds("export")).isFalse();
        assertThat(running.get()).isEqualTo(1);
    }

    @Test
    void aNodeWhoseSessionTheDatabaseEndedStopsItsSingletonsAndOneNodeRunsThemAgainWithinTheLease() throws Exception {
        ClusterNode a = node("a");
        await("a runs it", 2000, () -> a.holds("export"));
        ClusterNode b = node("b");
        // what a pause longer than the lease does to a's session: the database ends it (idle_session_timeout)
        int ended;
        try (Connection c = DriverManager.getConnection(url, Harness.pgUser(), ""); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' "
                    + "AND objid = 42 AND pid <> pg_backend_pid()");
            rs.next();
            ended = rs.getInt(1);
        }
        assertThat(ended).as("a's session, the one holding the lock").isEqualTo(1);
        long lostAt = System.nanoTime();
        await("a stopped it", 2000, () -> starts.get() == 2 || running.get() == 0);
        await("one node runs it again", LEASE.toMillis() + 2000, () -> a.holds("export") || b.holds("export"));
        assertThat((System.nanoTime() - lostAt) / 1_000_000).as("within the lease").isLessThan(LEASE.toMillis() + 1000);
        assertThat(a.holds("export") && b.holds("export")).isFalse();
        assertThat(running.get()).isEqualTo(1);
        assertThat(starts.get()).as("stopped on a, started again").isEqualTo(2);
        assertThat(a.epoch()).as("its lease held: the same epoch on a new session").isEqualTo(1);
        assertThat(lost).isEmpty();
    }

    @Test
    void aNodeThatFindsItsLeaseGoneStopsItsSingletonsAndSaysSo() throws Exception {
        ClusterNode a = node("a");
        await("a runs it", 2000, () -> a.holds("export"));
        assertThat(a.fresh()).isTrue();
        // as if a had been paused for longer than its lease
        try (Connection c = DriverManager.getConnection(url, Harness.pgUser(), ""); Statement s = c.createStatement()) {
            s.execute("UPDATE nodes SET lease_until = 0 WHERE id = 'a'");
        }
        await("a finds out", 2000, () -> lost.contains("a"));
        assertThat(a.holds("export")).isFalse();
        assertThat(running.get()).isZero();
    }
}
