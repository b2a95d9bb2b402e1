package io.rcsgw.smpp.internal;

import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscLinkConfig;
import io.rcsgw.smpp.SmscLinks;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.SubmitOutcome;
import io.rcsgw.smpp.SubmitPolicy;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A throttling SMSC slows the whole link down; nothing is lost, reordered per number, or parked for long. */
class ThrottlingTest {

    private static ShortMessagePdu pdu(String destination, String text) {
        return new ShortMessagePdu("ACME", (byte) 5, (byte) 0, destination, (byte) 0, (byte) 0,
                text.getBytes(StandardCharsets.US_ASCII), null, null, null, (byte) 0);
    }

    @Test
    void tenPercentThrottledStillArriveInOrderPerDestinationAndFinishQuickly() throws Exception {
        AtomicInteger throttles = new AtomicInteger();
        SmscListener listener = new SmscListener() {
            @Override
            public void onDeliveryReceipt(String link, io.rcsgw.smpp.receipt.DeliveryReceipt receipt) {
            }

            @Override
            public void onThrottled(String link) {
                throttles.incrementAndGet();
            }
        };
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults());
             SmscLink link = SmscLinks.jsmpp(SmscLinkConfig.of("t", "127.0.0.1", smsc.port(), "gw", "pw").withWindow(20),
                     listener)) {
            link.start();
            long end = System.currentTimeMillis() + 5000;
            while (!link.isBound() && System.currentTimeMillis() < end) {
                Thread.sleep(10);
            }
            Random random = new Random(7);
            smsc.answerSubmitsWith(() -> {
                synchronized (random) {
                    return random.nextInt(10) == 0 ? 0x58 : 0;
                }
            });
            int n = 5000;
            int destinations = 100;
            List<CompletableFuture<SubmitOutcome>> results = new ArrayList<>(n);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String dest = "44770090" + String.format("%04d", i % destinations);
                results.add(link.submit(pdu(dest, "seq " + (i / destinations))));
            }
            for (CompletableFuture<SubmitOutcome> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(SubmitOutcome.Accepted.class);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("throttling: %d submits, %d throttled, %.2f s%n", n, throttles.get(), seconds);

            assertThat(throttles.get()).as("the SMSC throttled about one submit in ten").isGreaterThan(n / 20);
            var received = smsc.received();
            assertThat(received).hasSize(n);
            smsc.textsByDestination().forEach((destination, texts) -> {
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(texts.get(i)).as("message %d to %s", i, destination).isEqualTo("seq " + i);
                }
            });
            assertThat(seconds).as("no submit parked for long").isLessThan(10);
        }
    }

    @Test
    void queueNarrowsAndPausesWhileThrottledAndWidensAgain() throws Exception {
        SubmitQueue q = new SubmitQueue(8, 50, 400);
        for (int i = 0; i < 4; i++) {
            q.add(new SubmitQueue.Pending(pdu("d" + i, "x"), new CompletableFuture<>(), 0));
        }
        SubmitQueue.Pending a = q.take();
        SubmitQueue.Pending b = q.take();
        assertThat(a.pdu().destinationAddress()).isEqualTo("d0");
        q.throttled(a);
        assertThat(q.window()).as("one throttle among successes changes nothing").isEqualTo(8);
        SubmitQueue.Pending once = q.take(); // the throttled one first
        assertThat(once.pdu().destinationAddress()).isEqualTo("d0");
        long t0 = System.nanoTime();
        q.throttled(once); // again before any success: now the link pauses
        SubmitQueue.Pending again = q.take();
        assertThat(again.pdu().destinationAddress()).isEqualTo("d0");
        assertThat(again.throttles()).isEqualTo(2);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(45);
        assertThat(q.window()).isEqualTo(6);
        q.done(b);
        q.done(again);
        assertThat(q.window()).isEqualTo(6); // 6 + 1/6 + ~1/6: widening is gradual
        for (int i = 0; i < 40; i++) {
            q.add(new SubmitQueue.Pending(pdu("w" + i, "x"), new CompletableFuture<>(), 0));
            q.done(q.take());
        }
        assertThat(q.window()).isEqualTo(8);
    }

    @Test
    void oneDestinationAtATime() throws Exception {
        SubmitQueue q = new SubmitQueue(8, 10, 100);
        q.add(new SubmitQueue.Pending(pdu("same", "1"), new CompletableFuture<>(), 0));
        q.add(new SubmitQueue.Pending(pdu("same", "2"), new CompletableFuture<>(), 0));
        q.add(new SubmitQueue.Pending(pdu("other", "3"), new CompletableFuture<>(), 0));
        SubmitQueue.Pending first = q.take();
        SubmitQueue.Pending next = q.take();
        assertThat(new String(first.pdu().shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("1");
        assertThat(next.pdu().destinationAddress()).as("the second to 'same' waits for the first").isEqualTo("other");
        q.done(first);
        assertThat(new String(q.take().pdu().shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("2");
        assertThat(Set.of(SubmitPolicy.DEFAULT.throttlingStatuses())).isNotEmpty();
    }
}
