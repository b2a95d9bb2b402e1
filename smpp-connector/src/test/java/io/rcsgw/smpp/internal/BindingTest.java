package io.rcsgw.smpp.internal;

import io.rcsgw.smpp.BindMode;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscLinkConfig;
import io.rcsgw.smpp.SmscLinks;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.SubmitOutcome;
import io.rcsgw.smpp.TlsSettings;
import io.rcsgw.smpp.receipt.DeliveryReceipt;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Transmitter plus receiver binds, and SMPP over TLS (with the host name checked against the certificate). */
class BindingTest {

    @TempDir
    Path dir;

    private final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    private final SmscListener listener = (link, r) -> receipts.add(r);

    private static ShortMessagePdu pdu() {
        return new ShortMessagePdu("ACME", (byte) 5, (byte) 0, "447700900123", (byte) 0, (byte) 0, new byte[]{'h', 'i'}, null,
                null, null, (byte) 0);
    }

    private static void await(java.util.function.BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertThat(c.getAsBoolean()).isTrue();
    }

    @Test
    void transmitterAndReceiverBinds() throws Exception {
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults());
             SmscLink link = SmscLinks.jsmpp(SmscLinkConfig.of("txrx", "127.0.0.1", smsc.port(), "gw", "pw")
                     .withBinding(BindMode.TX_RX, null), listener)) {
            link.start();
            await(link::isBound, 5000);
            assertThat(smsc.bindCount()).isEqualTo(2);
            assertThat(link.submit(pdu()).get(5, TimeUnit.SECONDS)).isInstanceOf(SubmitOutcome.Accepted.class);
            await(() -> receipts.size() == 1, 5000); // the receipt comes on the receiver bind
        }
    }

    private Path[] certs() throws Exception {
        io.rcsgw.smpp.TestCertificates c = io.rcsgw.smpp.TestCertificates.in(dir);
        return new Path[]{c.keyStore(), c.trustStore()};
    }

    private static SSLContext serverContext(Path keys) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @Test
    void smppOverTlsWithTheServerCertificateChecked() throws Exception {
        Path[] files = certs();
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withTls(serverContext(files[0])))) {
            try (SmscLink trusted = SmscLinks.jsmpp(SmscLinkConfig.of("tls", "127.0.0.1", smsc.port(), "gw", "pw")
                    .withBinding(BindMode.TRX, new TlsSettings(files[1], "changeit", true)), listener)) {
                trusted.start();
                await(trusted::isBound, 5000);
                assertThat(trusted.submit(pdu()).get(5, TimeUnit.SECONDS)).isInstanceOf(SubmitOutcome.Accepted.class);
                await(() -> receipts.size() == 1, 5000);
            }
            // the JVM's default trust anchors do not know this SMSC's certificate: no bind
            try (SmscLink untrusted = SmscLinks.jsmpp(SmscLinkConfig.of("untrusted", "127.0.0.1", smsc.port(), "gw", "pw")
                    .withReconnect(Duration.ofMillis(50), Duration.ofMillis(100))
                    .withBinding(BindMode.TRX, new TlsSettings(null, null, true)), listener)) {
                untrusted.start();
                Thread.sleep(600);
                assertThat(untrusted.isBound()).isFalse();
            }
            assertThat(smsc.bindCount()).isEqualTo(1);
        }
    }
}
