package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.rcsgw.gateway.ClusterRig.Node;

import static io.rcsgw.gateway.ClusterRig.nodes;
import static io.rcsgw.gateway.ClusterRig.singletons;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway processes on one fresh PostgreSQL database, each with its own bind and HTTP port:
 * both hold leases, the CDR export and retention run on one of them, and when that one is
 * paused (SIGSTOP) for longer than its lease the other takes them over; the paused one, let go
 * on (SIGCONT), joins again under a new epoch without them. Every record reaches the shared CDR
 * directory exactly once. Also: a killed node's messages taken over and sent once, one msgId
 * posted to two nodes as one message, a reload on one node done by the other, and a node stopped
 * cleanly handing its open messages over at once.
 */
class ClusterEndToEndTest {

    static final String ADMIN = ClusterRig.ADMIN;

    @TempDir
    Path dir;

    static void sendTo(Node n, String prefix, int count) throws Exception {
        String token = token(n.api(), "b", "cluster-secret");
        for (int i = 0; i < count; i++) {
            assertThat(send(n.api(), token, "b", envelope(prefix + i, "cluster " + prefix + i,
                    "+44770090" + prefix.charAt(0) + String.format("%03d", i))).status()).isEqualTo(202);
        }
    }

    @Test
    void theSingletonsMoveToASurvivorWhenTheirNodeIsPausedAndEveryRecordIsExportedOnce() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            Path cdrs = rig.cdrs();
            Node one = rig.start("n1", smsc);
            Node two = rig.start("n2", smsc);
            await("both alive, n1 running the singletons", 10_000, () -> GatewayEndToEndTest.io(() -> {
                Map<String, JsonNode> n = nodes(two);
                return n.size() == 2 && n.get("n1").get("alive").asBoolean() && n.get("n2").get("alive").asBoolean()
                        && singletons(n.get("n1")).containsAll(List.of("cdr-export", "retention", "takeover"))
                        && singletons(n.get("n2")).isEmpty();
            }));
            JsonNode self = nodes(one).get("n1");
            assertThat(self.get("self").asBoolean()).isTrue();
            assertThat(self.get("links").get(0).get("name").asText()).isEqualTo("s");
            assertThat(self.get("openMessages").asLong()).isZero();
            Node first = one;
            await("n1 shows n2's link as n2 reported it at its last heartbeat", 5_000, () -> GatewayEndToEndTest.io(() -> {
                JsonNode link = nodes(first).get("n2").get("links").path(0);
                return link.path("name").asText().equals("s") && link.path("bound").asBoolean()
                        && link.path("enabled").asBoolean();
            }));

            sendTo(one, "1", 20);
            await("n1's records exported", 15_000, () -> GatewayEndToEndTest.io(() -> CdrRecords.readAll(cdrs).size()) == 20);

            ClusterRig.signal(one.process(), "STOP");
            long stoppedAt = System.nanoTime();
            await("n2 takes the singletons over", 15_000, () -> GatewayEndToEndTest.io(() ->
                    singletons(nodes(two).get("n2")).containsAll(List.of("cdr-export", "retention"))));
            long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            assertThat(nodes(two).get("n1").get("alive").asBoolean()).as("n1's lease ran out").isFalse();
            sendTo(two, "2", 20);
            await("n2's records exported by n2", 15_000, () -> GatewayEndToEndTest.io(() -> CdrRecords.readAll(cdrs).size()) == 40);

