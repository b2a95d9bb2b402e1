package io.rcsgw.gateway.store;

import io.rcsgw.gateway.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cluster node's writes against real PostgreSQL: taken while its lease holds, refused once it is gone. */
class StoreFenceTest {

    String url;
    JdbcMessageStore store;

    @BeforeEach
    void open() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        url = Harness.freshPgDatabase();
        store = new JdbcMessageStore(url, Harness.pgUser(), "", 4, 500, Duration.ofMillis(1));
        Harness.leaseNodes(url, "a", "b");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (url != null) {
            Harness.dropPgDatabase(url);
        }
    }

    void sql(String statement) throws Exception {
        Harness.sql(url, statement);
    }

    CompletableFuture<List<Boolean>> insert(String msgId) {
        return store.write(List.of(new StoreWrite.InsertMessage(store.newMessageId(), new MessageKey("bot", msgId), "fp",
                "+447700900123", "hi", 1, null, null, "", null, null, "a")));
    }

    @Test
    void writesCommitWhileTheLeaseHoldsAndAreRefusedOnceItRanOutOrTheNodeJoinedAgain() throws Exception {
        store.fenceWith(new StoreFence("a", 1, Duration.ofSeconds(10)));
        assertThat(insert("m1").get()).containsExactly(true);

        sql("UPDATE nodes SET lease_until = " + JdbcMessageStore.DB_NOW_MILLIS + " - 1 WHERE id = 'a'");
        assertThatThrownBy(() -> insert("m2").get()).isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(StoreFence.Refused.class);

        sql("UPDATE nodes SET epoch = 2, lease_until = " + JdbcMessageStore.DB_NOW_MILLIS + " + 60000 WHERE id = 'a'");
        assertThatThrownBy(() -> insert("m3").get()).as("a later join of the same id").isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(StoreFence.Refused.class);

        store.fenceWith(new StoreFence("a", 2, Duration.ofSeconds(10)));
        assertThat(insert("m4").get()).as("the writer prepares its session for the new fence").containsExactly(true);
        assertThat(store.find(new MessageKey("bot", "m1"), false)).isPresent();
        assertThat(store.find(new MessageKey("bot", "m2"), false)).as("nothing of a refused batch is kept").isEmpty();
        assertThat(store.find(new MessageKey("bot", "m3"), false)).isEmpty();
    }

    @Test
    void aTakeoverWaitsForATransactionThatReadTheLeaseAndAPausedOneEndsWithinItsIdleLimit() throws Exception {
        store.write(List.of(new StoreWrite.InsertMessage(store.newMessageId(), new MessageKey("bot", "open-1"), "fp",
                "+447700900123", "hi", 1, null, null, "", null, null, "a"))).get();
        try (Connection paused = DriverManager.getConnection(url, Harness.pgUser(), "")) {
            // a writer of node a that read its lease and was then paused inside its transaction
            paused.setAutoCommit(false);
            try (Statement s = paused.createStatement()) {
                s.execute("SET idle_in_transaction_session_timeout = 1500");
                paused.commit();
                s.executeQuery("SELECT 1 FROM nodes WHERE id = 'a' FOR KEY SHARE").close();
            }
            sql("UPDATE nodes SET lease_until = " + JdbcMessageStore.DB_NOW_MILLIS + " - 1 WHERE id = 'a'");
            long t0 = System.nanoTime();
            List<Long> claimed = store.claimOpen("a", "b", 10);
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(claimed).hasSize(1);
            assertThat(waitedMs).as("the claim waited for the paused transaction, which the database ended")
                    .isBetween(1000L, 10_000L);
            assertThat(store.ownerOf(claimed.get(0))).contains("b");
        }
    }

    @Test
    void aNodesPendingUserEventsAreItsOwnUntilASurvivorClaimsThemAfterItsLeaseRanOut() throws Exception {
        store.fenceWith(new StoreFence("a", 1, Duration.ofSeconds(10)));
        store.write(List.of(new StoreWrite.InsertPlatformEvent("bot", "ev-1", "message", "+447700900123", "{}", 1, null),
                new StoreWrite.InsertPlatformEvent("bot", "ev-2", "message", "+447700900123", "{}", 2, null))).get();
        assertThat(store.pendingRelays("a")).extracting(MessageStore.PendingRelay::eventId).containsExactly("ev-1", "ev-2");
        assertThat(store.pendingRelays("b")).as("another node's, while it lives").isEmpty();
        assertThat(store.claimRelays("a", "b")).as("a's lease holds").isEmpty();

        sql("UPDATE nodes SET lease_until = " + JdbcMessageStore.DB_NOW_MILLIS + " - 1 WHERE id = 'a'");
        assertThat(store.claimRelays("a", "b")).extracting(MessageStore.PendingRelay::eventId).containsExactly("ev-1", "ev-2");
        assertThat(store.pendingRelays("b")).hasSize(2);
        assertThat(store.pendingRelays("a")).isEmpty();
        assertThat(store.claimRelays("a", "b")).as("claimed once").isEmpty();
    }
}
