package io.rcsgw.smpp.internal;

import io.rcsgw.rules.sms.SmsSegmenter;
import io.rcsgw.smpp.ShortMessageParts;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscLinkConfig;
import io.rcsgw.smpp.SmscLinks;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.SubmitOutcome;
import io.rcsgw.smpp.receipt.DeliveryReceipt;
import io.rcsgw.smpp.receipt.MessageIdKey;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class JsmppSmscLinkTest {

    private final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    private final SmscListener listener = (link, receipt) -> receipts.add(receipt);

    private static void await(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition within %d ms", millis).isTrue();
    }

    private static ShortMessagePdu pdu(String destination, int septet) {
        return new ShortMessagePdu("123", (byte) 3, (byte) 0, destination, (byte) 0, (byte) 0, new byte[]{(byte) septet}, null,
                null, null, (byte) 0);
    }

    @Test
    void submitsOverARealSessionAndCorrelatesTheReceipt() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
             SmscLink link = SmscLinks.jsmpp(SmscLinkConfig.of("a", "127.0.0.1", smsc.port(), "gw", "pw"), listener)) {
            link.start();
            await(link::isBound, 5000);
            var parts = ShortMessageParts.of("Acme", "447700900123", SmsSegmenter.segment("x".repeat(200)), 7,
                    SmsSettings.DEFAULT);
            assertThat(parts).hasSize(2);
            List<String> ids = new java.util.ArrayList<>();
            for (ShortMessagePdu p : parts) {
                SubmitOutcome o = link.submit(p).get(5, TimeUnit.SECONDS);
                assertThat(o).isInstanceOf(SubmitOutcome.Accepted.class);
                ids.add(((SubmitOutcome.Accepted) o).messageId());
            }
            await(() -> receipts.size() == 2, 5000);
            for (DeliveryReceipt r : receipts) {
                assertThat(r.status()).isEqualTo(ReceiptStatus.DELIVRD);
                assertThat(ids.stream().map(MessageIdKey::canonical)).containsAnyElementsOf(MessageIdKey.candidates(r.messageId()));
            }
            var wire = smsc.received();
            assertThat(wire).hasSize(2);
            assertThat(wire.get(0).udhi()).isTrue();
            assertThat(wire.get(0).source()).isEqualTo("Acme");
            assertThat(wire.get(0).shortMessage()).startsWith(5, 0, 3, 7, 2, 1);
            assertThat(wire.get(0).shortMessage()).hasSize(6 + 153);
            assertThat(wire.get(1).shortMessage()).hasSize(6 + 47);
        }
    }

    @Test
    void receiptsWithoutTlvsAreReadFromTheirTextWithTheDecimalId() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withReceiptTlvs(false));
             SmscLink link = SmscLinks.jsmpp(SmscLinkConfig.of("a", "127.0.0.1", smsc.port(), "gw", "pw"), listener)) {
            link.start();
            await(link::isBound, 5000);
            SubmitOutcome o = link.submit(pdu("447700900123", 0x41)).get(5, TimeUnit.SECONDS);
            String hexId = ((SubmitOutcome.Accepted) o).messageId();
            assertThat(hexId).matches("[0-9A-F]+"); // the simulator answers in hex
            await(() -> receipts.size() == 1, 5000);
            DeliveryReceipt r = receipts.get(0);
            assertThat(r.messageId()).isEqualTo(Long.toString(Long.parseLong(hexId, 16)));
            assertThat(r.status()).isEqualTo(ReceiptStatus.DELIVRD);
            assertThat(r.doneDate()).isNotNull();
            assertThat(MessageIdKey.candidates(r.messageId())).contains(MessageIdKey.canonical(hexId));
        }
    }

    @Test
    void wrongPasswordIsNotBoundAndRejectedStatusIsReported() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
             SmscLink bad = SmscLinks.jsmpp(SmscLinkConfig.of("bad", "127.0.0.1", smsc.port(), "gw", "nope")
                     .withReconnect(Duration.ofMillis(50), Duration.ofMillis(100)), listener);
             SmscLink good = SmscLinks.jsmpp(SmscLinkConfig.of("good", "127.0.0.1", smsc.port(), "gw", "pw"), listener)) {
            bad.start();
            good.start();
            await(good::isBound, 5000);
            Thread.sleep(300);
            assertThat(bad.isBound()).isFalse();
            smsc.answerSubmitsWith(() -> 0x14); // ESME_RMSGQFUL: retryable by the default policy
            SubmitOutcome o = good.submit(pdu("447700900123", 0x41)).get(5, TimeUnit.SECONDS);
            assertThat(o).isEqualTo(new SubmitOutcome.Rejected(0x14, true));
            smsc.answerSubmitsWith(() -> 0x0B); // ESME_RINVDSTADR: permanent
            assertThat(good.submit(pdu("447700900123", 0x41)).get(5, TimeUnit.SECONDS))
                    .isEqualTo(new SubmitOutcome.Rejected(0x0B, false));
        }
    }

    @Test
    void reconnectsAfterTheConnectionDropsAndReceiptsStillArrive() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withReceiptDelay(Duration.ofMillis(300)));
             SmscLink link = SmscLinks.jsmpp(SmscLinkConfig.of("a", "127.0.0.1", smsc.port(), "gw", "pw")
                     .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200)), listener)) {
            link.start();
            await(link::isBound, 5000);
            SubmitOutcome o = link.submit(pdu("447700900123", 0x41))
                    .get(5, TimeUnit.SECONDS);
            assertThat(o).isInstanceOf(SubmitOutcome.Accepted.class);
            smsc.dropConnections();
            await(() -> smsc.bindCount() == 2 && link.isBound(), 5000);
            // the receipt held by the SMSC while the link was down arrives on the new bind
            await(() -> receipts.size() == 1, 5000);
            SubmitOutcome again = link.submit(pdu("447700900124", 0x42))
                    .get(5, TimeUnit.SECONDS);
            assertThat(again).isInstanceOf(SubmitOutcome.Accepted.class);
        }
    }
}
