package io.rcsgw.smpp.internal;

import io.rcsgw.rules.sms.GsmAlphabet;
import io.rcsgw.rules.sms.UserDataHeader;
import io.rcsgw.smpp.MobileOriginated;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscLinkConfig;
import io.rcsgw.smpp.SmscLinks;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.receipt.DeliveryReceipt;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mobile-originated messages over a real session: decoded, parts put back together however they come. */
class MobileOriginatedTest {

    private final List<MobileOriginated> received = new CopyOnWriteArrayList<>();
    private SmscSimulator smsc;
    private SmscLink link;

    @BeforeEach
    void bind() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults());
        SmsSettings s = SmsSettings.DEFAULT;
        s = new SmsSettings(s.concatenation(), s.defaultCoding(), s.nationalLanguages(), s.maxSegments(), s.validityPeriod(),
                s.priority(), s.shortCodeTon(), s.shortCodeNpi(), Duration.ofMillis(700));
        link = SmscLinks.jsmpp(SmscLinkConfig.of("mo", "127.0.0.1", smsc.port(), "gw", "pw").withSms(s), new SmscListener() {
            @Override
            public void onDeliveryReceipt(String l, DeliveryReceipt r) {
            }

            @Override
            public void onMobileOriginated(MobileOriginated m) {
                received.add(m);
            }
        });
        link.start();
        await(link::isBound, 5000);
    }

    @AfterEach
    void close() {
        link.close();
        smsc.close();
    }

    private static void await(java.util.function.BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertThat(c.getAsBoolean()).isTrue();
    }

    private static byte[] part(int ref, int total, int seq, String text) {
        byte[] udh = UserDataHeader.of(null, new UserDataHeader.Concat(ref, total, seq, false)).toBytes();
        byte[] body = GsmAlphabet.DEFAULT.encodeUnpacked(text);
        byte[] sm = new byte[udh.length + body.length];
        System.arraycopy(udh, 0, sm, 0, udh.length);
        System.arraycopy(body, 0, sm, udh.length, body.length);
        return sm;
    }

    @Test
    void singleMessagesInEachCoding() throws Exception {
        smsc.sendMobileOriginated("447700900001", "12345", (byte) 0, false, GsmAlphabet.DEFAULT.encodeUnpacked("STOP {now}"), null);
        smsc.sendMobileOriginated("447700900002", "12345", (byte) 8, false, "Стоп 😀".getBytes(StandardCharsets.UTF_16BE), null);
        await(() -> received.size() == 2, 3000);
        assertThat(received.get(0).text()).isEqualTo("STOP {now}");
        assertThat(received.get(0).partial()).isFalse();
        assertThat(received.get(1).text()).isEqualTo("Стоп 😀");
    }

    @Test
    void partsOutOfOrderRepeatedAndInterleavedFromManySenders() throws Exception {
        List<Object[]> parts = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            for (int i = 1; i <= 3; i++) {
                parts.add(new Object[]{"4477009000" + String.format("%02d", s), i});
            }
        }
        parts.add(new Object[]{"447700900003", 2}); // a repeat
        Collections.shuffle(parts, new Random(5));
        for (Object[] p : parts) {
            String from = (String) p[0];
            int seq = (Integer) p[1];
            smsc.sendMobileOriginated(from, "12345", (byte) 0, true, part(0x42, 3, seq, from.substring(10) + "." + seq + " "), null);
        }
        await(() -> received.size() == 10, 3000);
        Thread.sleep(100); // the repeat must not produce an eleventh
        assertThat(received).hasSize(10);
        assertThat(received).allSatisfy(m -> {
            String s = m.source().substring(10);
            assertThat(m.text()).isEqualTo(s + ".1 " + s + ".2 " + s + ".3 ");
            assertThat(m.parts()).isEqualTo(3);
            assertThat(m.partial()).isFalse();
        });
    }

    @Test
    void sarTlvsAndSixteenBitReferences() throws Exception {
        smsc.sendMobileOriginated("447700900009", "12345", (byte) 0, false, GsmAlphabet.DEFAULT.encodeUnpacked("world"),
                new int[]{0x1234, 2, 2});
        smsc.sendMobileOriginated("447700900009", "12345", (byte) 0, false, GsmAlphabet.DEFAULT.encodeUnpacked("hello "),
                new int[]{0x1234, 2, 1});
        byte[] udh16 = UserDataHeader.of(null, new UserDataHeader.Concat(0xBEEF, 2, 1, true)).toBytes();
        byte[] a = new byte[udh16.length + 2];
        System.arraycopy(udh16, 0, a, 0, udh16.length);
        a[udh16.length] = 'o';
        a[udh16.length + 1] = 'k';
        smsc.sendMobileOriginated("447700900010", "12345", (byte) 0, true, a, null);
        byte[] udh16b = UserDataHeader.of(null, new UserDataHeader.Concat(0xBEEF, 2, 2, true)).toBytes();
        byte[] b = new byte[udh16b.length + 1];
        System.arraycopy(udh16b, 0, b, 0, udh16b.length);
        b[udh16b.length] = '!';
        smsc.sendMobileOriginated("447700900010", "12345", (byte) 0, true, b, null);
        await(() -> received.size() == 2, 3000);
        assertThat(received).extracting(MobileOriginated::text).containsExactlyInAnyOrder("hello world", "ok!");
    }

    @Test
    void anIncompleteSetIsPassedOnAsPartialAfterTheTimeout() throws Exception {
        smsc.sendMobileOriginated("447700900011", "12345", (byte) 0, true, part(7, 3, 1, "first "), null);
        smsc.sendMobileOriginated("447700900011", "12345", (byte) 0, true, part(7, 3, 3, "third"), null);
        Thread.sleep(300);
        assertThat(received).isEmpty();
        await(() -> received.size() == 1, 3000);
        assertThat(received.get(0).partial()).isTrue();
        assertThat(received.get(0).missing()).containsExactly(2);
        assertThat(received.get(0).text()).isEqualTo("first third");
    }

    @Test
    void aMalformedHeaderIsRefused() {
        assertThatThrownBy(() -> smsc.sendMobileOriginated("447700900012", "12345", (byte) 0, true, new byte[]{0x09, 0x00, 0x03},
                null)).isNotNull();
        assertThat(received).isEmpty();
    }
}
