package io.rcsgw.gateway;

import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-leg charging over the real pipeline: an RCS attempt that is revoked when undelivered and
 * then goes SMS shows both legs (the RCS one free), SMS is priced by the longest destination
 * prefix, a plan that charges SMS only when delivered leaves an undeliverable one free, and
 * masked exports hide the numbers' middle digits.
 */
class ChargingLegsEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aFallbackShowsBothLegsPricedByThePlansPolicy() throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptStatus(d -> d.endsWith("99") ? ReceiptStatus.UNDELIV : ReceiptStatus.DELIVRD))) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: legs-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    sms: {defaultSender: "12345"}
                    rcs: {eventsSecret: legs-events-secret}
                    rcsSimulator: {enabled: true, capable: ["+"], neverDeliver: ["+447700900400-+447700900499"],
                                   deliveredDelay: 10ms, displayedDelay: 20ms}
                    rules:
                      - name: quick
                        fallback: {undeliveredAfter: 1s}
                    rating:
                      tariffs:
                        - name: standard
                          currency: EUR
                          version: "2026-12"
                          rcsBasic: 0.002
                          smsSegment: 0.035
                          smsByPrefix: {"44": 0.03, "4477009004": 0.021}
                        - {name: on-delivery, currency: EUR, smsCharged: delivered, smsSegment: 0.035}
                    cdr: {directory: "%s", rotateInterval: 200ms, maskNumbers: %s}
                    bots:
                      - {id: legbot, secret: secret-12}
                      - {id: strictbot, secret: secret-12, tariff: on-delivery}
                    """;
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml.formatted(dir.resolve("db"), smsc.port(), cdrs, "false"),
                    Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                String token = token(port, "legbot", "secret-12");
                assertThat(send(port, token, "legbot", envelope("fell", "hello", "+447700900401")).status()).isEqualTo(202);
                assertThat(send(port, token, "legbot", envelope("direct", "hello", "+447700900100")).status()).isEqualTo(202);
                String strict = token(port, "strictbot", "secret-12");
                assertThat(send(port, strict, "strictbot", envelope("free", "hello", "+447700900499")).status()).isEqualTo(202);
                assertThat(send(port, strict, "strictbot", envelope("paid", "hello", "+447700900402")).status()).isEqualTo(202);
                await("the records", 15_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 7);
            }
            Map<String, List<Map<String, String>>> byMsg = CdrRecords.readAll(cdrs).stream()
                    .collect(Collectors.groupingBy(r -> r.get("msg_id")));

            List<Map<String, String>> fell = byMsg.get("fell");
            assertThat(fell).hasSize(2);
            Map<String, String> rcs = fell.stream().filter(r -> r.get("leg").equals("primary")).findFirst().orElseThrow();
            Map<String, String> sms = fell.stream().filter(r -> r.get("leg").equals("fallback")).findFirst().orElseThrow();
            assertThat(rcs).containsEntry("channel", "rcs").containsEntry("final_state", "CANCELLED")
                    .containsEntry("category", "NONE").containsEntry("units", "0").containsEntry("amount", "0.0000");
            assertThat(sms).containsEntry("channel", "sms").containsEntry("final_state", "DELIVERED")
                    .containsEntry("category", "SMS_SEGMENT").containsEntry("units", "1")
                    .containsEntry("unit_price", "0.021").containsEntry("amount", "0.0210")
                    .containsEntry("fallback_reason", "fallback:rcs-undelivered").containsEntry("smsc_link", "legs-smsc")
                    .containsEntry("segments", "1").containsEntry("encoding", "GSM7").containsEntry("sender", "12345")
                    .containsEntry("decision_rule", "quick").containsEntry("price_version", "2026-12")
                    .containsEntry("direction", "MT").containsEntry("recipient", "+447700900401");
            assertThat(rcs.get("record_id")).isEqualTo(rcs.get("message_id")).isEqualTo(sms.get("message_id"));
            assertThat(sms.get("record_id")).isNotEqualTo(rcs.get("record_id"));
            assertThat(sms.get("smsc_message_ids")).startsWith("legs-smsc/");
            assertThat(java.time.Instant.parse(sms.get("submitted_at")))
                    .isAfterOrEqualTo(java.time.Instant.parse(sms.get("accepted_at")));

            assertThat(byMsg.get("direct")).singleElement().satisfies(r -> assertThat(r)
                    .containsEntry("channel", "rcs").containsEntry("leg", "primary").containsEntry("category", "RCS_BASIC")
                    .containsEntry("amount", "0.0020").containsEntry("fallback_reason", "").containsEntry("sender", "legbot"));
            // charged on delivery: the SMS that came back undeliverable is free, the delivered one is not
            assertThat(byMsg.get("free")).filteredOn(r -> r.get("channel").equals("sms")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("final_state", "UNDELIVERABLE").containsEntry("category", "NONE")
                            .containsEntry("amount", "0.0000").containsEntry("tariff", "on-delivery"));
            assertThat(byMsg.get("paid")).filteredOn(r -> r.get("channel").equals("sms")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("final_state", "DELIVERED").containsEntry("category", "SMS_SEGMENT")
                            .containsEntry("amount", "0.0350"));
        }
    }

    @Test
    void maskedExportsHideTheMiddleDigits() throws Exception {
        Path cdrs = dir.resolve("cdr");
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: mask-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rating:
                      tariffs:
                        - {name: standard, currency: EUR, smsSegment: 0.035}
                    cdr: {directory: "%s", rotateInterval: 200ms, maskNumbers: true}
                    bots:
                      - {id: maskbot, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port(), cdrs);
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                String token = token(port, "maskbot", "secret-12");
                assertThat(send(port, token, "maskbot", envelope("m1", "hello", "+447700900123")).status()).isEqualTo(202);
                await("the record", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 1);
            }
            assertThat(CdrRecords.readAll(cdrs).get(0)).containsEntry("recipient", "+44770*****23")
                    .containsEntry("amount", "0.0350");
        }
    }
}
