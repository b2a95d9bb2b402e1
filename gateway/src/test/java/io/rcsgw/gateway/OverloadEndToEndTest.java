package io.rcsgw.gateway;

import io.rcsgw.smpp.server.CommandStatus;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.rcsgw.gateway.Harness.HTTP;
import static io.rcsgw.gateway.Harness.JSON;
import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * With {@code overload.maxOpen} messages unfinished (here: sent, their receipts not come), new
 * messages are refused with nothing stored: HTTP 429 with Retry-After and a problem, SMPP
 * ESME_RTHROTTLED. The messages already taken go on to their end, and once they have, new
 * messages are taken again.
 */
class OverloadEndToEndTest {

    static final String RULES = """
            rules:
              - name: sms
                channel: sms-only
                receipts: {timeout: 3s, finalState: UNDELIVERABLE}
            """;
    /** The rig's SMSC sends no receipt for this number. */
    static final String SILENT = "+447700900777";

    @TempDir
    Path dir;
    RulesRig rig;
    SMPPSession esme;
    final List<DeliverSm> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, RULES);
        rig.extraConfig = """
                overload: {maxOpen: 3, retryAfter: 2s}
                smppServer:
                  host: 127.0.0.1
                  port: 0
                  accounts:
                    - {systemId: esme1, password: esme-pw1, bot: bot1}
                """;
        rig.restart();
        esme = EsmeClient.bind(rig.gateway.smppServerPort(), "esme1", "esme-pw1", BindType.BIND_TRX, delivered, () -> 0);
    }

    @AfterEach
    void stop() {
        if (esme != null) {
            esme.unbindAndClose();
        }
        if (rig != null) {
            rig.close();
        }
    }

    HttpResponse<String> post(String msgId, String to) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.port + "/rcs/bot/v1/bot1/messages"))
                .header("Authorization", rig.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Harness.envelope(msgId, "Your code is 1234", to)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pastTheBoundNewMessagesAreRefusedUntilTheOpenOnesEnd() throws Exception {
        for (String id : List.of("held-1", "held-2", "held-3")) {
            assertThat(post(id, SILENT).statusCode()).isEqualTo(202);
        }
        await("all three at the SMSC", 10_000, () -> rig.smsTo(SILENT).size() == 3);

        HttpResponse<String> refused = post("refused-1", "+447700900901");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        var problem = JSON.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://rcsgw.io/problems/overloaded");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText()).startsWith("3 messages are waiting");
        // nothing stored: the refused msgId is unknown
        assertThat(Harness.status(rig.port, rig.token, "bot1", "refused-1").status()).isEqualTo(404);

        NegativeResponseException throttled = catchThrowableOfType(() -> SmppServerEndToEndTest.submit(esme, "12345",
                "447700900902", "Your code is 5678".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0),
                NegativeResponseException.class);
        assertThat(throttled).isNotNull();
        assertThat(throttled.getCommandStatus()).isEqualTo(CommandStatus.ESME_RTHROTTLED);
        assertThat(rig.smsTo("+447700900901")).isEmpty();
        assertThat(rig.smsTo("+447700900902")).isEmpty();
        assertThat(scrape("rcsgw_overload_shedding")).isEqualTo("1.0");
        assertThat(scrape("rcsgw_messages_shed_total{bot=\"bot1\",api=\"http\",}")).isEqualTo("1.0");
        assertThat(scrape("rcsgw_messages_shed_total{bot=\"bot1\",api=\"smpp\",}")).isEqualTo("1.0");

        // the held ones end (their receipts time out), and new messages are taken again
        for (String id : List.of("held-1", "held-2", "held-3")) {
            rig.awaitState(id, "UNDELIVERABLE", 15_000);
        }
        assertThat(post("after-1", "+447700900901").statusCode()).isEqualTo(202);
        rig.awaitState("after-1", "DELIVERED", 10_000);
        assertThat(rig.smsTo("+447700900901")).containsExactly("Your code is 1234");
        assertThat(scrape("rcsgw_overload_shedding")).isEqualTo("0.0");
    }

    String scrape(String sample) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.gateway.managementPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith(sample + " ")).map(l -> l.substring(sample.length() + 1))
                .findFirst().orElse(null);
    }
}
