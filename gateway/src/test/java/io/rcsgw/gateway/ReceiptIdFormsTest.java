package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receipt that comes before its submit_sm_resp, for an id whose digits read as decimal are
 * another, older part's hex id (hex 99990 is decimal 629136, but the digits 99990 read as decimal
 * are hex 18696): the older message's part must not take it. Each receipt is parked until its own
 * part is recorded, with receipted_message_id (exact) and with the id in the text only.
 */
class ReceiptIdFormsTest {

    @TempDir
    Path dir;

    SmscSimulator smsc;
    WireMockServer hooks;
    Gateway gateway;

    void start(boolean receiptTlvs) throws Exception {
        // every receipt 150 ms before its submit_sm_resp
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw").withReceiptTlvs(receiptTlvs)
                .withResponseDelay(Duration.ofMillis(200)).withReceiptDelay(Duration.ofMillis(-150)));
        hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        gateway = Gateway.start(ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "jdbc:h2:file:%s"}
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
        if (hooks != null) {
            hooks.stop();
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    private static void sendTenAndAwaitDelivered(int port, String token, String prefix, int firstNumber) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            bodies.add(envelope(prefix + i, "text " + i, "+44770090" + (firstNumber + i)));
        }
        assertThat(sendAll(port, token, "bot1", bodies, 10)).containsOnly(202);
        for (int i = 0; i < 10; i++) {
            String id = prefix + i;
            await(id + " delivered", 10_000, () -> io(() -> state(port, token, "bot1", id)).equals("DELIVERED"));
        }
    }

    @ParameterizedTest(name = "receipted_message_id sent: {0}")
    @ValueSource(booleans = {true, false})
    void aReceiptIsTakenByItsOwnPartNotByAnOlderOneWhoseIdReadsTheSame(boolean receiptTlvs) throws Exception {
        start(receiptTlvs);
        int port = gateway.apiPort();
        String token = token(port, "bot1", "secret-one");
        smsc.nextIdFrom(0x18696); // hex 18696..1869F: the digits 99990..99999 read as decimal
        sendTenAndAwaitDelivered(port, token, "old-", 1000);
        smsc.nextIdFrom(0x99990); // hex 99990..99999
        sendTenAndAwaitDelivered(port, token, "new-", 2000);
        assertThat(smsc.submitCount()).isEqualTo(20);
    }
}
