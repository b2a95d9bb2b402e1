package io.rcsgw.gateway;

import io.rcsgw.smpp.sim.SmscSimulator;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ESME binds to the gateway over SMPP and its submits run through the same pipeline as the
 * API's messages: stored before they are answered, sent as SMS from the ESME's own source
 * address, visible in the status API under the message_id the ESME got, answered by query_sm;
 * a concatenated message is put together from its parts (UDH or SAR), across a restart too.
 */
class SmppServerEndToEndTest {

    static final String RULES = """
            rules:
              - name: sms
                channel: sms-only
            """;

    @TempDir
    Path dir;
    RulesRig rig;
    final List<SMPPSession> esmes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, RULES);
        rig.extraConfig = """
                smppServer:
                  host: 127.0.0.1
                  port: 0
                  accounts:
                    - {systemId: esme1, password: esme-pw1, bot: bot1, numbers: ["12345", "447700900555"], tps: 500, window: 50}
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

    /** deliver_sm PDUs the ESME got: receipts (esm_class 0x04) and messages. */
    final List<org.jsmpp.bean.DeliverSm> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Answer deliver_sm with this command_status (0: take it). */
    volatile int answer = 0;

    SMPPSession bind() throws Exception {
        return bind(BindType.BIND_TRX);
    }

    SMPPSession bind(BindType type) throws Exception {
        SMPPSession s = EsmeClient.bind(rig.gateway.smppServerPort(), "esme1", "esme-pw1", type, delivered, () -> answer);
        esmes.add(s);
        return s;
    }

    /** The receipts the ESME got for a message id. */
    List<String> receiptsFor(String id) {
        return delivered.stream().filter(d -> (d.getEsmClass() & 0x04) != 0)
                .map(d -> new String(d.getShortMessage(), StandardCharsets.ISO_8859_1))
                .filter(t -> t.startsWith("id:" + id + " ")).toList();
    }

    static String submit(SMPPSession s, String source, String to, byte[] body, byte dataCoding, byte esmClass,
                         OptionalParameter... tlvs) throws Exception {
        return s.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, to, new ESMClass(esmClass), (byte) 0, (byte) 1, null,
                null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, new RawDataCoding(dataCoding),
                (byte) 0, body, tlvs).getMessageId();
    }

    private SmscSimulator.ReceivedSubmit at(String number) throws InterruptedException {
        await("SMSC got it", 10_000, () -> rig.smsc.received().stream().anyMatch(r -> r.destination().equals(number)));
        return rig.smsc.received().stream().filter(r -> r.destination().equals(number)).findFirst().orElseThrow();
    }

    @Test
    void aSubmitIsStoredSentFromTheEsmesOwnNumberAndQueried() throws Exception {
        SMPPSession s = bind();
        // from one of the account's own numbers, not the gateway's default sender (12345 here)
        String id = submit(s, "447700900555", "447700900901", "Your code is 4711".getBytes(StandardCharsets.ISO_8859_1),
                (byte) 0, (byte) 0);
        assertThat(id).matches("[0-9a-f-]{36}");
        // in the store under that id, as bot1's message
        Reply status = status(rig.port, rig.token, "bot1", id);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().at("/gateway/rule").asText()).isEqualTo("sms");
        SmscSimulator.ReceivedSubmit got = at("447700900901");
        assertThat(got.source()).isEqualTo("447700900555");
        assertThat(rig.smsTo("+447700900901")).containsExactly("Your code is 4711");
        rig.awaitState(id, "DELIVERED", 10_000);
        // its receipt, on the same (transceiver) bind
        await("receipt", 10_000, () -> !receiptsFor(id).isEmpty());
        String receipt = receiptsFor(id).get(0);
        assertThat(receipt).matches("id:" + id + " sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 "
                + "text:Your code is 4711");
        org.jsmpp.bean.DeliverSm d = delivered.stream().filter(x -> new String(x.getShortMessage(), StandardCharsets.ISO_8859_1)
                .startsWith("id:" + id)).findFirst().orElseThrow();
        assertThat(d.getSourceAddr()).isEqualTo("447700900901");
        assertThat(d.getDestAddress()).isEqualTo("447700900555");
        assertThat(new String(((OptionalParameter.OctetString) d.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID))
                .getValue(), StandardCharsets.ISO_8859_1).replace("\0", "")).isEqualTo(id);
        assertThat(((OptionalParameter.Byte) d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE)).getValue())
                .isEqualTo((byte) 2);
        var q = s.queryShortMessage(id, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345");
        assertThat(q.getMessageState().value()).isEqualTo((byte) 2);
        assertThat(q.getFinalDate()).isNotNull();
        try {
            s.cancelShortMessage("", id, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "447700900901");
            throw new AssertionError("a delivered message was cancelled");
        } catch (NegativeResponseException e) {
            assertThat(e.getCommandStatus()).isEqualTo(0x11); // ESME_RCANCELFAIL
        }
        try {
            s.queryShortMessage("no-such-message", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345");
            throw new AssertionError("an unknown message was found");
        } catch (NegativeResponseException e) {
            assertThat(e.getCommandStatus()).isEqualTo(0x67); // ESME_RQUERYFAIL
        }
    }

    @Test
    void concatenatedPartsMakeOneMessageEvenAcrossARestart() throws Exception {
        SMPPSession s = bind();
        String first = "a".repeat(153);
        String second = "b".repeat(40);
        String id1 = submit(s, "447700900555", "447700900902", udh(7, 2, 1, first), (byte) 0, (byte) 0x40);
        rig.restart();
        esmes.clear();
        s = bind();
        String id2 = submit(s, "447700900555", "447700900902", udh(7, 2, 2, second), (byte) 0, (byte) 0x40);
        assertThat(id2).as("every part answers with the message's id").isEqualTo(id1);
        // one message of 193 characters: the gateway sends it in two segments of its own
        await("SMSC got both segments", 10_000, () -> rig.smsTo("+447700900902").size() == 2);
        assertThat(joined("447700900902")).isEqualTo(first + second);
        rig.awaitState(id1, "DELIVERED", 10_000);

        // SAR TLVs, the parts in reverse order
        String id3 = submit(s, "12345", "447700900903", "world".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0,
                new OptionalParameter.Short(OptionalParameter.Tag.SAR_MSG_REF_NUM.code(), (short) 300),
                new OptionalParameter.Byte(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS.code(), (byte) 2),
                new OptionalParameter.Byte(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM.code(), (byte) 2));
        String id4 = submit(s, "12345", "447700900903", "hello ".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0,
                new OptionalParameter.Short(OptionalParameter.Tag.SAR_MSG_REF_NUM.code(), (short) 300),
                new OptionalParameter.Byte(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS.code(), (byte) 2),
                new OptionalParameter.Byte(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM.code(), (byte) 1));
        assertThat(id4).isEqualTo(id3);
        await("SMSC got it", 10_000, () -> rig.smsTo("+447700900903").size() == 1);
        assertThat(rig.smsTo("+447700900903")).containsExactly("hello world");
        assertThat(status(rig.port, rig.token, "bot1", id3).status()).isEqualTo(200);
    }

    /** The text of every segment sent to a number, their UDH left out, in order. */
    private String joined(String number) {
        StringBuilder b = new StringBuilder();
        List<SmscSimulator.ReceivedSubmit> segments = rig.smsc.received().stream().filter(r -> r.destination().equals(number))
                .sorted(java.util.Comparator.comparingInt(r -> r.udhi() ? r.shortMessage()[5] : 0)).toList();
        for (SmscSimulator.ReceivedSubmit r : segments) {
            byte[] sm = r.shortMessage();
            int skip = r.udhi() ? (sm[0] & 0xFF) + 1 : 0;
            b.append(new String(sm, skip, sm.length - skip, StandardCharsets.ISO_8859_1));
        }
        return b.toString();
    }

    @Test
    void aReceiverBindingSendsTheWaitingReceiptsAtOnce() throws Exception {
        rig.webhooks = "{retryMin: 30s, retryMax: 60s}"; // a receipt not taken waits half a minute for its next try
        rig.restart();
        esmes.clear();
        SMPPSession tx = bind(BindType.BIND_TX);
        String id = submit(tx, "12345", "447700900905", "soon".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0);
        rig.awaitState(id, "DELIVERED", 10_000);
        Thread.sleep(500); // its first try found no receiver
        long t0 = System.nanoTime();
        bind(BindType.BIND_RX);
        await("the receipt", 5_000, () -> receiptsFor(id).size() == 1);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms from the bind to the receipt").isLessThan(5_000);
    }

    @Test
    void theAdminApiListsDisconnectsAndDisablesAccounts() throws Exception {
        SMPPSession s = bind();
        String admin = "http://127.0.0.1:" + rig.gateway.adminPort() + "/admin/esmes";
        String token = "Bearer rules-admin-token-0123";
        Reply list = call("GET", admin, token, null, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().at("/accounts/0/systemId").asText()).isEqualTo("esme1");
        assertThat(list.body().at("/accounts/0/binds").asInt()).isEqualTo(1);
        assertThat(list.body().at("/binds/0/type").asText()).isEqualTo("transceiver");
        assertThat(list.body().at("/binds/0/address").asText()).isEqualTo("127.0.0.1");
        assertThat(call("GET", "http://127.0.0.1:" + rig.gateway.adminPort() + "/admin/config", token, null, null).body()
                .at("/smppServer/accounts/0/password").asText()).isEqualTo("***");

        Reply disabled = call("POST", admin + "/esme1/disable", token, null, null);
        assertThat(disabled.body().at("/accounts/0/enabled").asBoolean()).isFalse();
        SMPPSession gone = s;
        await("its bind ended", 5000, () -> !gone.getSessionState().isBound());
        try {
            bind();
            throw new AssertionError("a disabled account bound");
        } catch (java.io.IOException e) {
            assertThat(((NegativeResponseException) e.getCause()).getCommandStatus()).isEqualTo(0x0D);
        }
        // disabled it stays, across a restart
        rig.restart();
        esmes.clear();
        String adminAgain = "http://127.0.0.1:" + rig.gateway.adminPort() + "/admin/esmes";
        assertThat(call("GET", adminAgain, token, null, null).body().at("/accounts/0/enabled").asBoolean()).isFalse();
        try {
            bind();
            throw new AssertionError("a disabled account bound after a restart");
        } catch (java.io.IOException e) {
            assertThat(((NegativeResponseException) e.getCause()).getCommandStatus()).isEqualTo(0x0D);
        }
        call("POST", adminAgain + "/esme1/enable", token, null, null);
        SMPPSession again = bind();
        assertThat(again.getSessionState().isBound()).isTrue();
        Reply disconnected = call("POST", adminAgain + "/esme1/disconnect", token, null, null);
        assertThat(disconnected.body().get("disconnected").asInt()).isEqualTo(1);
        await("disconnected", 5000, () -> !again.getSessionState().isBound());
        assertThat(call("POST", adminAgain + "/nobody/disable", token, null, null).status()).isEqualTo(404);
    }

    @Test
    void receiptsWaitForAReceiverAndSurviveARestart() throws Exception {
        // submitted on a transmitter bind: nowhere to send its receipt yet
        SMPPSession tx = bind(BindType.BIND_TX);
        String a = submit(tx, "12345", "447700900904", "first".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0);
        String b = submit(tx, "12345", "447700900777", "never".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0);
        rig.awaitState(a, "DELIVERED", 10_000);
        Thread.sleep(300);
        assertThat(delivered).isEmpty();
        // the gateway stops with the receipt pending, and comes back
        rig.restart();
        esmes.clear();
        answer = 0x08; // a receiver that refuses at first (ESME_RSYSERR): tried again
        bind(BindType.BIND_RX);
        Thread.sleep(500);
        assertThat(receiptsFor(a)).isEmpty();
        answer = 0;
        await("the receipt, once taken", 10_000, () -> receiptsFor(a).size() == 1);
        Thread.sleep(500);
        assertThat(receiptsFor(a)).as("taken once, sent once").hasSize(1);
        assertThat(receiptsFor(b)).as("no receipt from its SMSC yet").isEmpty();
    }

    private static byte[] udh(int reference, int total, int seq, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[6 + t.length];
        out[0] = 0x05;
        out[1] = 0x00;
        out[2] = 0x03;
        out[3] = (byte) reference;
        out[4] = (byte) total;
        out[5] = (byte) seq;
        System.arraycopy(t, 0, out, 6, t.length);
        return out;
    }
}