            ClusterRig.signal(one.process(), "CONT");
            // let go on, it finds its lease gone at its next heartbeat and halts; its supervisor starts it again
            assertThat(one.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("n1 halts").isTrue();
            assertThat(one.process().exitValue()).isEqualTo(3);
            assertThat(Files.readString(dir.resolve("n1.log"))).contains("lost its lease");
            one = rig.start("n1", smsc);
            Node restarted = one;
            await("n1 joins again without the singletons", 15_000, () -> GatewayEndToEndTest.io(() -> {
                JsonNode n1 = nodes(restarted).get("n1");
                return n1.get("alive").asBoolean() && n1.get("epoch").asLong() == 2 && singletons(n1).isEmpty();
            }));
            assertThat(singletons(nodes(two).get("n2"))).contains("cdr-export");
            sendTo(one, "3", 10);
            await("n1's new records exported by n2", 15_000, () -> GatewayEndToEndTest.io(() -> CdrRecords.readAll(cdrs).size()) == 50);

            List<Map<String, String>> records = CdrRecords.readAll(cdrs); // fails on a record_id twice
            assertThat(records.stream().map(r -> r.get("msg_id")).collect(Collectors.toSet())).hasSize(50);
            System.out.printf("cluster test: the singletons moved %d ms after the pause (lease 3 s, heartbeat 1 s)%n", tookMs);
            assertThat(tookMs).as("takeover within lease + 2 heartbeats + margin").isLessThan(7_000);
        }
    }

    @Test
    void aKilledNodesMessagesAreTakenOverAndSentOnceAndAMsgIdIsOneMessageAcrossNodes() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            Path cdrs = rig.cdrs();
            // one SMSC account for both: the SMSC sends every receipt over one of the binds, whichever node submitted
            Node one = rig.start("n1", smsc, "gw");
            Node two = rig.start("n2", smsc, "gw");
            await("n1 runs the singletons", 10_000, () -> GatewayEndToEndTest.io(() ->
                    singletons(nodes(two).get("n1")).contains("takeover")));
            sendTo(one, "6", 20);
            sendTo(two, "7", 20);
            String reader = token(two.api(), "b", "cluster-secret");
            await("every receipt reached the node whose message it is", 20_000, () -> GatewayEndToEndTest.io(() -> {
                for (int i = 0; i < 20; i++) {
                    if (!state(two.api(), reader, "b", "6" + i).equals("DELIVERED")
                            || !state(two.api(), reader, "b", "7" + i).equals("DELIVERED")) {
                        return false;
                    }
                }
                return true;
            }));

            // the same msgId to both nodes at once: one message
            String token = token(one.api(), "b", "cluster-secret");
            String same = envelope("same-1", "once only", "+447700909999");
            var a = java.util.concurrent.CompletableFuture.supplyAsync(() -> GatewayEndToEndTest.io(() ->
                    send(one.api(), token, "b", same).status()));
            var b = java.util.concurrent.CompletableFuture.supplyAsync(() -> GatewayEndToEndTest.io(() ->
                    send(two.api(), token, "b", same).status()));
            assertThat(List.of(a.get(), b.get())).as("a token from one node works on the other").containsOnly(202);

            // n1's link is off: what it accepts waits in it, then it is killed
            assertThat(call("POST", "http://127.0.0.1:" + one.admin() + "/admin/links/s/disable", ADMIN, null, null).status())
                    .isEqualTo(200);
            int n = 30;
            sendTo(one, "5", n);
            one.process().destroyForcibly();
            one.process().waitFor();
            long killedAt = System.nanoTime();
            await("n2 took n1's messages over", 20_000, () -> GatewayEndToEndTest.io(() -> {
                for (int i = 0; i < n; i++) {
                    if (!state(two.api(), token, "b", "5" + i).equals("DELIVERED")) {
                        return false;
                    }
                }
                return true;
            }));
            long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
            Map<String, Long> perDestination = smsc.received().stream()
                    .collect(Collectors.groupingBy(SmscSimulator.ReceivedSubmit::destination, Collectors.counting()));
            for (int i = 0; i < n; i++) {
                assertThat(perDestination.get("44770090" + "5" + String.format("%03d", i))).as("submitted once").isEqualTo(1L);
            }
            assertThat(perDestination.get("447700909999")).as("the msgId sent to both nodes").isEqualTo(1L);
            await("one record per message", 20_000, () -> GatewayEndToEndTest.io(() -> CdrRecords.readAll(cdrs).size()) == n + 41);
            assertThat(CdrRecords.read(cdrs)).hasSize(n + 41); // by msg_id: fails on a message with two records
            assertThat(singletons(nodes(two).get("n2"))).contains("cdr-export", "retention", "takeover");
            await("nothing left open", 5000, () -> GatewayEndToEndTest.io(() ->
                    nodes(two).values().stream().allMatch(x -> x.get("openMessages").asLong() == 0)));
            System.out.printf("cluster test: %d messages of the killed node delivered %d ms after the kill%n", n, tookMs);
            assertThat(tookMs).as("takeover within the lease and two heartbeats, and the sends").isLessThan(15_000);
        }
    }

    @Test
    void aReloadOnOneNodeIsDoneByTheOthers() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            Node one = rig.start("n1", smsc);
            Node two = rig.start("n2", smsc);
            String token = token(two.api(), "b", "cluster-secret");
            String body = envelope("q-1", "hello", "+447700900123");
            Reply before = QuoteEndToEndTest.quote(two.api(), token, "b", body);
            assertThat(before.body().get("amount").asText()).isEqualTo("0.0350");
            // the operator deploys the new tariff to every node's file, and reloads one node
            for (String id : List.of("n1", "n2")) {
                Path config = dir.resolve(id + ".yaml");
                Files.writeString(config, Files.readString(config).replace("smsSegment: 0.035", "smsSegment: 0.041"));
            }
            Reply reload = call("POST", "http://127.0.0.1:" + one.admin() + "/admin/rules/reload", ADMIN, null, null);
            assertThat(reload.status()).as(String.valueOf(reload.body())).isEqualTo(200);
            assertThat(QuoteEndToEndTest.quote(one.api(), token, "b", body).body().get("amount").asText()).isEqualTo("0.0410");
            await("n2 reloaded on n1's signal", 10_000, () -> GatewayEndToEndTest.io(() ->
                    QuoteEndToEndTest.quote(two.api(), token, "b", body).body().get("amount").asText().equals("0.0410")));
            assertThat(Files.readString(dir.resolve("n2.log"))).contains("another node signalled reload");
        }
    }

    @Test
    void aNodeStoppedWithMessagesOpenWritesWhatItHadAndHandsThemOverAtOnce() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        // receipts come late: n1 stops with every message submitted and waiting for its receipt
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptDelay(java.time.Duration.ofSeconds(3)))) {
            Node one = rig.start("n1", smsc, "gw");
            Node two = rig.start("n2", smsc, "gw");
            int n = 20;
            sendTo(one, "4", n);
            await("n1 submitted them", 10_000, () -> smsc.received().stream()
                    .filter(r -> r.destination().startsWith("447700904")).count() == n);
            one.process().destroy(); // SIGTERM: a clean stop
            assertThat(one.process().waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            long stoppedAt = System.nanoTime();
            String token = token(two.api(), "b", ClusterRig.SECRET);
            try {
                ClusterFailoverTest.awaitDelivered(two, token, "4", n, 15_000);
            } catch (AssertionError e) {
                rig.printLogs();
                throw e;
            }
            long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            String log = Files.readString(rig.log("n1"));
            assertThat(log).as("nothing it wrote while stopping was refused").doesNotContain("writes are refused");
            assertThat(Files.readString(rig.log("n2"))).contains("took over " + n + " open messages of n1; 0 parts in doubt");
            assertThat(smsc.received().stream().filter(r -> r.destination().startsWith("447700904")).count())
                    .as("none sent again").isEqualTo(n);
            System.out.printf("cluster test: %d messages of a stopped node delivered by the other %d ms after the stop%n",
                    n, tookMs);
        }
    }
}
