package io.rcsgw.smpp.internal;

import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscLinkConfig;
import io.rcsgw.smpp.SmscLinks;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.SubmitOutcome;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submits go out without waiting for each other's responses, up to the window, against an SMSC
 * that answers each one late; a response that does not come in time is an unknown outcome.
 */
class PipelinedSubmitTest {

    private final SmscListener listener = (link, receipt) -> { };

    private static ShortMessagePdu pdu(String destination) {
        return new ShortMessagePdu("123", (byte) 3, (byte) 0, destination, (byte) 0, (byte) 0, new byte[]{0x41}, null, null,
                null, (byte) 0);
    }

    private static SmscLinkConfig config(int port, int window, Duration responseTimeout) {
        SmscLinkConfig c = SmscLinkConfig.of("p", "127.0.0.1", port, "gw", "pw").withWindow(window);
        return new SmscLinkConfig(c.name(), c.host(), c.port(), c.systemId(), c.password(), c.systemType(), c.window(),
                c.enquireLinkInterval(), responseTimeout, c.reconnectMin(), c.reconnectMax(), c.sms(), c.policy(), c.bindMode(),
                c.tls());
    }

    private static void awaitBound(SmscLink link) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (!link.isBound() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertThat(link.isBound()).isTrue();
    }

    @Test
    void aWindowOfSubmitsIsOnTheWireBeforeTheFirstResponseComesBack() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw")
                .withResponseDelay(Duration.ofMillis(500)));
             SmscLink link = SmscLinks.jsmpp(config(smsc.port(), 40, Duration.ofSeconds(5)), listener)) {
            link.start();
            awaitBound(link);
            List<CompletableFuture<SubmitOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                outcomes.add(link.submit(pdu("4477009001" + String.format("%02d", i))));
            }
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<SubmitOutcome> f : outcomes) {
                SubmitOutcome o = f.get(10, TimeUnit.SECONDS);
                assertThat(o).isInstanceOf(SubmitOutcome.Accepted.class);
                ids.add(((SubmitOutcome.Accepted) o).messageId());
            }
            assertThat(new HashSet<>(ids)).as("each its own response").hasSize(60);
            List<SmscSimulator.ReceivedSubmit> wire = smsc.received();
            assertThat(wire).hasSize(60);
            long first = wire.get(0).atNanos();
            // the window's 40 were all written before the first answer could be back (500 ms);
            // the other 20 went as answers freed places, not after all 40 were answered
            assertThat(wire.get(39).atNanos() - first).isLessThan(TimeUnit.MILLISECONDS.toNanos(400));
            assertThat(wire.get(40).atNanos() - first).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(450));
            assertThat(link.outstanding()).isZero();
        }
    }

    @Test
    void aResponseLaterThanTheTimeoutIsAnUnknownOutcomeAndTheLinkGoesOn() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw")
                .withResponseDelay(Duration.ofMillis(1500)));
             SmscLink link = SmscLinks.jsmpp(config(smsc.port(), 10, Duration.ofMillis(300)), listener)) {
            link.start();
            awaitBound(link);
            SubmitOutcome o = link.submit(pdu("447700900100")).get(5, TimeUnit.SECONDS);
            assertThat(o).isInstanceOfSatisfying(SubmitOutcome.Unknown.class,
                    u -> assertThat(u.detail()).isEqualTo("response timeout"));
            Thread.sleep(1500); // the late answer comes, finds nobody waiting, and changes nothing
            assertThat(link.isBound()).isTrue();
            assertThat(link.outstanding()).isZero();
        }
    }

    @Test
    void nothingIsWrittenWhileTheWriteGateIsShutAndTheQueueGoesOutOnceItOpens() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
             SmscLink link = SmscLinks.jsmpp(config(smsc.port(), 10, Duration.ofSeconds(5)), listener)) {
            java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(false);
            link.gateWrites(open::get);
            link.start();
            awaitBound(link);
            List<CompletableFuture<SubmitOutcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                outcomes.add(link.submit(pdu("44770090020" + i)));
            }
            Thread.sleep(300);
            assertThat(smsc.received()).as("held back while shut").isEmpty();
            assertThat(outcomes).noneMatch(CompletableFuture::isDone);
            open.set(true);
            for (CompletableFuture<SubmitOutcome> f : outcomes) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isInstanceOf(SubmitOutcome.Accepted.class);
            }
            assertThat(smsc.received()).extracting(SmscSimulator.ReceivedSubmit::destination)
                    .containsExactlyInAnyOrder("447700900200", "447700900201", "447700900202", "447700900203", "447700900204");
        }
    }
}
