package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /rcs/bot/v1/{botId}/usage}: the sums kept as records are written equal the sums
 * of the CDR files, by category and by channel, a message that fell back counts once, another
 * bot's records are not in it, and a bad range is a 400 naming the parameter.
 */
class UsageEndToEndTest {

    @TempDir
    Path dir;

    static Reply usage(int port, String token, String bot, String query) throws Exception {
        return call("GET", "http://127.0.0.1:" + port + "/rcs/bot/v1/" + bot + "/usage" + query, token, null, null);
    }

    @Test
    void usageSumsEqualTheCdrFilesSums() throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptStatus(d -> d.endsWith("99") ? ReceiptStatus.UNDELIV : ReceiptStatus.DELIVRD))) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: usage-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rcs: {eventsSecret: usage-events-secret}
                    rcsSimulator: {enabled: true, capable: ["+447700900300-+447700900499"], neverDeliver: ["+447700900400-+447700900499"],
                                   deliveredDelay: 10ms, displayedDelay: 20ms}
                    rules:
                      - name: quick
                        fallback: {undeliveredAfter: 1s}
                    rating:
                      tariffs:
                        - {name: standard, currency: EUR, rcsBasic: 0.002, rcsSingle: 0.015, smsSegment: 0.035,
                           smsByPrefix: {"4477009001": 0.0312}}
                    cdr: {directory: "%s", rotateInterval: 200ms}
                    bots:
                      - {id: usebot, secret: secret-12}
                      - {id: otherbot, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port(), cdrs);
            Instant start = Instant.now();
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                String token = token(port, "usebot", "secret-12");
                List<String> bodies = List.of(envelope("u-sms", "hello", "+447700900100"),
                        envelope("u-long", "two segments ".repeat(20), "+447700900101"),
                        envelope("u-lost", "no one home", "+447700900199"),
                        envelope("u-rcs", "hello RCS", "+447700900300"),
                        envelope("u-fell", "hello again", "+447700900401"));
                for (String b : bodies) {
                    assertThat(send(port, token, "usebot", b).status()).isEqualTo(202);
                }
                String other = token(port, "otherbot", "secret-12");
                assertThat(send(port, other, "otherbot", envelope("o-1", "hello", "+447700900102")).status()).isEqualTo(202);
                await("the records", 15_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 7);

                String range = "?from=" + start.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1) + "&to="
                        + Instant.now().plusSeconds(1);
                Reply r = usage(port, token, "usebot", range);
                assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
                JsonNode u = r.body();

                List<Map<String, String>> mine = CdrRecords.readAll(cdrs).stream()
                        .filter(c -> c.get("bot_id").equals("usebot")).toList();
                BigDecimal fileTotal = mine.stream().map(c -> new BigDecimal(c.get("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(u.at("/total/messages").asLong()).as("five messages, one of them on both channels").isEqualTo(5);
                assertThat(u.at("/total/currency").asText()).isEqualTo("EUR");
                assertThat(new BigDecimal(u.at("/total/amount").asText())).isEqualByComparingTo(fileTotal)
                        .isEqualByComparingTo("0.1618"); // 0.0312 + 2 x 0.0312 + 0.0312 (undelivered) + 0.002 + (0 + 0.035)

                Map<String, BigDecimal> fileByCategory = new HashMap<>();
                Map<String, Long> fileCountByChannel = new HashMap<>();
                for (Map<String, String> c : mine) {
                    fileByCategory.merge(c.get("category"), new BigDecimal(c.get("amount")), BigDecimal::add);
                    fileCountByChannel.merge(c.get("channel"), 1L, Long::sum);
                }
                Map<String, BigDecimal> apiByCategory = new HashMap<>();
                for (JsonNode c : u.get("byCategory")) {
                    apiByCategory.put(c.get("category").asText(), new BigDecimal(c.get("amount").asText()));
                }
                assertThat(apiByCategory.keySet()).isEqualTo(fileByCategory.keySet());
                fileByCategory.forEach((k, v) -> assertThat(apiByCategory.get(k)).as(k).isEqualByComparingTo(v));
                Map<String, Long> apiCountByChannel = new HashMap<>();
                for (JsonNode c : u.get("byChannel")) {
                    apiCountByChannel.put(c.get("channel").asText(), c.get("messages").asLong());
                }
                assertThat(apiCountByChannel).isEqualTo(fileCountByChannel).containsEntry("rcs", 2L).containsEntry("sms", 4L);

                JsonNode empty = usage(port, token, "usebot", "?from=2020-01-01&to=2020-01-02").body();
                assertThat(empty.at("/total/messages").asLong()).isZero();
                assertThat(empty.at("/total/amount").asText()).isEqualTo("0");
                assertThat(empty.at("/total/currency").asText()).isEqualTo("EUR");
                assertThat(empty.get("from").asText()).isEqualTo("2020-01-01T00:00:00Z");
                assertThat(empty.get("byCategory")).isEmpty();

                Reply missing = usage(port, token, "usebot", "?to=2026-12-01T00:00:00Z");
                assertThat(missing.status()).isEqualTo(400);
                assertThat(missing.contentType()).startsWith("application/problem+json");
                assertThat(missing.body().get("field").asText()).isEqualTo("from");
                Reply backwards = usage(port, token, "usebot", "?from=2026-12-02&to=2026-12-01");
                assertThat(backwards.body().get("field").asText()).isEqualTo("to");
                Reply bad = usage(port, token, "usebot", "?from=yesterday&to=2026-12-01");
                assertThat(bad.status()).isEqualTo(400);
                assertThat(bad.body().get("field").asText()).isEqualTo("from");
                assertThat(usage(port, token, "otherbot", range).status()).as("another bot's usage").isEqualTo(404);
            }
        }
    }
}
