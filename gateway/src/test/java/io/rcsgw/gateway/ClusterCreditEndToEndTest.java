package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.gateway.ClusterRig.Node;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.rcsgw.gateway.Harness.await;
import static io.rcsgw.gateway.Harness.call;
import static io.rcsgw.gateway.Harness.envelope;
import static io.rcsgw.gateway.Harness.send;
import static io.rcsgw.gateway.Harness.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prepaid bot sending through two nodes at once: the store decides its credit, so the nodes
 * together never reserve more than its balance, and both show the same account.
 */
class ClusterCreditEndToEndTest {

    @TempDir
    Path dir;

    static JsonNode credit(Node n) throws Exception {
        Harness.Reply r = call("GET", "http://127.0.0.1:" + n.admin() + "/admin/bots/b/credit", ClusterRig.ADMIN, null, null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        return r.body();
    }

    @Test
    void twoNodesTogetherNeverReserveMoreThanThePrepaidBalance() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            rig.botExtra = ", prepaid: true";
            Node one = rig.start("n1", smsc);
            Node two = rig.start("n2", smsc);
            Harness.Reply topUp = call("POST", "http://127.0.0.1:" + one.admin() + "/admin/bots/b/credit", ClusterRig.ADMIN,
                    "application/json", "{\"amount\": \"0.10\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(topUp.status()).as(String.valueOf(topUp.body())).isEqualTo(200);
            assertThat(credit(two).get("balance").asText()).as("a top-up on n1 is n2's balance too").isEqualTo("0.1");

            // 0.035 each: 0.10 covers two, whichever nodes they are sent to
            String[] tokens = {token(one.api(), "b", ClusterRig.SECRET), token(two.api(), "b", ClusterRig.SECRET)};
            ExecutorService pool = Executors.newFixedThreadPool(12);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int k = i % 2;
                Node via = k == 0 ? one : two;
                String body = envelope("pay-" + i, "hello", "+4477009004" + String.format("%02d", i));
                sends.add(pool.submit(() -> {
                    go.await();
                    return send(via.api(), tokens[k], "b", body).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : sends) {
                statuses.add(f.get());
            }
            pool.shutdown();
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(2);
            assertThat(statuses).filteredOn(s -> s == 402).hasSize(10);

            await("both charged and their holds released", 15_000, () -> GatewayEndToEndTest.io(() ->
                    credit(one).get("reserved").asText().equals("0") && credit(two).get("reserved").asText().equals("0")));
            for (Node n : List.of(one, two)) {
                JsonNode c = credit(n);
                assertThat(c.get("balance").asText()).as(n.id()).isEqualTo("0.03");
                assertThat(c.get("available").asText()).as(n.id()).isEqualTo("0.03");
            }
            assertThat(smsc.received()).hasSize(2);
        }
    }
}
