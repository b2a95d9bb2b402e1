package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.Harness;
import io.rcsgw.gateway.store.JdbcCreditReservations;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.StoreFence;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rcs.api.AcceptResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two nodes' credit on one real PostgreSQL database, each with its own store pool: the store decides. */
class SharedCreditTest {

    static final BigDecimal PRICE = new BigDecimal("0.03");

    String url;
    JdbcMessageStore storeA;
    JdbcMessageStore storeB;
    Credit a;
    Credit b;

    @BeforeEach
    void open() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        url = Harness.freshPgDatabase();
        storeA = new JdbcMessageStore(url, Harness.pgUser(), "", 8, 500, Duration.ofMillis(1));
        storeB = new JdbcMessageStore(url, Harness.pgUser(), "", 8, 500, Duration.ofMillis(1));
        Harness.leaseNodes(url, "a", "b");
        a = node(storeA, "a");
        b = node(storeB, "b");
    }

    Credit node(JdbcMessageStore store, String id) throws Exception {
        Credit c = new Credit(Set.of("bot"), store, Clock.systemUTC());
        StoreFence fence = new StoreFence(id, 1, Duration.ofSeconds(10));
        store.fenceWith(fence);
        c.shareThrough(new JdbcCreditReservations(store), fence);
        return c;
    }

    @AfterEach
    void close() {
        for (JdbcMessageStore s : new JdbcMessageStore[]{storeA, storeB}) {
            if (s != null) {
                s.close();
            }
        }
        if (url != null) {
            Harness.dropPgDatabase(url);
        }
    }

    void sql(String statement) throws Exception {
        Harness.sql(url, statement);
    }

    /** Stores message {@code id} with its hold, as the acceptor does once its credit is reserved. */
    static void stored(JdbcMessageStore store, long id) throws Exception {
        store.write(List.of(new StoreWrite.InsertMessage(id, new MessageKey("bot", "m" + id), "fp", "+447700900123", "hi", 0),
                new StoreWrite.PutHold(id, "bot", PRICE))).get();
    }

    @Test
    void twoNodesReservingAtOnceNeverTogetherExceedTheBalance() throws Exception {
        a.topUp("bot", "EUR", new BigDecimal("1.00")).get();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<AcceptResult.PaymentRequired>> tries = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Credit node = i % 2 == 0 ? a : b;
            long id = storeA.newMessageId();
            tries.add(pool.submit(() -> {
                go.await();
                return node.reserve("bot", "EUR", PRICE, id);
            }));
        }
        go.countDown();
        int taken = 0;
        for (Future<AcceptResult.PaymentRequired> t : tries) {
            taken += t.get() == null ? 1 : 0;
        }
        pool.shutdown();
        assertThat(taken).as("33 x 0.03 = 0.99 fits, a 34th does not, whichever node asks").isEqualTo(33);
        for (Credit node : List.of(a, b)) {
            Credit.View v = node.view("bot", "EUR");
            assertThat(v.reserved()).isEqualByComparingTo("0.99");
            assertThat(v.available()).isEqualByComparingTo("0.01");
        }
        AcceptResult.PaymentRequired no = b.reserve("bot", "EUR", PRICE, storeB.newMessageId());
        assertThat(no.available()).isEqualTo("0.01");
        assertThat(no.shortfall()).isEqualTo("0.02");
        assertThat(no.currency()).isEqualTo("EUR");
    }

    @Test
    void aChargeOrAReleaseFreesTheHoldOnEveryNode() throws Exception {
        a.topUp("bot", "EUR", new BigDecimal("0.06")).get();
        long first = storeA.newMessageId();
        long second = storeA.newMessageId();
        assertThat(a.reserve("bot", "EUR", PRICE, first)).isNull();
        stored(storeA, first);
        assertThat(a.reserve("bot", "EUR", PRICE, second)).isNull();
        assertThat(b.reserve("bot", "EUR", PRICE, storeB.newMessageId())).as("0.06 all reserved").isNotNull();

        // the first is charged 0.02 (as Charging writes it); the second was a repeat and is released
        storeA.write(List.of(new StoreWrite.SettleHold(first, "bot", PRICE, new BigDecimal("0.02"), 1))).get();
        a.release("bot", PRICE, second);
        Harness.await("released", 5_000, () -> b.view("bot", "EUR").reserved().signum() == 0);
        Credit.View v = b.view("bot", "EUR");
        assertThat(v.balance()).isEqualByComparingTo("0.04");
        assertThat(v.available()).isEqualByComparingTo("0.04");
        assertThat(storeA.creditHolds()).isEmpty();
    }

    @Test
    void holdsOfMessagesANodeNeverStoredAreReleasedWhenItDiesOrJoinsAgain() throws Exception {
        a.topUp("bot", "EUR", new BigDecimal("0.09")).get();
        long kept = storeA.newMessageId();
        assertThat(a.reserve("bot", "EUR", PRICE, kept)).isNull();
        stored(storeA, kept);
        assertThat(a.reserve("bot", "EUR", PRICE, storeA.newMessageId())).isNull(); // a dies before storing it
        assertThat(b.reserve("bot", "EUR", PRICE, storeB.newMessageId())).isNull(); // so does b, which joins again
        assertThat(b.view("bot", "EUR").available()).isEqualByComparingTo("0");

        sql("UPDATE nodes SET lease_until = 0 WHERE id = 'a'");
        assertThat(b.releaseOrphansOf("a")).as("a's hold without a message").isEqualTo(1);
        assertThatThrownBy(() -> a.reserve("bot", "EUR", PRICE, storeA.newMessageId())).as("a's lease ran out")
                .isInstanceOf(IllegalStateException.class).hasRootCauseInstanceOf(StoreFence.Refused.class);

        Credit bAgain = node(storeB, "b");
        Credit.View v = bAgain.view("bot", "EUR");
        assertThat(v.reserved()).as("only the stored message's hold is left").isEqualByComparingTo("0.03");
        assertThat(v.available()).isEqualByComparingTo("0.06");
        assertThat(storeA.creditHolds()).extracting(h -> h.id()).containsExactly(kept);
    }
}
