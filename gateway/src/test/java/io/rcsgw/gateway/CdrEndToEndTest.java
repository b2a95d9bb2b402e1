package io.rcsgw.gateway;

import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static io.rcsgw.gateway.MetricsEndToEndTest.scrape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message that reaches a final state is rated with its bot's tariff into one charging data
 * record, and the records reach closed CSV files: SMS per accepted segment whatever the receipt
 * said, RCS once delivered, a bot with a tariff of its own priced by it.
 */
class CdrEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void finalOutcomesAreRatedIntoClosedCdrFiles() throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptStatus(d -> d.endsWith("99") ? ReceiptStatus.UNDELIV : ReceiptStatus.DELIVRD))) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: cdr-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rcs: {eventsSecret: cdr-events-secret}
                    rcsSimulator: {enabled: true, capable: ["+447700900300-+447700900399"], deliveredDelay: 10ms, displayedDelay: 20ms}
                    rating:
                      tariffs:
                        - {name: standard, currency: EUR, rcsBasic: 0.002, rcsSingle: 0.015, smsSegment: 0.035}
                        - {name: gold, currency: GBP, smsSegment: 0.01}
                    cdr: {directory: "%s", rotateInterval: 200ms}
                    bots:
                      - {id: cdrbot, secret: secret-12}
                      - {id: goldbot, secret: secret-12, tariff: gold}
                    """.formatted(dir.resolve("db"), smsc.port(), cdrs);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                Map<String, Double> before = scrape(gateway.managementPort());
                String token = token(port, "cdrbot", "secret-12");
                assertThat(send(port, token, "cdrbot", envelope("short", "hello", "+447700900100")).status()).isEqualTo(202);
                assertThat(send(port, token, "cdrbot", envelope("long", "two segments ".repeat(20), "+447700900200"))
                        .status()).isEqualTo(202);
                assertThat(send(port, token, "cdrbot", envelope("lost", "no one home", "+447700900199")).status()).isEqualTo(202);
                assertThat(send(port, token, "cdrbot", envelope("rich", "hello RCS", "+447700900300")).status()).isEqualTo(202);
                String gold = token(port, "goldbot", "secret-12");
                assertThat(send(port, gold, "goldbot", envelope("gold", "hello gold", "+447700900101")).status()).isEqualTo(202);

                await("five records in closed files", 10_000, () -> io(() -> CdrRecords.read(cdrs).size()) == 5);
                Map<String, Map<String, String>> r = CdrRecords.read(cdrs);
                assertRecord(r.get("short"), "cdrbot", "+447700900100", "sms", "DELIVERED", "SMS_SEGMENT", 1, "0.035", "EUR", "standard");
                assertRecord(r.get("long"), "cdrbot", "+447700900200", "sms", "DELIVERED", "SMS_SEGMENT", 2, "0.070", "EUR", "standard");
                assertRecord(r.get("lost"), "cdrbot", "+447700900199", "sms", "UNDELIVERABLE", "SMS_SEGMENT", 1, "0.035", "EUR",
                        "standard");
                assertRecord(r.get("rich"), "cdrbot", "+447700900300", "rcs", "DELIVERED", "RCS_BASIC", 1, "0.002", "EUR", "standard");
                assertRecord(r.get("gold"), "goldbot", "+447700900101", "sms", "DELIVERED", "SMS_SEGMENT", 1, "0.01", "GBP", "gold");
                assertThat(r.values().stream().map(x -> Long.parseLong(x.get("record_id"))).distinct().count()).isEqualTo(5);

                await("outbox drained", 5000, () -> io(() -> scrape(gateway.managementPort())
                        .get("rcsgw_cdr_outbox_records")) == 0.0);
                Map<String, Double> after = scrape(gateway.managementPort());
                assertThat(after.get("rcsgw_rated_amount_total{category=\"SMS_SEGMENT\",currency=\"EUR\"}")
                        - before.getOrDefault("rcsgw_rated_amount_total{category=\"SMS_SEGMENT\",currency=\"EUR\"}", 0.0))
                        .isCloseTo(0.14, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(after.get("rcsgw_rated_amount_total{category=\"SMS_SEGMENT\",currency=\"GBP\"}")
                        - before.getOrDefault("rcsgw_rated_amount_total{category=\"SMS_SEGMENT\",currency=\"GBP\"}", 0.0))
                        .isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-9));
                assertThat(after.get("rcsgw_rated_units_total{category=\"SMS_SEGMENT\"}")
                        - before.getOrDefault("rcsgw_rated_units_total{category=\"SMS_SEGMENT\"}", 0.0)).isEqualTo(5);
                assertThat(after.get("rcsgw_cdr_records_total") - before.getOrDefault("rcsgw_cdr_records_total", 0.0))
                        .isEqualTo(5);
            }
        }
    }

    @Test
    void aUsersMessageOpensAConversationThatIsChargedOnceAndOutlivesARestart() throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: conv-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rcs: {eventsSecret: cdr-events-secret}
                    rcsSimulator: {enabled: true, capable: ["+"], deliveredDelay: 10ms, displayedDelay: 20ms}
                    rating:
                      tariffs:
                        - {name: standard, currency: EUR, rcsBasic: 0.002, rcsConversation: 0.04}
                    cdr: {directory: "%s", rotateInterval: 200ms}
                    bots:
                      - {id: convbot, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port(), cdrs);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                int port = gateway.apiPort();
                String event = """
                        {"eventId":"ev-1","event":"message","RCSMessage":{"msgId":"u-1","textMessage":"hi"},\
                        "messageContact":{"userContact":"+447700900301"}}""";
                long now = java.time.Instant.now().getEpochSecond();
                var reply = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                                + "/rcs/platform/v1/convbot/events")).header("Content-Type", "application/json")
                        .header("X-RCS-Timestamp", Long.toString(now))
                        .header("X-RCS-Signature", io.rcsgw.rcs.auth.EventSignature.sign("cdr-events-secret", "convbot", now,
                                event.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).isBetween(200, 204);
                String token = token(port, "convbot", "secret-12");
                assertThat(send(port, token, "convbot", envelope("conv-1", "thanks for writing", "+447700900301")).status())
                        .isEqualTo(202);
                await("conv-1 rated", 10_000, () -> io(() -> CdrRecords.read(cdrs).containsKey("conv-1")));
                assertThat(send(port, token, "convbot", envelope("conv-2", "anything else?", "+447700900301")).status())
                        .isEqualTo(202);
                assertThat(send(port, token, "convbot", envelope("other", "hello", "+447700900302")).status()).isEqualTo(202);
                await("three records", 10_000, () -> io(() -> CdrRecords.read(cdrs).size()) == 3);
            }
            // the conversation, charged already, survives a restart
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                int port = gateway.apiPort();
                String token = token(port, "convbot", "secret-12");
                assertThat(send(port, token, "convbot", envelope("conv-3", "one more", "+447700900301")).status())
                        .isEqualTo(202);
                await("four records", 10_000, () -> io(() -> CdrRecords.read(cdrs).size()) == 4);
            }
            Map<String, Map<String, String>> r = CdrRecords.read(cdrs);
            assertRecord(r.get("conv-1"), "convbot", "+447700900301", "rcs", "DELIVERED", "RCS_P2A_CONVERSATION", 1, "0.04", "EUR",
                    "standard");
            assertRecord(r.get("conv-2"), "convbot", "+447700900301", "rcs", "DELIVERED", "RCS_P2A_CONVERSATION", 0, "0", "EUR",
                    "standard");
            assertRecord(r.get("conv-3"), "convbot", "+447700900301", "rcs", "DELIVERED", "RCS_P2A_CONVERSATION", 0, "0", "EUR",
                    "standard");
            assertRecord(r.get("other"), "convbot", "+447700900302", "rcs", "DELIVERED", "RCS_BASIC", 1, "0.002", "EUR", "standard");
        }
    }

    @Test
    void aReplyToTheBotOpensAnA2pConversationChargedOnTheReplyWithTheOpeningMessageCreditedAcrossARestart()
            throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: a2p-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rcs: {eventsSecret: cdr-events-secret}
                    rcsSimulator: {enabled: true, capable: ["+"], deliveredDelay: 10ms, displayedDelay: 20ms}
                    rating:
                      tariffs:
                        - {name: standard, currency: EUR, rcsBasic: 0.002, rcsSingle: 0.015, rcsA2pConversation: 0.03}
                    cdr: {directory: "%s", rotateInterval: 200ms}
                    bots:
                      - {id: a2pbot, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port(), cdrs);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                int port = gateway.apiPort();
                String token = token(port, "a2pbot", "secret-12");
                assertThat(send(port, token, "a2pbot", envelope("opening", "your parcel is here", "+447700900401")).status())
                        .isEqualTo(202);
                await("the opening record", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 1);
            }
            // the single charge that a reply would credit survives a restart
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                int port = gateway.apiPort();
                assertThat(userEvent(port, "a2pbot", "ev-a2p-1", "u-reply", "+447700900401")).isBetween(200, 204);
                await("the conversation and the credit", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 3);
                String token = token(port, "a2pbot", "secret-12");
                assertThat(send(port, token, "a2pbot", envelope("inside", "a card would be single", "+447700900401")).status())
                        .isEqualTo(202);
                await("the covered message", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 4);
            }
            List<Map<String, String>> all = CdrRecords.readAll(cdrs);
            Map<String, String> opening = all.stream().filter(r -> r.get("msg_id").equals("opening")
                    && r.get("leg").equals("primary")).findFirst().orElseThrow();
            assertThat(opening).containsEntry("category", "RCS_BASIC").containsEntry("amount", "0.0020");
            Map<String, String> conversation = all.stream().filter(r -> r.get("leg").equals("conversation")).findFirst()
                    .orElseThrow();
            assertThat(conversation).containsEntry("msg_id", "u-reply").containsEntry("direction", "MO")
                    .containsEntry("category", "RCS_A2P_CONVERSATION").containsEntry("units", "1")
                    .containsEntry("amount", "0.0300").containsEntry("conversation_type", "A2P");
            Map<String, String> credit = all.stream().filter(r -> r.get("leg").equals("credit")).findFirst().orElseThrow();
            assertThat(credit).containsEntry("msg_id", "opening").containsEntry("category", "RCS_BASIC")
                    .containsEntry("units", "-1").containsEntry("amount", "-0.0020")
                    .containsEntry("message_id", opening.get("message_id"))
                    .containsEntry("conversation_id", conversation.get("conversation_id"));
            Map<String, String> inside = all.stream().filter(r -> r.get("msg_id").equals("inside")).findFirst().orElseThrow();
            assertThat(inside).containsEntry("category", "RCS_A2P_CONVERSATION").containsEntry("units", "0")
                    .containsEntry("conversation_id", conversation.get("conversation_id"));
            BigDecimal total = all.stream().map(r -> new BigDecimal(r.get("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(total).as("one charge for the conversation, its messages not charged singly")
                    .isEqualByComparingTo("0.03");
        }
    }

    /** A signed user message from the RCS platform; the HTTP status of the gateway's answer. */
    static int userEvent(int port, String bot, String eventId, String msgId, String user) throws Exception {
        String event = """
                {"eventId":"%s","event":"message","RCSMessage":{"msgId":"%s","textMessage":"yes"},\
                "messageContact":{"userContact":"%s"}}""".formatted(eventId, msgId, user);
        long now = java.time.Instant.now().getEpochSecond();
        return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                                + "/rcs/platform/v1/" + bot + "/events")).header("Content-Type", "application/json")
                        .header("X-RCS-Timestamp", Long.toString(now))
                        .header("X-RCS-Signature", io.rcsgw.rcs.auth.EventSignature.sign("cdr-events-secret", bot, now,
                                event.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void assertRecord(Map<String, String> r, String bot, String recipient, String channel, String state,
                                     String category, int units, String amount, String currency, String tariff) {
        assertThat(r).as("a record").isNotNull();
        assertThat(r.get("bot_id")).isEqualTo(bot);
        assertThat(r.get("recipient")).isEqualTo(recipient);
        assertThat(r.get("channel")).isEqualTo(channel);
        assertThat(r.get("final_state")).isEqualTo(state);
        assertThat(r.get("category")).isEqualTo(category);
        assertThat(r.get("units")).isEqualTo(Integer.toString(units));
        assertThat(new BigDecimal(r.get("amount"))).isEqualByComparingTo(amount);
        assertThat(r.get("currency")).isEqualTo(currency);
        assertThat(r.get("tariff")).isEqualTo(tariff);
        assertThat(java.time.Instant.parse(r.get("closed_at"))).isAfterOrEqualTo(java.time.Instant.parse(r.get("accepted_at")));
    }
}
