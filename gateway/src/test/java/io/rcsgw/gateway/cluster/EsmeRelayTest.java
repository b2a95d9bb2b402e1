package io.rcsgw.gateway.cluster;

import io.rcsgw.gateway.Harness;
import io.rcsgw.gateway.store.JdbcEsmeForwards;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.smpp.server.EsmeMessage;
import io.rcsgw.smpp.server.EsmeReceipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes' relays on one real PostgreSQL database, each with a stand-in for its SMPP server's binds. */
class EsmeRelayTest {

    static final EsmeRelay.Settings FAST = new EsmeRelay.Settings(Duration.ofMillis(50), Duration.ofMillis(800));

    /** What a node's SMPP server would do: the accounts bound here, and the ESME's answer to each deliver_sm. */
    static final class Binds implements EsmeRelay.Local {
        volatile Set<String> accounts = Set.of();
        final AtomicReference<CompletableFuture<Boolean>> answer = new AtomicReference<>();
        final List<Object> sent = new CopyOnWriteArrayList<>();

        CompletableFuture<Boolean> answer() {
            CompletableFuture<Boolean> a = answer.get();
            return a != null ? a : CompletableFuture.completedFuture(true);
        }

        @Override
        public Set<String> receivingAccounts() {
            return accounts;
        }

        @Override
        public CompletableFuture<Boolean> deliver(String systemId, EsmeReceipt receipt) {
            sent.add(receipt);
            return answer();
        }

        @Override
        public CompletableFuture<Boolean> deliver(String systemId, EsmeMessage message) {
            sent.add(message);
            return answer();
        }
    }

    String url;
    JdbcMessageStore store;
    final Binds atA = new Binds();
    final Binds atB = new Binds();
    final List<String> kicked = new CopyOnWriteArrayList<>();
    EsmeRelay a;
    EsmeRelay b;

    @BeforeEach
    void open() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        url = Harness.freshPgDatabase();
        store = new JdbcMessageStore(url, Harness.pgUser(), "", 4, 500, Duration.ofMillis(1));
        Harness.leaseNodes(url, "a", "b");
        a = EsmeRelay.start(new JdbcEsmeForwards(store), "a", () -> 1, () -> true, atA, kicked::add, FAST);
    }

    @AfterEach
    void close() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (store != null) {
            store.close();
        }
        if (url != null) {
            Harness.dropPgDatabase(url);
        }
    }

    void startB() throws Exception {
        b = EsmeRelay.start(new JdbcEsmeForwards(store), "b", () -> 1, () -> true, atB, x -> { }, FAST);
    }

    void sql(String statement) throws Exception {
        Harness.sql(url, statement);
    }

    long forwardRows() throws Exception {
        try (Connection c = DriverManager.getConnection(url, Harness.pgUser(), ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM esme_forwards")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static EsmeReceipt receipt(String id) {
        return new EsmeReceipt(id, "12345", "+447700900123", 1_000L, 2_000L, "DELIVRD", 2, 0, "first words");
    }

    @Test
    void aReceiptGoesToTheNodeWhereItsAccountIsBoundAndIsSettledOnceTheEsmeTookIt() throws Exception {
        startB();
        atB.accounts = Set.of("esme1");
        await("a sees esme1 bound on b", 5_000, () -> kicked.contains("esme1"));

        assertThat(a.forward("esme1", receipt("m-1")).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(a.forward("esme1", new EsmeMessage("+447700900123", "12345", "hello there", 7)).get(5, TimeUnit.SECONDS))
                .isTrue();
        assertThat(atB.sent).containsExactly(receipt("m-1"), new EsmeMessage("+447700900123", "12345", "hello there", 7));
        assertThat(atA.sent).isEmpty();
        assertThat(forwardRows()).as("the sender deletes what was answered").isZero();
    }

    @Test
    void anEsmeThatRefusedItOrAnAccountBoundNowhereGivesFalse() throws Exception {
        startB();
        assertThat(a.forward("esme1", receipt("m-1")).get(1, TimeUnit.SECONDS)).as("bound nowhere").isFalse();
        atB.accounts = Set.of("esme1");
        await("a sees esme1 bound on b", 5_000, () -> kicked.contains("esme1"));
        atB.answer.set(CompletableFuture.completedFuture(false));
        assertThat(a.forward("esme1", receipt("m-2")).get(5, TimeUnit.SECONDS)).as("refused").isFalse();
        assertThat(atB.sent).containsExactly(receipt("m-2"));
        assertThat(forwardRows()).isZero();
    }

    @Test
    void aForwardItsTargetNeverTookUpIsWithdrawnAndNotSentLater() throws Exception {
        // b's presence row, but no relay polling for it: b is alive and stuck
        sql("INSERT INTO esme_presence (system_id, node_id) VALUES ('esme1', 'b')");
        await("a sees esme1 bound on b", 5_000, () -> kicked.contains("esme1"));
        assertThat(a.forward("esme1", receipt("m-1")).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(forwardRows()).as("withdrawn").isZero();
        startB();
        atB.accounts = Set.of("esme1");
        Thread.sleep(300);
        assertThat(atB.sent).as("b, polling again, has nothing of it").isEmpty();
    }

    @Test
    void aForwardWhoseTargetDiedWhileSendingItIsInDoubtAndGivesFalse() throws Exception {
        startB();
        atB.accounts = Set.of("esme1");
        await("a sees esme1 bound on b", 5_000, () -> kicked.contains("esme1"));
        CompletableFuture<Boolean> never = new CompletableFuture<>();
        atB.answer.set(never); // the ESME does not answer, and b dies meanwhile
        CompletableFuture<Boolean> forwarded = a.forward("esme1", receipt("m-1"));
        await("b took it up", 5_000, () -> atB.sent.size() == 1);
        Thread.sleep(300);
        assertThat(forwarded).as("waits for b while b lives, past waitForTarget").isNotDone();
        sql("UPDATE nodes SET lease_until = 0 WHERE id = 'b'");
        assertThat(forwarded.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(forwardRows()).isZero();
    }

    @Test
    void aNodeWhoseLeaseRanOutHandsNothingOn() throws Exception {
        startB();
        atB.accounts = Set.of("esme1");
        await("a sees esme1 bound on b", 5_000, () -> kicked.contains("esme1"));
        sql("UPDATE nodes SET lease_until = 0 WHERE id = 'a'");
        assertThat(a.forward("esme1", receipt("m-1")).get(5, TimeUnit.SECONDS)).as("refused by the fence").isFalse();
        assertThat(forwardRows()).isZero();
        assertThat(atB.sent).isEmpty();
    }

    @Test
    void aNodeStartedAgainAnswersWhatItWasSendingAsNotTaken() throws Exception {
        startB();
        atB.accounts = Set.of("esme1");
        await("a sees esme1 bound on b", 5_000, () -> kicked.contains("esme1"));
        atB.answer.set(new CompletableFuture<>());
        CompletableFuture<Boolean> forwarded = a.forward("esme1", receipt("m-1"));
        await("b took it up", 5_000, () -> atB.sent.size() == 1);
        b.close(); // b stops without an answer and starts again under the same id
        startB();
        assertThat(forwarded.get(5, TimeUnit.SECONDS)).isFalse();
    }
}
