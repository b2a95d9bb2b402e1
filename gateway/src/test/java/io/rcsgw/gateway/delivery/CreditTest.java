package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.rcs.api.AcceptResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
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

class CreditTest {

    @TempDir
    Path dir;

    @Test
    void parallelReservesNeverTogetherExceedTheBalanceAndABalanceOutlivesTheProcess() throws Exception {
        try (JdbcMessageStore store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 2, 100,
                Duration.ofMillis(1))) {
            Credit credit = new Credit(Set.of("b"), store, Clock.systemUTC());
            credit.load(store.creditAccounts(), store.creditHolds());
            assertThat(credit.topUp("b", "EUR", new BigDecimal("1.00")).get().available()).isEqualByComparingTo("1.00");
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<AcceptResult.PaymentRequired>> tries = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tries.add(pool.submit(() -> {
                    go.await();
                    return credit.reserve("b", "EUR", new BigDecimal("0.03"));
                }));
            }
            go.countDown();
            int taken = 0;
            for (Future<AcceptResult.PaymentRequired> t : tries) {
                taken += t.get() == null ? 1 : 0;
            }
            pool.shutdown();
            assertThat(taken).as("33 x 0.03 = 0.99 fits, a 34th does not").isEqualTo(33);
            Credit.View v = credit.view("b", "EUR");
            assertThat(v.reserved()).isEqualByComparingTo("0.99");
            assertThat(v.available()).isEqualByComparingTo("0.01");
            AcceptResult.PaymentRequired no = credit.reserve("b", "EUR", new BigDecimal("0.03"));
            assertThat(no.needed()).isEqualTo("0.03");
            assertThat(no.available()).isEqualTo("0.01");
            assertThat(no.shortfall()).isEqualTo("0.02");
            assertThat(no.currency()).isEqualTo("EUR");

            credit.settle("b", new BigDecimal("0.03"), new BigDecimal("0.03"));
            credit.settle("b", new BigDecimal("0.03"), BigDecimal.ZERO); // ended uncharged: released
            credit.release("b", new BigDecimal("0.03"));
            v = credit.view("b", "EUR");
            assertThat(v.balance()).isEqualByComparingTo("0.97");
            assertThat(v.reserved()).isEqualByComparingTo("0.90");
            assertThat(credit.view("other", "EUR")).as("not prepaid").isNull();

            Credit again = new Credit(Set.of("b"), store, Clock.systemUTC());
            again.load(store.creditAccounts(), store.creditHolds());
            assertThat(again.view("b", "EUR").balance()).as("top-ups are stored; charges with their records")
                    .isEqualByComparingTo("1.00");
        }
    }
}
