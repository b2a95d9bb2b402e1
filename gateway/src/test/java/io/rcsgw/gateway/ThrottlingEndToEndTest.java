package io.rcsgw.gateway;

import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SMSC that answers one submit in ten with ESME_RTHROTTLED: every message still reaches it,
 * each number's messages in the order they were accepted, and the last is submitted within
 * seconds of the last accept (the link slows down; nothing is parked for minutes).
 */
class ThrottlingEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void fiveThousandMessagesWithTenPercentThrottled() throws Exception {
        int destinations = 100;
        int perDestination = 50;
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            Random random = new Random(11);
            smsc.answerSubmitsWith(() -> {
                synchronized (random) {
                    return random.nextInt(10) == 0 ? 0x58 : 0;
                }
            });
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: s, host: 127.0.0.1, port: %d, systemId: gw, password: pw, window: 20}
                    bots:
                      - {id: b, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port());
            ExecutorService clients = Executors.newFixedThreadPool(destinations);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                String token = token(port, "b", "secret-12");
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int d = 0; d < destinations; d++) {
                    String to = "+4477009" + String.format("%05d", d);
                    all.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < perDestination; i++) { // one number's messages one after another
                            String body = envelope(to.substring(1) + "-" + i, "seq " + i, to);
                            assertThat(GatewayEndToEndTest.io(() -> send(port, token, "b", body).status())).isEqualTo(202);
                        }
                    }, clients));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
                long lastAccept = System.nanoTime();
                int n = destinations * perDestination;
                await("all submitted", 60_000, () -> smsc.submitCount() >= n);
                double afterLastAccept = (System.nanoTime() - lastAccept) / 1e9;

                var received = smsc.received();
                assertThat(received).hasSize(n);
                smsc.textsByDestination().forEach((destination, texts) -> {
                    for (int i = 0; i < texts.size(); i++) {
                        assertThat(texts.get(i)).as("message %d to %s", i, destination).isEqualTo("seq " + i);
                    }
                });
                double throttles = io.prometheus.client.CollectorRegistry.defaultRegistry
                        .getSampleValue("rcsgw_smpp_throttles_total", new String[]{"link"}, new String[]{"s"});
                System.out.printf("throttling end to end: %d messages, %.0f throttled, last submit %.2f s after the last accept%n",
                        n, throttles, afterLastAccept);
                assertThat(throttles).isGreaterThan(n / 20.0);
                assertThat(afterLastAccept).as("seconds from the last accept to the last submit").isLessThan(5);
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
