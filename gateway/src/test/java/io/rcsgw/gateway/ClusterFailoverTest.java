package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.ClusterRig.Node;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.ClusterRig.nodes;
import static io.rcsgw.gateway.ClusterRig.signal;
import static io.rcsgw.gateway.Harness.await;
import static io.rcsgw.gateway.Harness.envelope;
import static io.rcsgw.gateway.Harness.send;
import static io.rcsgw.gateway.Harness.state;
import static io.rcsgw.gateway.Harness.token;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes lost with messages in flight, on one fresh PostgreSQL database: the nodes share one
 * SMSC account (each binds with its own system_type, so the simulator tells their submits
 * apart) and the SMSC sends a receipt over any bind of that account.
 */
class ClusterFailoverTest {

    @TempDir
    Path dir;

    static long submitsVia(SmscSimulator smsc, String node) {
        return smsc.received().stream().filter(r -> r.boundSystemType().equals(node)).count();
    }

    static Map<String, Long> perDestination(SmscSimulator smsc, String prefix) {
        return smsc.received().stream().map(SmscSimulator.ReceivedSubmit::destination).filter(d -> d.startsWith(prefix))
                .collect(Collectors.groupingBy(d -> d, Collectors.counting()));
    }

    /** Waits until the messages {@code prefix}0 to {@code prefix}(n-1) read as delivered on {@code via}. */
    static void awaitDelivered(Node via, String token, String prefix, int n, long ms) throws Exception {
        try {
            await("every message delivered", ms, () -> GatewayEndToEndTest.io(() -> {
                for (int i = 0; i < n; i++) {
                    if (!state(via.api(), token, "b", prefix + i).equals("DELIVERED")) {
                        return false;
                    }
                }
                return true;
            }));
        } catch (AssertionError e) {
            Map<String, List<String>> byState = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                String s = state(via.api(), token, "b", prefix + i);
                if (!s.equals("DELIVERED")) {
                    byState.computeIfAbsent(s, k -> new ArrayList<>()).add(prefix + i);
                }
            }
            throw new AssertionError(e.getMessage() + "; not delivered, by state: " + byState, e);
        }
    }

    @Test
    void aNodePausedPastItsLeaseSendsNothingOfWhatASurvivorTookOver() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            rig.smscExtra = ", systemType: n1, maxTps: 20"; // n1 sends slowly: most of what it takes waits in it
            Node one = rig.start("n1", smsc, "gw");
            rig.smscExtra = ", systemType: n2";
            Node two = rig.start("n2", smsc, "gw");
            int n = 100;
            ClusterEndToEndTest.sendTo(one, "8", n);
            await("n1 is sending", 10_000, () -> submitsVia(smsc, "n1") >= 10);

            signal(one.process(), "STOP");
            long stoppedAt = System.nanoTime();
            Thread.sleep(300); // a submit already on the socket when it stopped reaches the SMSC
            long sentByOne = submitsVia(smsc, "n1");
            await("n2 took over and sent what n1 had not", 20_000, () -> perDestination(smsc, "447700908").size() == n);
            long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
            assertThat(submitsVia(smsc, "n1")).as("nothing from n1 while it was stopped").isEqualTo(sentByOne);

            signal(one.process(), "CONT");
            long letGoAt = System.nanoTime();
            assertThat(one.process().waitFor(10, TimeUnit.SECONDS)).as("n1 halts").isTrue();
            assertThat(one.process().exitValue()).isEqualTo(3);
            long afterResume = smsc.received().stream()
                    .filter(r -> r.boundSystemType().equals("n1") && r.atNanos() > letGoAt).count();
            assertThat(afterResume).as("submits n1 wrote after it was let go on").isZero();

            String token = token(two.api(), "b", ClusterRig.SECRET);
            awaitDelivered(two, token, "8", n, 30_000);
            Map<String, Long> sent = perDestination(smsc, "447700908");
            long twice = sent.values().stream().mapToLong(c -> c - 1).sum();
            int inDoubt = rig.inDoubtTakenOver("n2", "n1");
            assertThat(twice).as("sent twice: only parts n1 had sent without a stored answer").isLessThanOrEqualTo(inDoubt);
            await("one record per message", 20_000, () -> GatewayEndToEndTest.io(() ->
                    CdrRecords.read(rig.cdrs()).size()) == n);
            String log = Files.readString(rig.log("n1"));
            System.out.printf("fencing test: n1 sent %d of %d before its pause, n2 sent the rest %d ms after it; "
                            + "%d in doubt, %d sent twice; n1 %s%n", sentByOne, n, tookMs, inDoubt, twice,
                    log.contains("writes are refused") ? "had writes refused" : "tried no write");
        }
    }

    @Test
    void threeNodesUnderLoadLoseNothingWhenOneIsKilled() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        WireMockServer hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptDelay(Duration.ofMillis(200)))) {
            rig.botExtra = ", webhookUrl: \"http://127.0.0.1:%d/hook\"".formatted(hooks.port());
            rig.extraYaml = "webhooks: {concurrency: 8, retryMin: 100ms, retryMax: 500ms}\n";
            List<Node> nodes = new ArrayList<>();
            for (String id : List.of("n1", "n2", "n3")) {
                rig.smscExtra = ", systemType: " + id;
                nodes.add(rig.start(id, smsc, "gw"));
            }
            try {
                Node killed = nodes.get(2);
                String token = token(nodes.get(0).api(), "b", ClusterRig.SECRET);
                int n = 900;
                AtomicInteger accepted = new AtomicInteger();
                AtomicInteger retried = new AtomicInteger();
                ExecutorService clients = Executors.newFixedThreadPool(6);
                List<Future<?>> sends = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int first = t;
                    sends.add(clients.submit(() -> {
                        for (int i = first; i < n; i += 6) {
                            String body = envelope("L" + i, "load " + i, "+4477009" + String.format("%05d", i));
                            // spread over the nodes as a load balancer does; a node that does not answer is
                            // asked again on the next one with the same msgId, as a client does
                            for (int attempt = 0; ; attempt++) {
                                Node to = nodes.get((i + attempt) % 3);
                                int status;
                                try {
                                    status = send(to.api(), token, "b", body).status();
                                } catch (Exception e) {
                                    status = -1;
                                }
                                if (status == 202) {
                                    accepted.incrementAndGet();
                                    break;
                                }
                                retried.incrementAndGet();
                                assertThat(attempt).as("attempts for L" + i).isLessThan(6);
                            }
                        }
                        return null;
                    }));
                }
                await("a third accepted", 30_000, () -> accepted.get() >= n / 3);
                killed.process().destroyForcibly();
                killed.process().waitFor();
                long killedAt = System.nanoTime();
                long sentByKilled = submitsVia(smsc, "n3");
                Node reader = nodes.get(0);
                await("n3's open messages taken over", 15_000, () -> GatewayEndToEndTest.io(() -> {
                    var n3 = nodes(reader).get("n3");
                    return !n3.get("alive").asBoolean() && n3.get("openMessages").asLong() == 0;
                }));
                long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
                for (Future<?> f : sends) {
                    f.get(60, TimeUnit.SECONDS);
                }
                clients.shutdown();
                assertThat(accepted.get()).isEqualTo(n);

                awaitDelivered(reader, token, "L", n, 60_000);
                Map<String, Long> sent = perDestination(smsc, "4477009");
                assertThat(sent).as("every message reached the SMSC").hasSize(n);
                long twice = sent.values().stream().mapToLong(c -> c - 1).sum();
                int inDoubt = rig.inDoubtTakenOver("n1", "n3") + rig.inDoubtTakenOver("n2", "n3");
                assertThat(twice).as("sent twice: only parts n3 had sent without a stored answer").isLessThanOrEqualTo(inDoubt);
                await("every delivered event reached the webhook", 30_000, () -> CrashRecoveryTest.deliveredHooks(hooks).size() == n);
                await("one record per message", 30_000, () -> GatewayEndToEndTest.io(() ->
                        CdrRecords.readAll(rig.cdrs()).size()) >= n);
                assertThat(CdrRecords.read(rig.cdrs())).hasSize(n); // by msg_id: fails on a message with two records
                System.out.printf("failover test: %d accepted over 3 nodes (%d requests asked again), n3 killed after "
                                + "sending %d; its messages taken over in %d ms; %d in doubt, %d sent twice%n",
                        n, retried.get(), sentByKilled, tookMs, inDoubt, twice);
                assertThat(tookMs).as("takeover within the lease (3 s) and two heartbeats, and a margin").isLessThan(8_000);
            } catch (AssertionError | Exception e) {
                rig.printLogs();
                throw e;
            }
        } finally {
            hooks.stop();
        }
    }

    @Test
    void aSurvivorTakesADeadNodesMessagesOverNoFasterThanItHasRoomFor() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptDelay(Duration.ofMillis(300)))) {
            Node one = rig.start("n1", smsc, "gw");
            rig.extraYaml = "overload: {maxOpen: 8}\n"; // n2 holds at most 8 open messages
            Node two = rig.start("n2", smsc, "gw");
            try {
                // n1's link is off: what it accepts waits in it, then it is killed
                assertThat(Harness.call("POST", "http://127.0.0.1:" + one.admin() + "/admin/links/s/disable",
                        ClusterRig.ADMIN, null, null).status()).isEqualTo(200);
                int n = 30;
                ClusterEndToEndTest.sendTo(one, "3", n);
                one.process().destroyForcibly();
                one.process().waitFor();
                String token = token(two.api(), "b", ClusterRig.SECRET);
                awaitDelivered(two, token, "3", n, 40_000);
                assertThat(perDestination(smsc, "447700903")).as("each sent once").hasSize(n)
                        .allSatisfy((d, c) -> assertThat(c).isEqualTo(1L));
                Matcher m = Pattern.compile("took over (\\d+) open messages of n1").matcher(Files.readString(rig.log("n2")));
                List<Integer> batches = new ArrayList<>();
                while (m.find()) {
                    batches.add(Integer.parseInt(m.group(1)));
                }
                assertThat(batches).as("taken as room freed, never more than 8 at once").hasSizeGreaterThan(1)
                        .allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(8));
                assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
            } catch (AssertionError | Exception e) {
                rig.printLogs();
                throw e;
            }
        }
    }

    @Test
    void anEsmesReceiptsReachItOverAnotherNodeAfterItsNodeIsKilled() throws Exception {
        Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
        // the SMSC holds its receipts back: they come after the kill, over the survivor's bind
        try (ClusterRig rig = new ClusterRig(dir); SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptDelay(Duration.ofSeconds(2)))) {
            int[] smpp = new int[2];
            List<Node> nodes = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                smpp[k] = CrashRecoveryTest.freePort();
                rig.smscExtra = ", systemType: n" + (k + 1);
                rig.extraYaml = ClusterRig.esmeServer(smpp[k]);
                nodes.add(rig.start("n" + (k + 1), smsc, "gw"));
            }
            List<org.jsmpp.bean.DeliverSm> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
            org.jsmpp.session.SMPPSession first = EsmeClient.bind(smpp[0], "esme1", "esme-pw1",
                    org.jsmpp.bean.BindType.BIND_TRX, delivered, () -> 0);
            int n = 10;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(SmppServerEndToEndTest.submit(first, "12345", "44770090300" + i,
                        ("esme " + i).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0));
            }
            await("n1 submitted them", 10_000, () -> perDestination(smsc, "44770090300").size() == n);
            nodes.get(0).process().destroyForcibly();
            nodes.get(0).process().waitFor();
            // the ESME's link to n1 is gone; it binds again, to the other node
            org.jsmpp.session.SMPPSession second = EsmeClient.bind(smpp[1], "esme1", "esme-pw1",
                    org.jsmpp.bean.BindType.BIND_TRX, delivered, () -> 0);
            try {
                await("every receipt reached the ESME over n2", 30_000, () -> ids.stream().allMatch(id ->
                        delivered.stream().anyMatch(d -> (d.getEsmClass() & 0x04) != 0 && new String(d.getShortMessage(),
                                java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("id:" + id + " "))));
                assertThat(Files.readString(rig.log("n2"))).as("n2 took them over, open")
                        .contains("took over " + n + " open messages of n1");
                long twice = perDestination(smsc, "44770090300").values().stream().mapToLong(c -> c - 1).sum();
                assertThat(twice).as("sent twice: only what n1 sent without a stored answer")
                        .isLessThanOrEqualTo(rig.inDoubtTakenOver("n2", "n1"));
            } finally {
                second.unbindAndClose();
                first.close();
            }
        }
    }
}
