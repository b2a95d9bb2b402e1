package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WireMock stands in for the operator's RCS platform: while it fails, messages to RCS users go
 * SMS with the reason recorded, the breaker opens and then spares the platform; when it
 * recovers, the breaker closes and messages go RCS again.
 */
class RcsPlatformOutageTest {

    @TempDir
    Path dir;

    SmscSimulator smsc;
    WireMockServer platform;
    Gateway gateway;
    int port;
    String token;

    @BeforeEach
    void start() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
        platform = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        platform.start();
        platform.stubFor(post(urlEqualTo("/maap/oauth2/v1/token"))
                .willReturn(okJson("{\"access_token\":\"t1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        platform.stubFor(get(urlPathEqualTo("/maap/bot/v1/bot1/contactCapabilities"))
                .willReturn(okJson("{\"capabilities\":[\"chat\"]}")));
        gateway = Gateway.start(ConfigLoader.parse(config(), Map.of()));
        port = gateway.apiPort();
        await("link bound", 5000, gateway::linksBound);
        token = token(port, "bot1", "secret-one");
    }

    private String config() {
        return """
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "jdbc:h2:file:%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw, reconnectMin: 50ms, reconnectMax: 200ms}
                sms: {defaultSender: "12345"}
                rcs:
                  baseUrl: "http://127.0.0.1:%d/maap/"
                  clientSecret: platform-secret
                  timeout: 1s
                  breakerWindow: 10
                  breakerMinimumCalls: 6
                  breakerFailureRate: 50
                  breakerOpenDuration: 1s
                  eventsSecret: platform-events-secret
                bots:
                  - {id: bot1, secret: secret-one}
                """.formatted(dir.resolve("db"), smsc.port(), platform.port());
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        platform.stop();
        smsc.close();
    }

    private JsonNode settled(String msgId) throws Exception {
        await(msgId + " settled", 10_000, () -> io(() -> {
            String s = status(port, token, "bot1", msgId).body().at("/gateway/state").asText();
            return s.equals("DELIVERED") || s.equals("RCS_SENT");
        }));
        return status(port, token, "bot1", msgId).body().at("/gateway");
    }

    private String smsReason(JsonNode gw) {
        for (JsonNode h : gw.get("history")) {
            if (h.get("state").asText().equals("SMS_QUEUED")) {
                return h.get("reason").asText();
            }
        }
        return "(not SMS)";
    }

    @Test
    void a5xxStormAndTimeoutsOpenTheBreakerMessagesGoSmsAndRcsResumesAfterRecovery() throws Exception {
        platform.stubFor(post(urlEqualTo("/maap/bot/v1/bot1/messages")).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 4; i++) {
            assertThat(send(port, token, "bot1", envelope("storm-" + i, "Hello " + i, "+447700900100")).status()).isEqualTo(202);
            JsonNode gw = settled("storm-" + i);
            assertThat(gw.get("channel").asText()).isEqualTo("sms");
            assertThat(smsReason(gw)).isEqualTo("fallback:rcs-http-503");
        }
        platform.stubFor(post(urlEqualTo("/maap/bot/v1/bot1/messages")).willReturn(aResponse().withStatus(202).withFixedDelay(2500)));
        assertThat(send(port, token, "bot1", envelope("slow-0", "Hello", "+447700900100")).status()).isEqualTo(202);
        assertThat(smsReason(settled("slow-0"))).isEqualTo("fallback:timeout");

        // the capability lookup and five failed sends: six calls, open. Now the platform is not even asked
        int sendsBefore = platform.findAll(postRequestedFor(urlEqualTo("/maap/bot/v1/bot1/messages"))).size();
        double openFallbacksBefore = metricOr0("rcsgw_fallbacks_total{reason=\"breaker-open\"}"); // counters are per JVM
        for (int i = 0; i < 3; i++) {
            assertThat(send(port, token, "bot1", envelope("open-" + i, "Hello", "+447700900100")).status()).isEqualTo(202);
            assertThat(smsReason(settled("open-" + i))).isEqualTo("fallback:breaker-open");
        }
        assertThat(platform.findAll(postRequestedFor(urlEqualTo("/maap/bot/v1/bot1/messages")))).hasSize(sendsBefore);
        assertThat(metric("rcsgw_rcs_breaker_state")).isEqualTo(1.0);
        assertThat(metric("rcsgw_fallbacks_total{reason=\"breaker-open\"}") - openFallbacksBefore).isEqualTo(3.0);

        platform.stubFor(post(urlEqualTo("/maap/bot/v1/bot1/messages")).willReturn(aResponse().withStatus(202)));
        Thread.sleep(1100); // the breaker's open duration
        for (int i = 0; i < 4; i++) {
            assertThat(send(port, token, "bot1", envelope("back-" + i, "Hello", "+447700900100")).status()).isEqualTo(202);
            JsonNode gw = settled("back-" + i);
            assertThat(gw.get("state").asText()).isEqualTo("RCS_SENT");
            assertThat(gw.get("channel").asText()).isEqualTo("rcs");
        }
        assertThat(metric("rcsgw_rcs_breaker_state")).isEqualTo(0.0);
        List<String> texts = smsc.textsByDestination().get("447700900100");
        assertThat(texts).hasSize(8);
    }

    @Test
    void anExpiredPlatformTokenIsReplaced() throws Exception {
        // the platform hands out t1 first and t2 after that, and no longer takes t1 for sending
        platform.stubFor(post(urlEqualTo("/maap/oauth2/v1/token")).inScenario("rotation").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"access_token\":\"t1\",\"expires_in\":3600}")).willSetStateTo("rotated"));
        platform.stubFor(post(urlEqualTo("/maap/oauth2/v1/token")).inScenario("rotation").whenScenarioStateIs("rotated")
                .willReturn(okJson("{\"access_token\":\"t2\",\"expires_in\":3600}")));
        platform.stubFor(post(urlEqualTo("/maap/bot/v1/bot1/messages")).withHeader("Authorization", equalTo("Bearer t1"))
                .willReturn(aResponse().withStatus(401)));
        platform.stubFor(post(urlEqualTo("/maap/bot/v1/bot1/messages")).withHeader("Authorization", equalTo("Bearer t2"))
                .willReturn(aResponse().withStatus(202)));
        assertThat(send(port, token, "bot1", envelope("tok-1", "Hello", "+447700900100")).status()).isEqualTo(202);
        JsonNode gw = settled("tok-1");
        assertThat(gw.get("channel").asText()).isEqualTo("rcs");
        platform.verify(2, postRequestedFor(urlEqualTo("/maap/oauth2/v1/token")));
        platform.verify(postRequestedFor(urlEqualTo("/maap/bot/v1/bot1/messages")).withHeader("Authorization", equalTo("Bearer t2"))
                .withRequestBody(matchingJsonPath("$.RCSMessage.msgId", equalTo("tok-1"))));
    }

    @Test
    void anRcsMessageUndeliveredAcrossARestartIsRevokedAndSentAsSmsWhenItsTimeoutComes() throws Exception {
        gateway.close();
        String quick = config().replace("eventsSecret: platform-events-secret",
                "eventsSecret: platform-events-secret\n  deliveryTimeout: 10s");
        gateway = Gateway.start(ConfigLoader.parse(quick, Map.of()));
        port = gateway.apiPort();
        token = token(port, "bot1", "secret-one");
        platform.stubFor(post(urlEqualTo("/maap/bot/v1/bot1/messages")).willReturn(aResponse().withStatus(202)));
        platform.stubFor(put(urlEqualTo("/maap/bot/v1/bot1/messages/late-1/status")).willReturn(aResponse().withStatus(200)));
        assertThat(send(port, token, "bot1", envelope("late-1", "Hello", "+447700900100")).status()).isEqualTo(202);
        assertThat(settled("late-1").get("state").asText()).isEqualTo("RCS_SENT");
        long sentAt = System.currentTimeMillis();
        gateway.close();
        // down past its stored deadline: the next start fires it at once (the deadline leaves the
        // stop time to come before it, on a busy machine too: a stop has been seen to take 6 s)
        Thread.sleep(Math.max(0, sentAt + 10_500 - System.currentTimeMillis()));
        assertThat(platform.findAll(putRequestedFor(urlEqualTo("/maap/bot/v1/bot1/messages/late-1/status")))).isEmpty();
        gateway = Gateway.start(ConfigLoader.parse(quick, Map.of()));
        port = gateway.apiPort();
        token = token(port, "bot1", "secret-one");
        await("delivered as SMS", 10_000, () -> io(() -> status(port, token, "bot1", "late-1").body()
                .at("/gateway/state").asText()).equals("DELIVERED"));
        JsonNode gw = status(port, token, "bot1", "late-1").body().at("/gateway");
        assertThat(gw.get("channel").asText()).isEqualTo("sms");
        assertThat(smsReason(gw)).isEqualTo("fallback:rcs-undelivered");
        platform.verify(putRequestedFor(urlEqualTo("/maap/bot/v1/bot1/messages/late-1/status"))
                .withRequestBody(matchingJsonPath("$.RCSMessage.status", equalTo("cancelled"))));
    }

    private double metricOr0(String series) throws Exception {
        try {
            return metric(series);
        } catch (AssertionError e) {
            return 0;
        }
    }

    private double metric(String series) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.managementPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ") || line.startsWith(series.replace("}", ",}") + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + series + " in /metrics");
    }
}
