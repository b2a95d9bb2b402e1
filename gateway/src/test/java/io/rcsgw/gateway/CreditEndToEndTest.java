package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prepaid bot over the real gateway: parallel sends never reserve more than its credit, a
 * message the credit left cannot cover is a 402 naming the shortfall, each charge comes off the
 * balance once, a top-up through the admin API lets it send again, and the balance outlives a restart.
 */
class CreditEndToEndTest {

    static final String ADMIN = "Bearer credit-admin-token-0123";

    @TempDir
    Path dir;

    static JsonNode credit(Gateway gw, String bot) throws Exception {
        Reply r = call("GET", "http://127.0.0.1:" + gw.adminPort() + "/admin/bots/" + bot + "/credit", ADMIN, null, null);
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        return r.body();
    }

    static Reply topUp(Gateway gw, String bot, String body) throws Exception {
        return call("POST", "http://127.0.0.1:" + gw.adminPort() + "/admin/bots/" + bot + "/credit", ADMIN,
                "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parallelSendsNeverOverdrawAndEachChargeComesOffOnce() throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    admin: {host: 127.0.0.1, port: 0, token: credit-admin-token-0123}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: credit-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rating:
                      tariffs:
                        - {name: standard, currency: EUR, rcsBasic: 0.002, smsSegment: 0.035}
                    cdr: {directory: "%s", rotateInterval: 200ms}
                    bots:
                      - {id: paybot, secret: secret-12, prepaid: true}
                      - {id: postbot, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port(), cdrs);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                String token = token(port, "paybot", "secret-12");
                JsonNode empty = credit(gateway, "paybot");
                assertThat(empty.get("balance").asText()).isEqualTo("0");
                assertThat(empty.get("currency").asText()).isEqualTo("EUR");
                Reply none = send(port, token, "paybot", envelope("p-0", "hello", "+447700900100"));
                assertThat(none.status()).isEqualTo(402);
                assertThat(none.contentType()).startsWith("application/problem+json");
                assertThat(none.body().get("shortfall").asText()).isEqualTo("0.035");
                assertThat(none.body().get("currency").asText()).isEqualTo("EUR");

                assertThat(topUp(gateway, "paybot", "{\"amount\":\"0.10\"}").body().get("available").asText()).isEqualTo("0.1");
                // 12 at once, each reserving 0.035 of 0.10: exactly two go
                List<String> bodies = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    bodies.add(envelope("p-" + (i + 1), "hello " + i, "+4477009001" + String.format("%02d", i)));
                }
                List<Integer> statuses = sendAll(port, token, "paybot", bodies, 12);
                assertThat(statuses).filteredOn(s -> s == 202).hasSize(2);
                assertThat(statuses).filteredOn(s -> s == 402).hasSize(10);
                JsonNode held = credit(gateway, "paybot");
                // held (and perhaps charged already): what is held never exceeds the balance
                assertThat(new BigDecimal(held.get("reserved").asText()))
                        .isLessThanOrEqualTo(new BigDecimal(held.get("balance").asText()));
                assertThat(new BigDecimal(held.get("available").asText())).isGreaterThanOrEqualTo(BigDecimal.ZERO);

                await("two records", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 2);
                await("settled", 5000, () -> io(() -> credit(gateway, "paybot").get("reserved").asText().equals("0")));
                JsonNode after = credit(gateway, "paybot");
                BigDecimal charged = CdrRecords.readAll(cdrs).stream().map(r -> new BigDecimal(r.get("amount")))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(charged).isEqualByComparingTo("0.07");
                assertThat(new BigDecimal(after.get("balance").asText())).isEqualByComparingTo("0.03");
                Reply shortBy = send(port, token, "paybot", envelope("p-short", "hello", "+447700900150"));
                assertThat(shortBy.status()).isEqualTo(402);
                assertThat(shortBy.body().get("available").asText()).isEqualTo("0.03");
                assertThat(shortBy.body().get("shortfall").asText()).isEqualTo("0.005");
                assertThat(shortBy.body().get("detail").asText()).contains("0.005 short");

                assertThat(topUp(gateway, "paybot", "{\"amount\": 1}").status()).isEqualTo(200);
                assertThat(send(port, token, "paybot", envelope("p-short", "hello", "+447700900150")).status()).isEqualTo(202);
                await("three records", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 3);
                await("settled again", 5000, () -> io(() -> credit(gateway, "paybot").get("reserved").asText().equals("0")));

                assertThat(topUp(gateway, "paybot", "{\"amount\":\"-5\"}").status()).isEqualTo(400);
                assertThat(topUp(gateway, "paybot", "{\"amount\":\"lots\"}").status()).isEqualTo(400);
                assertThat(call("GET", "http://127.0.0.1:" + gateway.adminPort() + "/admin/bots/postbot/credit", ADMIN, null,
                        null).status()).as("not prepaid").isEqualTo(404);
                String post = token(port, "postbot", "secret-12");
                assertThat(send(port, post, "postbot", envelope("q-1", "hello", "+447700900160")).status())
                        .as("a bot that is not prepaid sends on").isEqualTo(202);
            }
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                JsonNode restarted = credit(gateway, "paybot");
                assertThat(new BigDecimal(restarted.get("balance").asText())).as("1.03 less the third charge")
                        .isEqualByComparingTo("0.995");
                assertThat(restarted.get("reserved").asText()).isEqualTo("0");
            }
        }
    }
}
