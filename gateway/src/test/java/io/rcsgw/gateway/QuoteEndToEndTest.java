package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /rcs/bot/v1/{botId}/quote} over the real gateway: it answers what a message would
 * cost now on the channel the rules would pick, and on its fallback, stores nothing, refuses
 * what a send would refuse, and the charge that follows the send is the amount quoted.
 */
class QuoteEndToEndTest {

    @TempDir
    Path dir;

    static Reply quote(int port, String token, String bot, String json) throws Exception {
        return call("POST", "http://127.0.0.1:" + port + "/rcs/bot/v1/" + bot + "/quote", token, "application/json",
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aQuoteIsTheChargeThatFollowsOnEachChannel() throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: quote-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rcs: {eventsSecret: quote-events-secret}
                    rcsSimulator: {enabled: true, capable: ["+447700900300-+447700900399"], deliveredDelay: 10ms, displayedDelay: 20ms}
                    rules:
                      - name: short-sms
                        match: {tags: [short]}
                        sms: {maxSegments: 1}
                    rating:
                      tariffs:
                        - name: standard
                          currency: EUR
                          version: "2026-12"
                          rcsBasic: 0.002
                          rcsSingle: 0.015
                          smsSegment: 0.035
                          smsByPrefix: {"447700900": 0.031}
                    cdr: {directory: "%s", rotateInterval: 200ms}
                    bots:
                      - {id: quotebot, secret: secret-12}
                      - {id: otherbot, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port(), cdrs);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                String token = token(port, "quotebot", "secret-12");

                String rcsText = envelope("q-rcs", "hello", "+447700900301");
                Reply r = quote(port, token, "quotebot", rcsText);
                assertThat(r.status()).isEqualTo(200);
                JsonNode q = r.body();
                assertThat(q.get("channel").asText()).isEqualTo("rcs");
                assertThat(q.get("category").asText()).isEqualTo("RCS_BASIC");
                assertThat(q.get("segments").asInt()).isZero();
                assertThat(q.get("units").asInt()).isEqualTo(1);
                assertThat(q.get("amount").isTextual()).as("a decimal string").isTrue();
                assertThat(q.get("amount").asText()).isEqualTo("0.0020");
                assertThat(q.get("currency").asText()).isEqualTo("EUR");
                assertThat(q.get("priceVersion").asText()).isEqualTo("2026-12");
                assertThat(q.at("/fallback/channel").asText()).isEqualTo("sms");
                assertThat(q.at("/fallback/category").asText()).isEqualTo("SMS_SEGMENT");
                assertThat(q.at("/fallback/segments").asInt()).isEqualTo(1);
                assertThat(q.at("/fallback/amount").asText()).isEqualTo("0.0310");
                assertThat(status(port, token, "quotebot", "q-rcs").status()).as("nothing stored").isEqualTo(404);

                String rich = """
                        {"RCSMessage":{"msgId":"q-rich","textMessage":"pick one","suggestedChipList":{"suggestions":[
                        {"reply":{"displayText":"Yes","postbackData":"y"}}]}},"messageContact":{"userContact":"+447700900302"}}""";
                JsonNode qRich = quote(port, token, "quotebot", rich).body();
                assertThat(qRich.get("category").asText()).isEqualTo("RCS_SINGLE");
                assertThat(qRich.get("amount").asText()).isEqualTo("0.0150");

                String long2 = envelope("q-sms", "two segments ".repeat(20), "+447700900100");
                JsonNode qSms = quote(port, token, "quotebot", long2).body();
                assertThat(qSms.get("channel").asText()).isEqualTo("sms");
                assertThat(qSms.get("segments").asInt()).isEqualTo(2);
                assertThat(qSms.get("units").asInt()).isEqualTo(2);
                assertThat(qSms.get("amount").asText()).isEqualTo("0.0620");
                assertThat(qSms.get("fallback").isNull()).isTrue();

                for (String body : new String[]{rcsText, rich, long2}) {
                    assertThat(send(port, token, "quotebot", body).status()).isEqualTo(202);
                }
                await("three records", 10_000, () -> io(() -> CdrRecords.read(cdrs).size()) == 3);
                Map<String, Map<String, String>> cdr = CdrRecords.read(cdrs);
                assertThat(cdr.get("q-rcs")).containsEntry("amount", q.get("amount").asText())
                        .containsEntry("category", q.get("category").asText());
                assertThat(cdr.get("q-rich")).containsEntry("amount", qRich.get("amount").asText());
                assertThat(cdr.get("q-sms")).containsEntry("amount", qSms.get("amount").asText())
                        .containsEntry("units", "2").containsEntry("price_version", "2026-12");

                // what a send refuses, a quote refuses the same way, naming the field
                String tooLong = """
                        {"RCSMessage":{"textMessage":"%s"},"messageContact":{"userContact":"+447700900100"},
                        "gateway":{"tags":["short"]}}""".formatted("x".repeat(200));
                Reply refused = quote(port, token, "quotebot", tooLong);
                assertThat(refused.status()).isEqualTo(400);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.body().get("field").asText()).isEqualTo("RCSMessage.textMessage");
                Reply bad = quote(port, token, "quotebot", "{\"RCSMessage\":{\"textMessage\":\"x\"}}");
                assertThat(bad.status()).isEqualTo(400);
                assertThat(bad.contentType()).startsWith("application/problem+json");
                assertThat(quote(port, token, "otherbot", rcsText).status()).as("another bot's path").isEqualTo(404);
                assertThat(quote(port, null, "quotebot", rcsText).status()).isEqualTo(401);
            }
        }
    }
}
