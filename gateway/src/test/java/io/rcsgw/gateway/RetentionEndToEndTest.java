package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static io.rcsgw.gateway.MetricsEndToEndTest.scrape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running gateway deletes closed messages once they are older than {@code store.retention},
 * and keeps a message whose webhook has not taken its events, however old.
 */
class RetentionEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void closedMessagesGoAfterTheRetentionAndOpenOnesStay() throws Exception {
        WireMockServer hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s", retention: 1h, purgeInterval: 100ms}
                    smsc:
                      - {name: ret-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    webhooks: {retryMin: 100ms, retryMax: 200ms}
                    bots:
                      - {id: quiet, secret: secret-12}
                      - {id: hooked, secret: secret-12, webhookUrl: "http://127.0.0.1:%d/down"}
                    """.formatted(dir.resolve("db"), smsc.port(), hooks.port());
            MovableClock clock = new MovableClock();
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()), null, clock)) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                Map<String, Double> before = scrape(gateway.managementPort());
                String quiet = token(port, "quiet", "secret-12");
                String hooked = token(port, "hooked", "secret-12");
                assertThat(send(port, quiet, "quiet", envelope("q-1", "one", "+447700900101")).status()).isEqualTo(202);
                assertThat(send(port, quiet, "quiet", envelope("q-2", "two", "+447700900102")).status()).isEqualTo(202);
                assertThat(send(port, hooked, "hooked", envelope("h-1", "three", "+447700900103")).status()).isEqualTo(202);
                await("h-1 delivered", 5000, () -> io(() -> state(port, hooked, "hooked", "h-1")).equals("DELIVERED"));
                await("q-1 delivered", 5000, () -> io(() -> state(port, quiet, "quiet", "q-1")).equals("DELIVERED"));
                await("q-2 delivered", 5000, () -> io(() -> state(port, quiet, "quiet", "q-2")).equals("DELIVERED"));
                // a receipt for a message the gateway never sent waits, parked, for its submit_sm_resp
                smsc.sendStrayReceipt("gw", "ffee01", ReceiptStatus.DELIVRD);
                // answered (deliver_sm_resp) only once parked durably; the other three were matched
                await("stray receipt parked", 5000, () -> smsc.receiptsSent() == 4);
                Thread.sleep(500);
                assertThat(state(port, quiet, "quiet", "q-1")).as("kept within the retention").isEqualTo("DELIVERED");
                assertThat(scrape(gateway.managementPort()).getOrDefault("rcsgw_store_purged_total{kind=\"orphan_receipt\"}", 0.0)
                        - before.getOrDefault("rcsgw_store_purged_total{kind=\"orphan_receipt\"}", 0.0)).isZero();

                clock.move(Duration.ofMinutes(61));
                String quietAgain = token(port, "quiet", "secret-12"); // the first tokens expired with the move
                String hookedAgain = token(port, "hooked", "secret-12");
                await("two messages deleted", 10_000, () -> io(() -> scrape(gateway.managementPort())
                        .getOrDefault("rcsgw_store_purged_total{kind=\"message\"}", 0.0)
                        - before.getOrDefault("rcsgw_store_purged_total{kind=\"message\"}", 0.0)) == 2.0);
                await("the stray receipt dropped", 5000, () -> io(() -> scrape(gateway.managementPort())
                        .getOrDefault("rcsgw_store_purged_total{kind=\"orphan_receipt\"}", 0.0)
                        - before.getOrDefault("rcsgw_store_purged_total{kind=\"orphan_receipt\"}", 0.0)) == 1.0);
                assertThat(status(port, quietAgain, "quiet", "q-1").status()).isEqualTo(404);
                assertThat(status(port, quietAgain, "quiet", "q-2").status()).isEqualTo(404);
                // its webhook still refuses the events: open, kept however old
                Thread.sleep(1000);
                assertThat(state(port, hookedAgain, "hooked", "h-1")).isEqualTo("DELIVERED");
                assertThat(scrape(gateway.managementPort()).get("rcsgw_store_purged_total{kind=\"message\"}")
                        - before.getOrDefault("rcsgw_store_purged_total{kind=\"message\"}", 0.0)).isEqualTo(2.0);

                // once the webhook takes the events, it closes and goes too
                hooks.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(200)));
                await("h-1 deleted", 10_000, () -> io(() -> status(port, hookedAgain, "hooked", "h-1").status()) == 404);
                assertThat(scrape(gateway.managementPort()).get("rcsgw_store_purged_total{kind=\"message\"}")
                        - before.getOrDefault("rcsgw_store_purged_total{kind=\"message\"}", 0.0)).isEqualTo(3.0);
            }
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
                 ResultSet rs = c.createStatement().executeQuery("SELECT (SELECT COUNT(*) FROM messages), "
                         + "(SELECT COUNT(*) FROM message_state), (SELECT COUNT(*) FROM sms_parts), "
                         + "(SELECT COUNT(*) FROM orphan_receipts)")) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsExactly(0L, 0L, 0L, 0L);
            }
        } finally {
            hooks.stop();
        }
    }

    /** The system clock, moved on by the test; a copy in another zone moves with it. */
    static final class MovableClock extends Clock {
        private final AtomicLong offset;
        private final ZoneId zone;

        MovableClock() {
            this(new AtomicLong(), ZoneOffset.UTC);
        }

        private MovableClock(AtomicLong offset, ZoneId zone) {
            this.offset = offset;
            this.zone = zone;
        }

        void move(Duration d) {
            offset.addAndGet(d.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MovableClock(offset, zone);
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offset.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }
}
