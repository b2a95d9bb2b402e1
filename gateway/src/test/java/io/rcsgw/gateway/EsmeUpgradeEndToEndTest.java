package io.rcsgw.gateway;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.rcsgw.gateway.Harness.await;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ESME's text that a rule upgrades goes as RCS: the ESME's receipt is the RCS outcome read as
 * SMPP's (DELIVRD, message_state 2), nothing reaches the SMSC, and the CDR names the RCS channel.
 * A text the platform cannot deliver falls back to SMS, and its receipt is the SMS outcome.
 */
class EsmeUpgradeEndToEndTest {

    static final String RULES = """
            rules:
              - name: esme-upgrade
                match: {bots: [bot2]}
                upgrade: true
                fallback: {undeliveredAfter: 1s}
              - name: sms
                channel: sms-only
            """;

    @TempDir
    Path dir;
    RulesRig rig;
    SMPPSession esme;
    final List<DeliverSm> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, SmppServerEndToEndTest.RULES);
        java.nio.file.Files.writeString(rig.rulesFile, RULES); // it names bot2, which the next start has
        rig.moreBots = """
                  - {id: bot2, secret: secret-two}
                """;
        rig.extraConfig = """
                cdr: {directory: "%s", rotateInterval: 200ms}
                smppServer:
                  host: 127.0.0.1
                  port: 0
                  accounts:
                    - {systemId: esme2, password: esme-pw2, bot: bot2, numbers: ["54321"], upgrade: true}
                """.formatted(dir.resolve("cdr"));
        rig.restart();
        esme = EsmeClient.bind(rig.gateway.smppServerPort(), "esme2", "esme-pw2", BindType.BIND_TRX, delivered, () -> 0);
    }

    @AfterEach
    void stop() {
        if (esme != null) {
            esme.unbindAndClose();
        }
        if (rig != null) {
            rig.close();
        }
    }

    DeliverSm receipt(String id) {
        return delivered.stream().filter(d -> new String(d.getShortMessage(), StandardCharsets.ISO_8859_1)
                .startsWith("id:" + id + " ")).findFirst().orElse(null);
    }

    @Test
    void anUpgradedTextsReceiptIsItsRcsOutcomeAndItsCdrSaysRcs() throws Exception {
        String upgraded = SmppServerEndToEndTest.submit(esme, "54321", "447700900124",
                "Your code is 1234".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0);
        String fellBack = SmppServerEndToEndTest.submit(esme, "54321", "447700900066", // capable, never delivered on RCS
                "Your code is 5678".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0);
        await("both receipts", 15_000, () -> receipt(upgraded) != null && receipt(fellBack) != null);

        DeliverSm r = receipt(upgraded);
        assertThat(new String(r.getShortMessage(), StandardCharsets.ISO_8859_1)).contains("stat:DELIVRD");
        assertThat(((OptionalParameter.Byte) r.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE)).getValue())
                .isEqualTo((byte) 2);
        assertThat(rig.platform().received()).anySatisfy(m -> {
            assertThat(m.userContact()).isEqualTo("+447700900124");
            assertThat(m.rcsMessage().path("textMessage").asText()).isEqualTo("Your code is 1234");
        });
        assertThat(rig.smsTo("+447700900124")).as("not by SMS").isEmpty();
        assertThat(new String(receipt(fellBack).getShortMessage(), StandardCharsets.ISO_8859_1)).contains("stat:DELIVRD");
        assertThat(rig.smsTo("+447700900066")).as("by SMS, sent from the ESME's number").containsExactly("Your code is 5678");

        // the upgraded text is one record; the one that fell back has its RCS attempt and its SMS
        await("the CDRs", 10_000, () -> io(() -> CdrRecords.readAll(dir.resolve("cdr")).size()) == 3);
        List<Map<String, String>> cdrs = CdrRecords.readAll(dir.resolve("cdr"));
        assertThat(cdrs).filteredOn(c -> c.get("msg_id").equals(upgraded)).singleElement().satisfies(c -> {
            assertThat(c.get("channel")).isEqualTo("rcs");
            assertThat(c.get("bot_id")).isEqualTo("bot2");
        });
        assertThat(cdrs).filteredOn(c -> c.get("msg_id").equals(fellBack)).extracting(c -> c.get("channel") + "/" + c.get("leg"))
                .containsExactlyInAnyOrder("rcs/primary", "sms/fallback");
    }
}
