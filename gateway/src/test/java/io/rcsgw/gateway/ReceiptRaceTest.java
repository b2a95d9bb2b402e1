package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts that overtake the commit of their part. The simulator sends each receipt as soon as
 * its submit_sm_resp is on the wire, and the store here gathers writes for 50 ms under load, so
 * most receipts arrive while their part is known only in memory: each must be matched there (or
 * parked and matched once the part is recorded), never left parked.
 */
class ReceiptRaceTest {

    @TempDir
    Path dir;

    SmscSimulator smsc;
    WireMockServer hooks;
    Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw").withRecordSubmits(false));
        hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        gateway = Gateway.start(ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "jdbc:h2:file:%s", commitDelay: 50ms}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw, window: 20}
                bots:
                  - {id: bot1, secret: secret-one, webhookUrl: "http://127.0.0.1:%d/hook"}
                """.formatted(dir.resolve("db"), smsc.port(), hooks.port()), Map.of()));
        await("link bound", 5000, gateway::linksBound);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        hooks.stop();
        smsc.close();
    }

    @Test
    void everyReceiptThatOvertakesItsPartIsApplied() throws Exception {
        int port = gateway.apiPort();
        String token = token(port, "bot1", "secret-one");
        int n = 300;
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(envelope("r" + i, "race " + i, "+4477007" + String.format("%05d", i)));
        }
        assertThat(sendAll(port, token, "bot1", bodies, 32)).containsOnly(202);
        await("every message delivered", 30_000, () -> hooks.countRequestsMatching(postRequestedFor(urlEqualTo("/hook"))
                .withRequestBody(containing("\"status\":\"delivered\"")).build()).getCount() == n);
        assertThat(smsc.submitCount()).isEqualTo(n);
        for (int i = 0; i < n; i += 37) {
            assertThat(status(port, token, "bot1", "r" + i).body().at("/gateway/state").asText()).isEqualTo("DELIVERED");
        }
        gateway.close();
        gateway = null;
        // receipts parked while their part was unknown were all matched and taken out again
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM orphan_receipts")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
