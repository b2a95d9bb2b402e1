package io.rcsgw.rcs.platform;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform client against WireMock standing in for the operator's RCS platform. */
class HttpRcsPlatformTest {

    WireMockServer wm;
    RcsPlatform platform;
    final ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        wm.start();
        wm.stubFor(post(urlEqualTo("/maap/oauth2/v1/token")).withBasicAuth("rcsgw", "s3cret")
                .withRequestBody(equalTo("grant_type=client_credentials"))
                .willReturn(okJson("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
    }

    void client(PlatformSettings s) {
        platform = RcsPlatforms.http(s, Clock.systemUTC(), (op, outcome, seconds) -> outcomes.add(op + ":" + outcome));
    }

    PlatformSettings settings() {
        return PlatformSettings.of(URI.create("http://127.0.0.1:" + wm.port() + "/maap/"), "rcsgw", "s3cret")
                .withTimeout(Duration.ofMillis(1000)).withBreaker(50, 10, 4, Duration.ofMillis(600));
    }

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        wm.stop();
    }

    @Test
    void sendsTheMaapEnvelopeWithACachedToken() {
        client(settings());
        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withStatus(202)));
        platform.send("acme", "m-1", "+447700900123", "{\"msgId\":\"m-1\",\"textMessage\":\"hi\"}").join();
        platform.send("acme", "m-2", "+447700900123", "{\"msgId\":\"m-2\",\"textMessage\":\"ho\"}").join();
        wm.verify(1, postRequestedFor(urlEqualTo("/maap/oauth2/v1/token")));
        wm.verify(postRequestedFor(urlEqualTo("/maap/bot/v1/acme/messages")).withRequestBody(equalToJson(
                "{\"RCSMessage\":{\"msgId\":\"m-1\",\"textMessage\":\"hi\"},\"messageContact\":{\"userContact\":\"+447700900123\"}}")));
        assertThat(outcomes).containsExactly("send:ok", "send:ok");
    }

    @Test
    void aRefusedTokenIsReplacedAndTheCallRepeatedOnce() {
        client(settings());
        wm.stubFor(post(urlEqualTo("/maap/oauth2/v1/token")).inScenario("rotate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"access_token\":\"old\",\"expires_in\":3600}")).willSetStateTo("rotated"));
        wm.stubFor(post(urlEqualTo("/maap/oauth2/v1/token")).inScenario("rotate").whenScenarioStateIs("rotated")
                .willReturn(okJson("{\"access_token\":\"new\",\"expires_in\":3600}")));
        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).withHeader("Authorization", equalTo("Bearer old"))
                .willReturn(aResponse().withStatus(401)));
        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).withHeader("Authorization", equalTo("Bearer new"))
                .willReturn(aResponse().withStatus(202)));
        platform.send("acme", "m-1", "+447700900123", "{\"msgId\":\"m-1\",\"textMessage\":\"hi\"}").join();
        wm.verify(2, postRequestedFor(urlEqualTo("/maap/oauth2/v1/token")));
        wm.verify(1, postRequestedFor(urlEqualTo("/maap/bot/v1/acme/messages")).withHeader("Authorization", equalTo("Bearer new")));
    }

    @Test
    void aTokenNearItsExpiryIsRenewedBeforeUse() {
        // expires_in 30 s with 60 s refresh-ahead: every call finds it too old and fetches a fresh one
        wm.stubFor(post(urlEqualTo("/maap/oauth2/v1/token"))
                .willReturn(okJson("{\"access_token\":\"short\",\"expires_in\":30}")));
        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).willReturn(aResponse().withStatus(202)));
        client(settings());
        platform.send("acme", "m-1", "+447700900123", "{}").join();
        platform.send("acme", "m-2", "+447700900123", "{}").join();
        wm.verify(2, postRequestedFor(urlEqualTo("/maap/oauth2/v1/token")));
    }

    @Test
    void capabilityAnswers() {
        client(settings());
        wm.stubFor(get(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities")).withQueryParam("userContact", equalTo("+447700900123"))
                .willReturn(okJson("{\"capabilities\":[\"chat\",\"richcard\"]}")));
        wm.stubFor(get(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities")).withQueryParam("userContact", equalTo("+447700900999"))
                .willReturn(aResponse().withStatus(404)));
        Capability yes = platform.capabilities("acme", "+447700900123").join();
        assertThat(yes.capable()).isTrue();
        assertThat(yes.features()).containsExactlyInAnyOrder("chat", "richcard");
        assertThat(platform.capabilities("acme", "+447700900999").join().capable()).isFalse();
        assertThat(platform.circuitBreaker().getMetrics().getNumberOfFailedCalls()).as("404 is an answer, not a failure").isZero();
    }

    @Test
    void a5xxStormOpensTheBreakerWhichFailsFastAndClosesWhenThePlatformRecovers() throws Exception {
        client(settings());
        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).willReturn(aResponse().withStatus(503)));
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            reasons.add(failure(platform.send("acme", "m-" + i, "+447700900123", "{}")).reason());
        }
        assertThat(reasons.subList(0, 4)).containsOnly("http-503");
        assertThat(reasons.subList(4, 8)).containsOnly("breaker-open");
        assertThat(platform.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        wm.verify(4, postRequestedFor(urlEqualTo("/maap/bot/v1/acme/messages")));

        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).willReturn(aResponse().withStatus(202)));
        Thread.sleep(700); // open duration over: trial calls go through
        for (int i = 0; i < 3; i++) {
            platform.send("acme", "t-" + i, "+447700900123", "{}").join();
        }
        assertThat(platform.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void timeoutsCountAsUnavailable() {
        client(settings());
        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).willReturn(aResponse().withStatus(202).withFixedDelay(2500)));
        assertThat(failure(platform.send("acme", "m-1", "+447700900123", "{}")).reason()).isEqualTo("timeout");
        assertThat(platform.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void aClientErrorIsARejectionAndLeavesTheBreakerAlone() {
        client(settings());
        wm.stubFor(post(urlEqualTo("/maap/bot/v1/acme/messages")).willReturn(aResponse().withStatus(400)));
        PlatformException e = failure(platform.send("acme", "m-1", "+447700900123", "{}"));
        assertThat(e).isInstanceOf(PlatformException.Rejected.class);
        assertThat(((PlatformException.Rejected) e).status()).isEqualTo(400);
        assertThat(platform.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aDeadTokenEndpointIsUnavailable() {
        wm.stubFor(post(urlEqualTo("/maap/oauth2/v1/token")).willReturn(aResponse().withStatus(500)));
        client(settings());
        assertThat(failure(platform.send("acme", "m-1", "+447700900123", "{}")).reason()).isEqualTo("token");
    }

    @Test
    void theCapabilityCacheCoalescesLookupsAndKeepsNotCapableShorter() throws Exception {
        client(settings());
        wm.stubFor(get(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities")).withQueryParam("userContact", equalTo("+447700900123"))
                .willReturn(okJson("{\"capabilities\":[\"chat\"]}").withFixedDelay(200)));
        wm.stubFor(get(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities")).withQueryParam("userContact", equalTo("+447700900999"))
                .willReturn(aResponse().withStatus(404)));
        CapabilityCache cache = new CapabilityCache(platform, Duration.ofMinutes(10), Duration.ofMillis(300), Duration.ofMinutes(5),
                1000, Executors.newCachedThreadPool());
        List<CompletableFuture<Capability>> lookups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lookups.add(cache.lookup("acme", "+447700900123"));
        }
        lookups.forEach(f -> assertThat(f.join().capable()).isTrue());
        wm.verify(1, getRequestedFor(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities"))
                .withQueryParam("userContact", equalTo("+447700900123")));

        assertThat(cache.lookup("acme", "+447700900999").join().capable()).isFalse();
        assertThat(cache.lookup("acme", "+447700900999").join().capable()).isFalse();
        wm.verify(1, getRequestedFor(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities"))
                .withQueryParam("userContact", equalTo("+447700900999")));
        Thread.sleep(400); // the not-capable answer has expired; the capable one has not
        assertThat(cache.lookup("acme", "+447700900999").join().capable()).isFalse();
        assertThat(cache.lookup("acme", "+447700900123").join().capable()).isTrue();
        wm.verify(2, getRequestedFor(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities"))
                .withQueryParam("userContact", equalTo("+447700900999")));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/maap/bot/v1/acme/contactCapabilities"))
                .withQueryParam("userContact", equalTo("+447700900123")));
        assertThat(cache.stats().hitCount()).isGreaterThanOrEqualTo(20);
    }

    private static PlatformException failure(CompletableFuture<?> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(PlatformException.class);
            return (PlatformException) e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }
}
