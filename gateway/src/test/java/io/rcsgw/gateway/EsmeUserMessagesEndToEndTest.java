package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users' messages reach the ESME that owns their number: an SMS from the SMSC to one of the
 * account's numbers, and an RCS user message to its bot (which has no webhook), each as a
 * deliver_sm from the user to that number; a long one in UDH parts; held while the ESME has no
 * receiver bound, across a restart too, and sent on its next bind.
 */
class EsmeUserMessagesEndToEndTest {

    @TempDir
    Path dir;
    RulesRig rig;
    final List<SMPPSession> esmes = new ArrayList<>();
    final List<DeliverSm> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, SmppServerEndToEndTest.RULES);
        rig.moreBots = """
                  - {id: bot2, secret: secret-two}
                """;
        rig.extraConfig = """
                smppServer:
                  host: 127.0.0.1
                  port: 0
                  accounts:
                    - {systemId: esme1, password: esme-pw1, bot: bot1, numbers: ["12345", "447700900555"]}
                    - {systemId: esme2, password: esme-pw2, bot: bot2, numbers: ["54321"]}
                """;
        rig.restart();
    }

    @AfterEach
    void stop() {
        esmes.forEach(SMPPSession::unbindAndClose);
        if (rig != null) {
            rig.close();
        }
    }

    SMPPSession bind(String systemId, String password, BindType type) throws Exception {
        SMPPSession s = EsmeClient.bind(rig.gateway.smppServerPort(), systemId, password, type, delivered, () -> 0);
        esmes.add(s);
        return s;
    }

    List<DeliverSm> to(String number) {
        return delivered.stream().filter(d -> d.getDestAddress().equals(number)).toList();
    }

    @Test
    void anSmsToTheEsmesNumberGoesToItNotToTheBotsWebhook() throws Exception {
        bind("esme1", "esme-pw1", BindType.BIND_RX);
        rig.smsc.sendMobileOriginated("447700900123", "12345", (byte) 0, false,
                "STOP please".getBytes(StandardCharsets.ISO_8859_1), null);
        await("the ESME got it", 10_000, () -> to("12345").size() == 1);
        DeliverSm d = to("12345").get(0);
        assertThat(d.getSourceAddr()).isEqualTo("447700900123");
        assertThat(d.getSourceAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
        assertThat(d.getDestAddrTon()).as("a short code").isEqualTo(TypeOfNumber.UNKNOWN.value());
        assertThat(d.getEsmClass() & 0x44).as("neither a receipt nor in parts").isZero();
        assertThat(d.getDataCoding()).isZero();
        assertThat(new String(d.getShortMessage(), StandardCharsets.ISO_8859_1)).isEqualTo("STOP please");
        Thread.sleep(300);
        assertThat(rig.hooks.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/hook")))).as("not the bot's").isEmpty();
        assertThat(delivered).as("once").hasSize(1);
    }

    @Test
    void aLongMessageGoesInUdhPartsAndWaitsForAReceiverAcrossARestart() throws Exception {
        String text = "Привет! ".repeat(20); // not GSM 7-bit: UCS-2, 160 characters, three parts
        rig.smsc.sendMobileOriginated("447700900124", "447700900555", (byte) 0x08, false,
                text.substring(0, 60).getBytes(StandardCharsets.UTF_16BE), null);
        rig.smsc.sendMobileOriginated("447700900124", "447700900555", (byte) 0x08, false,
                "second".getBytes(StandardCharsets.UTF_16BE), null);
        Thread.sleep(500);
        rig.restart(); // nobody bound meanwhile: both wait in the store
        bind("esme1", "esme-pw1", BindType.BIND_TRX);
        await("both", 10_000, () -> to("447700900555").size() == 2);
        assertThat(to("447700900555").get(0).getDestAddrTon()).isEqualTo(TypeOfNumber.INTERNATIONAL.value());
        assertThat(text(to("447700900555").get(0))).as("in order").isEqualTo(text.substring(0, 60));
        assertThat(text(to("447700900555").get(1))).isEqualTo("second");

        bind("esme2", "esme-pw2", BindType.BIND_RX);
        rig.platform().userSends("bot2", "+447700900125", text);
        await("three parts", 10_000, () -> to("54321").size() == 3);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int reference = -1;
        for (int i = 0; i < 3; i++) {
            DeliverSm part = to("54321").get(i);
            byte[] sm = part.getShortMessage();
            assertThat(part.getEsmClass() & 0x40).as("UDH indicator").isEqualTo(0x40);
            assertThat(part.getDataCoding()).isEqualTo((byte) 0x08);
            assertThat(new byte[]{sm[0], sm[1], sm[2], sm[4], sm[5]}).isEqualTo(new byte[]{5, 0, 3, 3, (byte) (i + 1)});
            reference = i == 0 ? sm[3] : reference;
            assertThat(sm[3]).as("one reference").isEqualTo((byte) reference);
            joined.write(sm, 6, sm.length - 6);
        }
        assertThat(joined.toString(StandardCharsets.UTF_16BE)).isEqualTo(text);
        assertThat(to("54321").get(0).getSourceAddr()).isEqualTo("447700900125");
    }

    @Test
    void anRcsReplyToTheEsmesBotReachesItAsItsText() throws Exception {
        bind("esme2", "esme-pw2", BindType.BIND_TRX);
        rig.platform().userResponds("bot2", "+447700900126", "Yes, book it", "book-yes");
        await("the reply", 10_000, () -> to("54321").size() == 1); // the simulator's posts may overtake each other
        rig.platform().userSends("bot2", "+447700900126", "and a table for 2");
        await("both", 10_000, () -> to("54321").size() == 2);
        assertThat(text(to("54321").get(0))).isEqualTo("Yes, book it");
        assertThat(text(to("54321").get(1))).isEqualTo("and a table for 2");
        // bot1 has a webhook: its users' RCS messages stay with it
        rig.platform().userSends("bot1", "+447700900127", "to the webhook");
        await("the webhook got it", 10_000, () -> !rig.hooks.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/hook"))
                .withRequestBody(WireMock.containing("to the webhook"))).isEmpty());
        assertThat(delivered).hasSize(2);
    }

    private static String text(DeliverSm d) {
        return new String(d.getShortMessage(), d.getDataCoding() == 8 ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
    }
}
