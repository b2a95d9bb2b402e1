package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.delivery.SmsDispatcher;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 with messages in flight: the gateway runs as a child JVM, is killed with
 * destroyForcibly while submits, receipts and webhooks are under way, and started again on
 * the same store. Every message that got a 202 must end delivered and its receipt must reach
 * the webhook.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyAcceptedMessageIsDeliveredAfterAKillAndRestart() throws Exception {
        int n = 600;
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withReceiptDelay(Duration.ofMillis(300)))) {
            WireMockServer hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
            hooks.start();
            hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200).withFixedDelay(20)));
            int api = freePort();
            Path config = dir.resolve("gw.yaml");
            Files.writeString(config, """
                    api: {host: 127.0.0.1, port: %d, tokenKey: crash-test-signing-key-0123456789}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    cdr: {rotateInterval: 200ms}
                    smsc:
                      - {name: s, host: 127.0.0.1, port: %d, systemId: gw, password: pw, window: 20, responseTimeout: 2s, reconnectMin: 50ms, reconnectMax: 200ms}
                    webhooks: {concurrency: 8, retryMin: 100ms, retryMax: 500ms}
                    bots:
                      - {id: b, secret: crash-secret, webhookUrl: "http://127.0.0.1:%d/hook"}
                    """.formatted(api, dir.resolve("db"), smsc.port(), hooks.port()));
            try {
                Process first = startGateway(config, "first.log");
                awaitHttp(api);
                String token = token(api, "b", "crash-secret");
                List<CompletableFuture<Integer>> sends = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String body = envelope("c" + i, "crash test " + i, "+4477009" + String.format("%05d", i));
                    sends.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return send(api, token, "b", body).status();
                        } catch (Exception e) {
                            return -1; // the kill may cut a request off: it was never acknowledged
                        }
                    }));
                    if (i == n / 2) {
                        await("some submits", 10_000, () -> smsc.submitCount() > 50);
                        first.destroyForcibly();
                        first.waitFor();
                    }
                }
                Set<String> acknowledged = new HashSet<>();
                for (int i = 0; i < n; i++) {
                    if (sends.get(i).get() == 202) {
                        acknowledged.add("c" + i);
                    }
                }
                assertThat(acknowledged.size()).isGreaterThan(50); // the kill came after more than 50 submits
                long submitsBeforeRestart = smsc.submitCount();

                Process second = startGateway(config, "second.log");
                try {
                    awaitHttp(api);
                    // messages refused while the gateway was down are sent again by the client, as clients do
                    for (int i = 0; i < n; i++) {
                        if (!acknowledged.contains("c" + i)) {
                            String body = envelope("c" + i, "crash test " + i, "+4477009" + String.format("%05d", i));
                            assertThat(send(api, token, "b", body).status()).isEqualTo(202);
                        }
                    }
                    long end = System.currentTimeMillis() + 60_000;
                    List<String> notDelivered;
                    do {
                        notDelivered = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            Harness.Reply r = status(api, token, "b", "c" + i);
                            if (r.status() != 200 || !r.body().at("/gateway/state").asText().equals("DELIVERED")) {
                                notDelivered.add("c" + i);
                            }
                        }
                        Thread.sleep(200);
                    } while (!notDelivered.isEmpty() && System.currentTimeMillis() < end);
                    assertThat(notDelivered).as("messages not delivered after restart").isEmpty();

                    // every message reached the SMSC; duplicates only where the kill left the outcome unknown
                    Map<String, Long> perDestination = smsc.received().stream()
                            .collect(Collectors.groupingBy(SmscSimulator.ReceivedSubmit::destination, Collectors.counting()));
                    assertThat(perDestination).hasSize(n);
                    long duplicates = perDestination.values().stream().mapToLong(c -> c - 1).sum();
                    // only parts the store had as queued without an acknowledgement may go out twice;
                    // the restarted gateway reports how many it found
                    Matcher m = Pattern.compile("(\\d+) parts were submitted before the stop")
                            .matcher(Files.readString(dir.resolve("second.log")));
                    assertThat(m.find()).as("the restarted gateway reports what it resumed").isTrue();
                    long inDoubt = Long.parseLong(m.group(1));
                    System.out.printf("crash test: %d submits before the kill, %d parts in doubt at restart, %d sent twice%n",
                            submitsBeforeRestart, inDoubt, duplicates);
                    assertThat(duplicates).as("destinations submitted twice").isLessThanOrEqualTo(inDoubt);
                    // a part holds a submit permit from before it is marked queued until its SMSC id is durable
                    assertThat(inDoubt).as("parts in doubt").isLessThanOrEqualTo(20 * SmsDispatcher.PERMITS_PER_WINDOW_SLOT);

                    // every delivered receipt reached the webhook at least once
                    await("delivered webhooks", 30_000, () -> deliveredHooks(hooks).size() == n);

                    // each message was rated into exactly one CDR, across the kill (the CDR directory is next to the H2 file)
                    await("one CDR per message", 30_000, () -> GatewayEndToEndTest.io(() ->
                            CdrRecords.read(dir.resolve("cdr")).size()) == n);
                    assertThat(CdrRecords.read(dir.resolve("cdr")).values())
                            .allSatisfy(r -> assertThat(r.get("category") + " " + r.get("units")).isEqualTo("SMS_SEGMENT 1"));
                } finally {
                    second.destroy();
                    second.waitFor();
                }
            } finally {
                hooks.stop();
            }
        }
    }

    /** The msgIds whose delivered event reached the receiver. */
    static Set<String> deliveredHooks(WireMockServer hooks) {
        Set<String> ids = new HashSet<>();
        Function<String, String> msgId = body -> {
            try {
                var node = JSON.readTree(body);
                return node.at("/RCSMessage/status").asText().equals("delivered") ? node.at("/RCSMessage/msgId").asText() : null;
            } catch (Exception e) {
                return null;
            }
        };
        hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).forEach(r -> {
            String id = msgId.apply(r.getBodyAsString());
            if (id != null) {
                ids.add(id);
            }
        });
        return ids;
    }

    private Process startGateway(Path config, String log) throws Exception {
        return startGateway(config, dir.resolve(log));
    }

    /** The gateway as a child JVM on this test's class path, its output to {@code log}. */
    static Process startGateway(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitHttp(int port) throws Exception {
        await("gateway up", 30_000, () -> listening(port));
    }

    /** Whether something accepts connections on the loopback port. */
    static boolean listening(int port) {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static final Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port free now and never handed out before in this JVM: the OS may give a port it just gave
     * to bind(0) again, and a test choosing several ports before a child binds them would see two alike.
     */
    static int freePort() throws java.io.IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }
}
