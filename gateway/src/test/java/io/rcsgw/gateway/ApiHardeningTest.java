package io.rcsgw.gateway;

import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Careless and hostile input at the HTTP API over a real socket: each is refused with
 * problem+json (or the OAuth error shape on the token endpoint), and nothing is stored.
 */
class ApiHardeningTest {

    @TempDir
    Path dir;
    SmscSimulator smsc;
    Gateway gateway;
    int port;
    String token;

    @BeforeEach
    void start() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
        gateway = Gateway.start(ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0, authFailures: {perClient: 5, perAddress: 50, window: 1m}}
                http: {requestTimeout: 1s}
                management: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: 0, token: hardening-admin-token}
                store: {url: "jdbc:h2:file:%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                bots:
                  - {id: bot1, secret: secret-one}
                """.formatted(dir.resolve("db"), smsc.port()), Map.of()));
        port = gateway.apiPort();
        token = token(port, "bot1", "secret-one");
    }

    @AfterEach
    void stop() {
        gateway.close();
        smsc.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> raw(String method, String path, String auth, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBodyThatIsNotUtf8JsonIsRefusedAndNothingIsStored() throws Exception {
        String ok = envelope("h1", "hello", "+447700900123");
        for (String type : new String[]{null, "text/plain", "application/json; charset=iso-8859-1", "application/jsonx"}) {
            HttpResponse<String> r = raw("POST", "/rcs/bot/v1/bot1/messages", token, type, ok);
            assertThat(r.statusCode()).as(String.valueOf(type)).isEqualTo(415);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(raw("POST", "/rcs/bot/v1/bot1/messages", token, "application/json; charset=UTF-8", ok).statusCode())
                .isEqualTo(202);
        String dup = "{\"RCSMessage\":{\"msgId\":\"h2\",\"textMessage\":\"a\"},\"messageContact\":{\"userContact\":\"+447700900123\"},"
                + "\"messageContact\":{\"userContact\":\"+447700900999\"}}";
        HttpResponse<String> d = raw("POST", "/rcs/bot/v1/bot1/messages", token, "application/json", dup);
        assertThat(d.statusCode()).isEqualTo(400);
        assertThat(d.body()).contains("malformed-json");
        String nul = "{\"RCSMessage\":{\"msgId\":\"h3\",\"textMessage\":\"a\\u0000b\"},\"messageContact\":{\"userContact\":\"+447700900123\"}}";
        HttpResponse<String> n = raw("POST", "/rcs/bot/v1/bot1/messages", token, "application/json", nul);
        assertThat(n.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(n.body()).get("field").asText()).isEqualTo("RCSMessage.textMessage");
        assertThat(state(port, token, "bot1", "h2")).isEqualTo("HTTP 404");
        assertThat(state(port, token, "bot1", "h3")).isEqualTo("HTTP 404");
    }

    @Test
    void aMsgIdIsReachableHoweverItsPathIsEscapedAndABadEscapeIsAProblem() throws Exception {
        assertThat(send(port, token, "bot1", envelope("a~b.c", "hi", "+447700900123")).status()).isEqualTo(202);
        assertThat(status(port, token, "bot1", "a~b.c").status()).isEqualTo(200);
        assertThat(call("GET", url("/rcs/bot/v1/bot1/messages/a%7Eb%2Ec/status"), token, null, null).status()).isEqualTo(200);
        assertThat(send(port, token, "bot1", envelope("a%b", "hi", "+447700900123")).status()).isEqualTo(400);
        String bad = overSocket("GET /rcs/bot/v1/bot1/messages/a%zz/status HTTP/1.1\r\nHost: x\r\nAuthorization: " + token
                + "\r\nConnection: close\r\n\r\n");
        assertThat(bad).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(bad.substring(bad.indexOf("\r\n\r\n"))).doesNotContain("<html").doesNotContain("%zz");
    }

    @Test
    void aQueryThatIsNotUtf8OrBadlyEscapedIsTheClientsError() throws Exception {
        for (String query : new String[]{"contactCapabilities?userContact=%C3%28", "contactCapabilities?userContact=%FF%FE",
                "contactCapabilities?chatId=%E2%82", "usage?from=%C3%28"}) {
            HttpResponse<String> r = raw("GET", "/rcs/bot/v1/bot1/" + query, token, null, null);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(r.body()).get("type").asText()).as(query).endsWith("bad-query");
        }
        // an escape java.net.URI refuses to build, sent as it is
        String bad = overSocket("GET /rcs/bot/v1/bot1/contactCapabilities?userContact=%zz HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + token + "\r\nConnection: close\r\n\r\n");
        assertThat(bad).startsWith("HTTP/1.1 400").contains("application/problem+json");
    }

    private HttpResponse<String> tokenWith(String clientId, String secret) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return raw("POST", "/oauth2/v1/token", basic, "application/x-www-form-urlencoded", "grant_type=client_credentials");
    }

    @Test
    void wrongSecretsAreCountedLoggedWithoutTheSecretAndThenRefusedForAWhile() throws Exception {
        var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logs.start();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.rcsgw.rcs.server.ClientAuth");
        logger.addAppender(logs);
        try {
            var before = MetricsEndToEndTest.scrape(gateway.managementPort());
            for (int i = 0; i < 5; i++) {
                assertThat(tokenWith("bot1", "guess-" + i).statusCode()).isEqualTo(401);
            }
            // the limit reached: even the right secret waits out the window (a guesser learns nothing)
            HttpResponse<String> locked = tokenWith("bot1", "secret-one");
            assertThat(locked.statusCode()).isEqualTo(429);
            long retry = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retry).isBetween(1L, 60L);
            assertThat(Harness.JSON.readTree(locked.body()).get("error").asText()).isEqualTo("temporarily_unavailable");
            // another client from the same address is not locked by bot1's failures
            assertThat(tokenWith("nobody", "x").statusCode()).isEqualTo(401);
            var after = MetricsEndToEndTest.scrape(gateway.managementPort());
            String failures = "rcsgw_api_auth_failures_total{client=\"bot1\",reason=\"bad-secret\"}";
            assertThat(after.getOrDefault(failures, 0.0) - before.getOrDefault(failures, 0.0)).isEqualTo(5.0);
            assertThat(after.get("rcsgw_api_auth_failures_total{client=\"unknown\",reason=\"bad-secret\"}")).isGreaterThanOrEqualTo(1.0);
            assertThat(after.get("rcsgw_api_auth_throttled_total{scope=\"client\"}")).isGreaterThanOrEqualTo(1.0);
            // each failure is a WARN naming the client and address, never the secret
            var warnings = logs.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).hasSize(6);
            assertThat(warnings.get(0)).contains("client bot1", "127.0.0.1");
            assertThat(warnings.get(4)).contains("too many failures");
            assertThat(warnings.get(5)).contains("an unknown client").doesNotContain("nobody");
            assertThat(String.join("\n", warnings)).doesNotContain("guess-", "secret-one");
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void aRequestTricklingInIsCutOffAtTheRequestTimeout() throws Exception {
        var before = MetricsEndToEndTest.scrape(gateway.managementPort());
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("POST /rcs/bot/v1/bot1/messages HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            int read = 0;
            // a header byte every 200 ms keeps the connection from ever being idle
            try {
                for (int i = 0; i < 40 && read != -1; i++) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(200);
                    if (in.available() > 0) {
                        read = in.read();
                    }
                }
                read = in.read();
            } catch (java.io.IOException closed) {
                read = -1;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(read).as("the connection was closed").isEqualTo(-1);
            assertThat(millis).as("cut off after about a second, not left open").isBetween(900L, 4000L);
        }
        await("counted", 2000, () -> GatewayEndToEndTest.io(() -> MetricsEndToEndTest.scrape(gateway.managementPort()))
                .getOrDefault("rcsgw_http_requests_cut_off_total{port=\"api\",part=\"headers\"}", 0.0)
                - before.getOrDefault("rcsgw_http_requests_cut_off_total{port=\"api\",part=\"headers\"}", 0.0) == 1.0);
        // the port still serves
        assertThat(raw("GET", "/rcs/bot/v1/bot1/messages/x/status", token, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void authenticationAndMethodsAreAnsweredAsTheRfcsSay() throws Exception {
        HttpResponse<String> none = raw("GET", "/rcs/bot/v1/bot1/messages/x/status", null, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        HttpResponse<String> forged = raw("GET", "/rcs/bot/v1/bot1/messages/x/status", "Bearer forged", null, null);
        assertThat(forged.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        HttpResponse<String> del = raw("DELETE", "/rcs/bot/v1/bot1/messages/x/status", token, null, null);
        assertThat(del.statusCode()).isEqualTo(405);
        assertThat(del.headers().firstValue("Allow").orElse("")).isEqualTo("GET, PUT");
        for (int p : new int[]{port, gateway.managementPort(), gateway.adminPort()}) {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Server")).as("port " + p).isEmpty();
        }
    }

    @Test
    void theTokenEndpointParsesItsFormAndAnswersInOauthErrors() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("bot1:secret-one".getBytes(StandardCharsets.UTF_8));
        String form = "application/x-www-form-urlencoded";
        HttpResponse<String> suffix = raw("POST", "/oauth2/v1/token", basic, form, "grant_type=client_credentialsXYZ");
        assertThat(suffix.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(suffix.body()).get("error").asText()).isEqualTo("unsupported_grant_type");
        HttpResponse<String> json = raw("POST", "/oauth2/v1/token", basic, "application/json", "{\"x\":\"grant_type=client_credentials\"}");
        assertThat(JSON.readTree(json.body()).get("error").asText()).isEqualTo("invalid_request");
        HttpResponse<String> twice = raw("POST", "/oauth2/v1/token", basic, form,
                "grant_type=client_credentials&grant_type=client_credentials");
        assertThat(JSON.readTree(twice.body()).get("error").asText()).isEqualTo("invalid_request");
        HttpResponse<String> wrong = raw("POST", "/oauth2/v1/token",
                "Basic " + Base64.getEncoder().encodeToString("bot1:nope".getBytes(StandardCharsets.UTF_8)), form,
                "grant_type=client_credentials");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> ok = raw("POST", "/oauth2/v1/token", basic, form, "grant_type=client_credentials&scope=");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-store");
        assertThat(JSON.readTree(ok.body()).get("token_type").asText()).isEqualTo("Bearer");
    }

    @Test
    void jettysOwnErrorsAreProblemsToo() throws Exception {
        // a request line Jetty itself refuses (a header far beyond its limit): no HTML, no echo of the request
        String answer = overSocket("GET /rcs/bot/v1/bot1/messages HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000)
                + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431");
        assertThat(answer).contains("application/problem+json").doesNotContain("<html").doesNotContain("aaaa");
    }

    /** Sends raw bytes, as a client that no URI class would let through; the start of the answer. */
    private String overSocket(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(2000), StandardCharsets.US_ASCII);
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no answer", e);
        }
    }
}
