package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart on the same store resumes the RCS path: a message the platform has not reported on
 * yet takes its delivered event after the restart, and a user's message and status events the
 * bot's webhook refused before the stop reach it afterwards.
 */
class RcsRecoveryTest {

    @TempDir
    Path dir;

    private String config(int smscPort, int hookPort) {
        return """
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "jdbc:h2:file:%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                webhooks: {retryMin: 50ms, retryMax: 100ms}
                rcs: {eventsSecret: %s}
                rcsSimulator: {enabled: true, neverDeliver: ["+447700900066"]}
                bots:
                  - {id: bot1, secret: secret-one, webhookUrl: "http://127.0.0.1:%d/hook"}
                """.formatted(dir.resolve("db"), smscPort, RcsEndToEndTest.EVENTS_SECRET, hookPort);
    }

    @Test
    void rcsStateAndPendingRelaysSurviveARestart() throws Exception {
        WireMockServer hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(500)));
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"))) {
            try (Gateway first = Gateway.start(ConfigLoader.parse(config(smsc.port(), hooks.port()), Map.of()))) {
                String token = token(first.apiPort(), "bot1", "secret-one");
                assertThat(send(first.apiPort(), token, "bot1", envelope("r-1", "Hello", "+447700900066")).status()).isEqualTo(202);
                await("sent", 10_000, () -> io(() -> status(first.apiPort(), token, "bot1", "r-1").body()
                        .at("/gateway/state").asText()).equals("RCS_SENT"));
                first.rcsSimulator().userSends("bot1", "+447700900070", "Are you there?");
                await("the webhook refused both", 10_000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
                        .map(r -> r.getBodyAsString()).distinct().count() >= 2);
            }
            hooks.resetRequests();
            hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));

            try (Gateway second = Gateway.start(ConfigLoader.parse(config(smsc.port(), hooks.port()), Map.of()))) {
                int port = second.apiPort();
                String token = token(port, "bot1", "secret-one");
                await("resent", 10_000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 2);
                String event = """
                        {"eventId":"late-1","event":"messageStatus","RCSMessage":{"msgId":"r-1","status":"delivered"},
                         "messageContact":{"userContact":"+447700900066"}}""";
                var resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rcs/platform/v1/bot1/events"))
                        .header("X-RCS-Timestamp", Long.toString(RcsEndToEndTest.SIGNED_AT))
                        .header("X-RCS-Signature", RcsEndToEndTest.sign(event))
                        .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(resp.statusCode()).isEqualTo(204);
                JsonNode st = status(port, token, "bot1", "r-1").body();
                assertThat(st.at("/gateway/state").asText()).as("stored before the 204").isEqualTo("DELIVERED");
                await("delivered at the webhook", 10_000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 3);
                List<JsonNode> bodies = hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
                        .map(r -> io(() -> RcsEndToEndTest.verified(r))).toList();
                assertThat(bodies).anySatisfy(b -> {
                    assertThat(b.get("event").asText()).isEqualTo("message");
                    assertThat(b.at("/RCSMessage/textMessage").asText()).isEqualTo("Are you there?");
                });
                assertThat(bodies.stream().filter(b -> b.at("/RCSMessage/msgId").asText().equals("r-1"))
                        .map(b -> b.at("/RCSMessage/status").asText()).toList()).containsExactly("sent", "delivered");
            }
        } finally {
            hooks.stop();
        }
    }
}
