package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.TariffPlan;
import io.rcsgw.rules.rating.TariffTable;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rcs.api.AcceptResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void anA2pConversationTakesItsNetChargeFromAPrepaidBalance() throws Exception {
        try (JdbcMessageStore store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("a2p"), "sa", "", 2, 100,
                Duration.ofMillis(1))) {
            Credit credit = new Credit(Set.of("b"), store, Clock.systemUTC());
            credit.topUp("b", "EUR", new BigDecimal("1.00")).get();
            TariffTable table = new TariffTable(Map.of(), TariffPlan.flat("p", "EUR", Map.of(ChargeCategory.RCS_BASIC,
                    new BigDecimal("0.002"), ChargeCategory.RCS_A2P_CONVERSATION, new BigDecimal("0.03"))));
            Charging charging = new Charging(table, new java.util.concurrent.atomic.AtomicLong(9000)::getAndIncrement, false,
                    false, bot -> "", credit);
            InFlight m = new InFlight(7, new MessageKey("b", "m7"), "+447700900123", "hello", 0, MessageState.ACCEPTED, 0,
                    null, null, new MessageFacts("b", "+447700900123", Set.of(ContentKind.TEXT), null, Set.of(), null));
            m.channel = Channel.RCS;
            m.hold = new BigDecimal("0.002");
            credit.reserve("b", "EUR", m.hold, 7);
            store.write(List.of(new StoreWrite.InsertMessage(7, new MessageKey("b", "m7"), "fp", "+447700900123", "hello", 0),
                    new StoreWrite.PutHold(7, "b", m.hold))).get(); // as the acceptor stores it
            List<StoreWrite> writes = new ArrayList<>();
            charging.rate(m, MessageState.DELIVERED, 1_000, writes);
            charging.userWrote("b", "+447700900123", "r1", 2_000, writes);
            store.write(writes).get();
            // 1.00 - 0.002 (the single) - (0.03 - 0.002) (the conversation, net of the credit) = 0.97
            assertThat(credit.view("b", "EUR").balance()).isEqualByComparingTo("0.97");
            assertThat(credit.view("b", "EUR").reserved()).isEqualByComparingTo("0");
            assertThat(store.creditAccounts()).singleElement().extracting(MessageStore.CreditAccount::balance)
                    .satisfies(b -> assertThat(b).isEqualByComparingTo("0.97"));
        }
    }

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
                long id = i;
                tries.add(pool.submit(() -> {
                    go.await();
                    return credit.reserve("b", "EUR", new BigDecimal("0.03"), id);
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
            AcceptResult.PaymentRequired no = credit.reserve("b", "EUR", new BigDecimal("0.03"), 100);
            assertThat(no.needed()).isEqualTo("0.03");
            assertThat(no.available()).isEqualTo("0.01");
            assertThat(no.shortfall()).isEqualTo("0.02");
            assertThat(no.currency()).isEqualTo("EUR");

            credit.settle("b", new BigDecimal("0.03"), new BigDecimal("0.03"));
            credit.settle("b", new BigDecimal("0.03"), BigDecimal.ZERO); // ended uncharged: released
            credit.release("b", new BigDecimal("0.03"), 101);
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
