package io.rcsgw.smpp;

import io.rcsgw.rules.sms.Concatenation;
import io.rcsgw.rules.sms.DefaultCoding;
import io.rcsgw.rules.sms.GsmAlphabet;
import io.rcsgw.rules.sms.GsmPacking;
import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.rules.sms.SmsDecoder;
import io.rcsgw.rules.sms.SmsSegmenter;
import io.rcsgw.rules.sms.SmsText;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What each link setting puts on the wire, read back by a real SMSC (the simulator) over a real session. */
class ShortMessagePartsWireTest {

    private static SmscSimulator smsc;
    private static SmscLink link;
    private static final String LONG_GSM = "The quick brown fox jumps over the lazy dog {0123456789} ".repeat(4); // 232 septets + 8 escapes

    @BeforeAll
    static void bind() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults());
        link = SmscLinks.jsmpp(SmscLinkConfig.of("wire", "127.0.0.1", smsc.port(), "gw", "pw"), (l, r) -> {
        });
        link.start();
        long end = System.currentTimeMillis() + 5000;
        while (!link.isBound() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertThat(link.isBound()).isTrue();
    }

    @AfterAll
    static void unbind() {
        link.close();
        smsc.close();
    }

    private int before;

    @BeforeEach
    void mark() {
        before = smsc.received().size();
    }

    private List<SmscSimulator.ReceivedSubmit> send(String source, String text, int reference, SmsSettings settings)
            throws Exception {
        SmsText sms = SmsSegmenter.segment(text, settings.profile());
        for (ShortMessagePdu p : ShortMessageParts.of(source, "447700900123", sms, reference, settings)) {
            assertThat(link.submit(p).get(5, TimeUnit.SECONDS)).isInstanceOf(SubmitOutcome.Accepted.class);
        }
        List<SmscSimulator.ReceivedSubmit> all = smsc.received();
        return all.subList(before, all.size());
    }

    private static SmsSettings settings(Concatenation c, DefaultCoding d) {
        return new SmsSettings(c, d, Set.of(), 255, null, 0, 3, 0, null);
    }

    @Test
    void udh8BitReference() throws Exception {
        var wire = send("Acme", LONG_GSM, 0x1A7, settings(Concatenation.UDH_8BIT, DefaultCoding.GSM_UNPACKED));
        assertThat(wire).hasSize(2);
        assertThat(wire).allSatisfy(w -> assertThat(w.udhi()).isTrue());
        assertThat(Arrays.copyOf(wire.get(0).shortMessage(), 6)).containsExactly(5, 0, 3, 0xA7 - 256, 2, 1);
        assertThat(Arrays.copyOf(wire.get(1).shortMessage(), 6)).containsExactly(5, 0, 3, 0xA7 - 256, 2, 2);
        assertThat(wire.get(0).shortMessage()).hasSize(6 + 153);
        assertThat(decodeAll(wire, DefaultCoding.GSM_UNPACKED)).isEqualTo(LONG_GSM);
    }

    @Test
    void udh16BitReference() throws Exception {
        var wire = send("Acme", LONG_GSM, 0x1A7, settings(Concatenation.UDH_16BIT, DefaultCoding.GSM_UNPACKED));
        assertThat(Arrays.copyOf(wire.get(0).shortMessage(), 7)).containsExactly(6, 8, 4, 0x01, 0xA7 - 256, 2, 1);
        assertThat(wire.get(0).shortMessage()).hasSize(7 + 152);
        assertThat(decodeAll(wire, DefaultCoding.GSM_UNPACKED)).isEqualTo(LONG_GSM);
    }

    @Test
    void sarTlvs() throws Exception {
        var wire = send("Acme", LONG_GSM, 0x1A7, settings(Concatenation.SAR, DefaultCoding.GSM_UNPACKED));
        assertThat(wire).hasSize(2);
        assertThat(wire).allSatisfy(w -> assertThat(w.udhi()).isFalse());
        assertThat(wire.get(0).sar()).containsExactly(0x1A7, 2, 1);
        assertThat(wire.get(1).sar()).containsExactly(0x1A7, 2, 2);
        assertThat(wire.get(0).shortMessage()).hasSize(152);
        assertThat(decodeAll(wire, DefaultCoding.GSM_UNPACKED)).isEqualTo(LONG_GSM);
    }

    @Test
    void oneMessagePayloadTlv() throws Exception {
        var wire = send("Acme", LONG_GSM, 9, settings(Concatenation.MESSAGE_PAYLOAD, DefaultCoding.GSM_UNPACKED));
        assertThat(wire).hasSize(1);
        assertThat(wire.get(0).shortMessage()).isEmpty();
        byte[] payload = wire.get(0).messagePayload();
        assertThat(GsmAlphabet.DEFAULT.decodeUnpacked(payload, 0, payload.length)).isEqualTo(LONG_GSM);
    }

    @Test
    void packedGsmStartsAfterTheFillBits() throws Exception {
        var wire = send("Acme", LONG_GSM, 3, settings(Concatenation.UDH_8BIT, DefaultCoding.GSM_PACKED));
        assertThat(wire).hasSize(2);
        // 153 septets after a 6-octet header and one fill bit: 134 octets
        assertThat(wire.get(0).shortMessage()).hasSize(6 + (1 + 153 * 7 + 7) / 8);
        assertThat(wire.get(0).shortMessage().length).isLessThanOrEqualTo(140);
        byte[] sm = wire.get(0).shortMessage();
        byte[] septets = GsmPacking.unpack(sm, 6, sm.length - 6, 1);
        assertThat(GsmAlphabet.DEFAULT.decodeUnpacked(septets, 0, septets.length)).isEqualTo(LONG_GSM.substring(0, 149));
        assertThat(decodeAll(wire, DefaultCoding.GSM_PACKED)).isEqualTo(LONG_GSM);
    }

    @Test
    void latin1DefaultCoding() throws Exception {
        var wire = send("Acme", "Café crème, 5$ @ Zürich", 0, settings(Concatenation.UDH_8BIT, DefaultCoding.LATIN1));
        assertThat(wire.get(0).dataCoding()).isEqualTo((byte) 0x00);
        assertThat(wire.get(0).shortMessage()).isEqualTo("Café crème, 5$ @ Zürich".getBytes(StandardCharsets.ISO_8859_1));
        // the euro is GSM but not Latin-1: such a link gets UCS-2
        var euro = send("Acme", "Total: 5 €", 0, settings(Concatenation.UDH_8BIT, DefaultCoding.LATIN1));
        assertThat(euro.get(euro.size() - 1).dataCoding()).isEqualTo((byte) 0x08);
    }

    @Test
    void ucs2AndNationalTables() throws Exception {
        var ucs2 = send("Acme", "Привет, мир! 👋", 0, SmsSettings.DEFAULT);
        assertThat(ucs2.get(0).dataCoding()).isEqualTo((byte) 0x08);
        assertThat(new String(ucs2.get(0).shortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("Привет, мир! 👋");

        mark();
        String turkish = "Sayın müşterimiz, ğüşıöç ĞÜŞİÖÇ siparişiniz yola çıktı. ".repeat(3);
        SmsSettings tr = new SmsSettings(Concatenation.UDH_8BIT, DefaultCoding.GSM_UNPACKED, Set.of(NationalLanguage.TURKISH),
                255, null, 0, 3, 0, null);
        var wire = send("Acme", turkish, 5, tr);
        assertThat(wire).hasSize(2);
        assertThat(wire.get(0).dataCoding()).isEqualTo((byte) 0x00);
        assertThat(Arrays.copyOf(wire.get(0).shortMessage(), 9)).containsExactly(8, 0x24, 1, 1, 0, 3, 5, 2, 1);
        assertThat(decodeAll(wire, DefaultCoding.GSM_UNPACKED)).isEqualTo(turkish);
    }

    @Test
    void addressingValidityAndPriority() throws Exception {
        SmsSettings s = new SmsSettings(Concatenation.UDH_8BIT, DefaultCoding.GSM_UNPACKED, Set.of(), 255, Duration.ofHours(50),
                2, 0, 1, null);
        var alpha = send("ACME", "hi", 0, s);
        assertThat(alpha.get(0).sourceTon()).isEqualTo((byte) 5);
        assertThat(alpha.get(0).sourceNpi()).isEqualTo((byte) 0);
        assertThat(alpha.get(0).priority()).isEqualTo((byte) 2);
        assertThat(alpha.get(0).validityPeriod()).isEqualTo("000002020000000R");
        mark();
        var shortCode = send("12345", "hi", 0, s);
        assertThat(shortCode.get(0).sourceTon()).isEqualTo((byte) 0);
        assertThat(shortCode.get(0).sourceNpi()).isEqualTo((byte) 1);
        mark();
        var international = send("447700900999", "hi", 0, s);
        assertThat(international.get(0).sourceTon()).isEqualTo((byte) 1);
        assertThat(international.get(0).sourceNpi()).isEqualTo((byte) 1);
    }

    /** Decodes each part as a handset-side SMSC would and joins them in sequence order. */
    private static String decodeAll(List<SmscSimulator.ReceivedSubmit> wire, DefaultCoding coding) {
        StringBuilder sb = new StringBuilder();
        for (SmscSimulator.ReceivedSubmit w : wire) {
            sb.append(SmsDecoder.decode(w.dataCoding(), w.shortMessage(), w.udhi(), coding).text());
        }
        return sb.toString();
    }
}
