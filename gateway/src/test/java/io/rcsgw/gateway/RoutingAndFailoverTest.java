package io.rcsgw.gateway;

import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Destinations routed by prefix to SMSCs with several binds; an SMSC going away mid-load fails over with nothing lost. */
class RoutingAndFailoverTest {

    @TempDir
    Path dir;

    private static String state(int port, String token, String msgId) {
        return io(() -> Harness.state(port, token, "b", msgId));
    }

    @Test
    void routesByPrefixSharesBindsAndFailsOverWhenAnSmscGoesAway() throws Exception {
        SmscSimulator a = SmscSimulator.start(SmscSimulator.Options.defaults());
        try (SmscSimulator b = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: a, host: 127.0.0.1, port: %d, systemId: gw, password: pw, binds: 2, window: 10, responseTimeout: 1s, reconnectMin: 50ms, reconnectMax: 200ms}
                      - {name: b, host: 127.0.0.1, port: %d, systemId: gw, password: pw, window: 10, responseTimeout: 1s, reconnectMin: 50ms, reconnectMax: 200ms}
                    routes:
                      - {prefix: "4477", smsc: [a, b]}
                      - {prefix: "33", smsc: [b]}
                    sms: {retryDelay: 50ms}
                    bots:
                      - {id: b, secret: secret-12}
                    """.formatted(dir.resolve("db"), a.port(), b.port());
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("all binds up", 5000, gateway::linksBound);
                assertThat(a.bindCount()).as("two binds to a").isEqualTo(2);
                int port = gateway.apiPort();
                String token = token(port, "b", "secret-12");

                for (int i = 0; i < 20; i++) {
                    assertThat(send(port, token, "b", envelope("uk-" + i, "hi " + i, "+44770090" + (1000 + i))).status())
                            .isEqualTo(202);
                }
                for (int i = 0; i < 10; i++) {
                    assertThat(send(port, token, "b", envelope("fr-" + i, "salut " + i, "+3361234" + (5000 + i))).status())
                            .isEqualTo(202);
                }
                assertThat(send(port, token, "b", envelope("us-0", "hello", "+15551234567")).status()).isEqualTo(202);
                await("routed", 10_000, () -> a.submitCount() == 20 && b.submitCount() == 10
                        && state(port, token, "us-0").equals("FAILED"));
                assertThat(a.received()).allSatisfy(r -> assertThat(r.destination()).startsWith("4477"));
                assertThat(b.received()).allSatisfy(r -> assertThat(r.destination()).startsWith("33"));
                var history = status(port, token, "b", "us-0").body().at("/gateway/history");
                assertThat(history.get(history.size() - 1).get("reason").asText()).isEqualTo("sms:no-route");

                // a goes away in the middle of 400 messages for its prefix: b takes them over
                int n = 400;
                List<CompletableFuture<Integer>> sends = new ArrayList<>();
                var clients = java.util.concurrent.Executors.newFixedThreadPool(8);
                for (int i = 0; i < n; i++) {
                    String body = envelope("load-" + i, "load " + i, "+4477100" + String.format("%05d", i));
                    sends.add(CompletableFuture.supplyAsync(() -> io(() -> send(port, token, "b", body).status()), clients));
                    if (i == n / 4) { // a quarter on its way to a, then a goes
                        await("some on a", 10_000, () -> a.submitCount() > 40);
                        a.crash();
                    }
                }
                for (var f : sends) {
                    assertThat(f.get()).isEqualTo(202);
                }
                clients.shutdown();
                // delivered, or taken by a before it went (its receipt went with it)
                await("all delivered, or submitted to a before it went", 60_000, () -> {
                    for (int i = 0; i < n; i++) {
                        String msgId = "load-" + i;
                        var body = io(() -> status(port, token, "b", msgId).body());
                        String st = body.at("/gateway/state").asText();
                        if (!st.equals("DELIVERED")
                                && !(st.equals("SMS_SUBMITTED") && body.at("/gateway/parts/0/link").asText().startsWith("a-"))) {
                            return false;
                        }
                    }
                    return true;
                });
                List<String> destinations = new ArrayList<>();
                a.received().stream().filter(r -> r.destination().startsWith("4477100")).forEach(r -> destinations.add(r.destination()));
                b.received().stream().filter(r -> r.destination().startsWith("4477100")).forEach(r -> destinations.add(r.destination()));
                Set<String> distinct = new HashSet<>(destinations);
                assertThat(distinct).as("every message reached an SMSC").hasSize(n);
                long twice = destinations.size() - distinct.size();
                double unknown = sample("rcsgw_smpp_submits_total", "a-1", "unknown") + sample("rcsgw_smpp_submits_total", "a-2", "unknown");
                double failovers = sample("rcsgw_smpp_failovers_total", "a-1", null) + sample("rcsgw_smpp_failovers_total", "a-2", null);
                System.out.printf("failover: %d on a before it went, %d on b, %.0f moved over, %d sent twice, %.0f unknown outcomes%n",
                        a.received().stream().filter(r -> r.destination().startsWith("4477100")).count(),
                        b.received().stream().filter(r -> r.destination().startsWith("4477100")).count(), failovers, twice, unknown);
                assertThat(b.received().stream().filter(r -> r.destination().startsWith("4477100")).count()).isGreaterThan(0);
                assertThat((double) twice).as("sent twice only where the outcome was unknown").isLessThanOrEqualTo(unknown);
                assertThat(destinations.stream().collect(Collectors.toSet())).hasSize(n);
            }
        } finally {
            a.close();
        }
    }

    @Test
    void nationalTablesPerDestination() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: s, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    routes:
                      - {prefix: "90", smsc: [s], nationalLanguages: [turkish]}
                      - {prefix: "", smsc: [s]}
                    bots:
                      - {id: b, secret: secret-12}
                    """.formatted(dir.resolve("db2"), smsc.port());
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                String token = token(port, "b", "secret-12");
                // 79 characters: two UCS-2 segments, one GSM segment with the Turkish single shift table
                String text = "Sayın müşterimiz, siparişiniz yola çıktı. Teşekkür ederiz, iyi günler dileriz!";
                assertThat(send(port, token, "b", envelope("tr", text, "+905321234567")).status()).isEqualTo(202);
                assertThat(send(port, token, "b", envelope("uk", text, "+447700900123")).status()).isEqualTo(202);
                await("both sent: one part to +90, two to +44", 10_000, () -> smsc.submitCount() == 3);
                var byDestination = smsc.received().stream().collect(Collectors.toMap(r -> r.destination(), r -> r, (x, y) -> x));
                var tr = byDestination.get("905321234567");
                assertThat(tr.dataCoding()).isEqualTo((byte) 0x00);
                assertThat(tr.udhi()).isTrue();
                assertThat(java.util.Arrays.copyOf(tr.shortMessage(), 4)).containsExactly(3, 0x24, 1, 1); // single shift, Turkish
                assertThat(byDestination.get("447700900123").dataCoding()).as("no national tables for +44").isEqualTo((byte) 0x08);
            }
        }
    }

    private static double sample(String name, String link, String outcome) {
        Double v = outcome == null
                ? io.prometheus.client.CollectorRegistry.defaultRegistry.getSampleValue(name, new String[]{"link"}, new String[]{link})
                : io.prometheus.client.CollectorRegistry.defaultRegistry.getSampleValue(name, new String[]{"link", "outcome"},
                new String[]{link, outcome});
        return v == null ? 0 : v;
    }
}
