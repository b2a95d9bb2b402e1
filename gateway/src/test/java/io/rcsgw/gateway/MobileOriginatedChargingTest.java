package io.rcsgw.gateway;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's SMS to a bot is a charging data record of its own (MO, SMS_MO per segment), written
 * with the event it is relayed as; and a price version takes over at its effective-from instant
 * in a running gateway: the record before it and the one after carry each their version's price.
 */
class MobileOriginatedChargingTest {

    @TempDir
    Path dir;
    RulesRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aUsersSmsIsRatedAndANewPriceStartsAtItsInstant() throws Exception {
        rig = new RulesRig(dir, "rules: []\n");
        // the price changes 4 s after the new gateway starts: the old one's stop (which can take
        // seconds) is not in that margin
        rig.gateway.close();
        Instant change = Instant.now().plusSeconds(4);
        rig.extraConfig = """
                rating:
                  tariffs:
                    - name: standard
                      currency: EUR
                      version: "before"
                      smsMo: 0.01
                      smsSegment: 0.035
                      versions:
                        - {from: "%s", version: "after", smsMo: 0.02}
                cdr: {directory: "%s", rotateInterval: 200ms}
                """.formatted(change, dir.resolve("cdr"));
        rig.start();
        Path cdrs = dir.resolve("cdr");
        rig.smsc.sendMobileOriginated("447700900901", "12345", (byte) 0, false, "hello".getBytes(StandardCharsets.US_ASCII),
                null);
        await("the first record", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 1);
        await("the price change", 10_000, () -> Instant.now().isAfter(change));
        rig.smsc.sendMobileOriginated("447700900901", "12345", (byte) 0, false, "again".getBytes(StandardCharsets.US_ASCII),
                null);
        await("the second record", 10_000, () -> io(() -> CdrRecords.readAll(cdrs).size()) == 2);

        List<Map<String, String>> records = CdrRecords.readAll(cdrs);
        Map<String, String> first = records.stream().filter(r -> r.get("price_version").equals("before")).findFirst()
                .orElseThrow();
        Map<String, String> second = records.stream().filter(r -> r.get("price_version").equals("after")).findFirst()
                .orElseThrow();
        assertThat(first).containsEntry("direction", "MO").containsEntry("channel", "sms").containsEntry("category", "SMS_MO")
                .containsEntry("units", "1").containsEntry("amount", "0.0100").containsEntry("bot_id", "bot1")
                .containsEntry("sender", "+447700900901").containsEntry("recipient", "12345")
                .containsEntry("final_state", "DELIVERED").containsEntry("smsc_link", "smsc1");
        assertThat(first.get("msg_id")).startsWith("sms-");
        assertThat(first.get("record_id")).isEqualTo(first.get("message_id"));
        assertThat(second).containsEntry("amount", "0.0200").containsEntry("unit_price", "0.02");
        assertThat(Instant.parse(second.get("closed_at"))).isAfterOrEqualTo(change);
        assertThat(Instant.parse(first.get("closed_at"))).isBefore(change);
    }
}
