package io.rcsgw.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.gateway.Gateway;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API against a running gateway with two SMSCs. */
class AdminServerTest {

    private static final String TOKEN = "admin-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path dir;

    private record Reply(int status, JsonNode body, String raw) {
    }

    private static Reply call(String method, int port, String path, String token, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r.body());
    }

    private static void await(BooleanSupplier c, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(c.getAsBoolean()).isTrue();
    }

    @Test
    void linksConfigAndMessageLookupBehindTheToken() throws Exception {
        try (SmscSimulator a = SmscSimulator.start(SmscSimulator.Options.defaults());
             SmscSimulator b = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0, tokenKey: api-signing-key-0123456789}
                    management: {host: 127.0.0.1, port: 0}
                    admin: {host: 127.0.0.1, port: 0, token: %s}
                    store: {url: "jdbc:h2:file:%s", password: store-secret}
                    smsc:
                      - {name: a, host: 127.0.0.1, port: %d, systemId: gw, password: pw-a}
                      - {name: b, host: 127.0.0.1, port: %d, systemId: gw, password: pw-b}
                    rcs: {clientSecret: rcs-client-secret-1, eventsSecret: rcs-events-secret-1}
                    rcsSimulator: {enabled: true, capable: ["+1"]}
                    bots:
                      - {id: bot, secret: bot-secret-1}
                    """.formatted(TOKEN, dir.resolve("db"), a.port(), b.port());
            try (Gateway gw = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await(gw::linksBound, 5000);
                int admin = gw.adminPort();
                String auth = "Bearer " + TOKEN;
                assertThat(call("GET", admin, "/admin/links", null, null, null).status()).isEqualTo(401);
                assertThat(call("GET", admin, "/admin/links", "Bearer wrong-token-0123456789", null, null).status()).isEqualTo(401);

                Reply links = call("GET", admin, "/admin/links", auth, null, null);
                assertThat(links.status()).isEqualTo(200);
                assertThat(links.body()).hasSize(2);
                assertThat(links.body().get(0).get("name").asText()).isEqualTo("a");
                assertThat(links.body().get(0).get("bound").asBoolean()).isTrue();

                Reply config = call("GET", admin, "/admin/config", auth, null, null);
                assertThat(config.body().at("/smsc/0/password").asText()).isEqualTo("***");
                assertThat(config.body().at("/bots/0/secret").asText()).isEqualTo("***");
                assertThat(config.body().at("/admin/token").asText()).isEqualTo("***");
                assertThat(config.body().at("/smsc/1/host").asText()).isEqualTo("127.0.0.1");
                for (String secret : new String[]{"pw-a", "pw-b", "bot-secret-1", TOKEN, "api-signing-key-0123456789", "store-secret",
                        "rcs-client-secret-1", "rcs-events-secret-1"}) {
                    assertThat(config.raw()).as("redacted").doesNotContain(secret);
                }

                // take a out of service: it unbinds and new messages go to b
                Reply disabled = call("POST", admin, "/admin/links/a/disable", auth, null, null);
                assertThat(disabled.body().get("enabled").asBoolean()).isFalse();
                await(() -> !a.hasBoundSession(), 5000);
                int api = gw.apiPort();
                String token = apiToken(api);
                for (int i = 0; i < 4; i++) {
                    Reply sent = call("POST", api, "/rcs/bot/v1/bot/messages", token, "application/json",
                            "{\"RCSMessage\":{\"msgId\":\"m" + i + "\",\"textMessage\":\"hi\"},\"messageContact\":{\"userContact\":\"+44770090012" + i + "\"}}");
                    assertThat(sent.status()).isEqualTo(202);
                }
                await(() -> b.submitCount() == 4, 5000);
                assertThat(a.submitCount()).isZero();
                assertThat(call("POST", admin, "/admin/links/a/enable", auth, null, null).body().get("enabled").asBoolean()).isTrue();
                // it binds again once its unbind is over, which waits up to the response timeout for the unbind_resp
                await(a::hasBoundSession, 15_000);
                assertThat(call("POST", admin, "/admin/links/nope/enable", auth, null, null).status()).isEqualTo(404);

                // look a message up by client msgId, then by the id the SMSC gave it
                await(() -> io(() -> call("GET", admin, "/admin/messages/bot/m0", auth, null, null).body().get("state").asText())
                        .equals("DELIVERED"), 5000);
                Reply m = call("GET", admin, "/admin/messages/bot/m0", auth, null, null);
                assertThat(m.body().get("recipient").asText()).isEqualTo("+447700900120");
                assertThat(m.body().at("/parts/0/link").asText()).isEqualTo("b");
                String smscKey = m.body().at("/parts/0/smscKey").asText();
                String smscId = smscKey.substring(smscKey.indexOf('/') + 1).toUpperCase();
                Reply bySmscId = call("GET", admin, "/admin/messages?smsc=b&smscMessageId=" + smscId, auth, null, null);
                assertThat(bySmscId.status()).isEqualTo(200);
                assertThat(bySmscId.body().get("msgId").asText()).isEqualTo("m0");
                assertThat(call("GET", admin, "/admin/messages?smsc=a&smscMessageId=" + smscId, auth, null, null).status())
                        .isEqualTo(404);

                // the RCS platform: breaker and cache, and forcing every message to SMS for a while
                Reply rcs = call("GET", admin, "/admin/rcs", auth, null, null);
                assertThat(rcs.body().get("enabled").asBoolean()).isTrue();
                assertThat(rcs.body().at("/breaker/state").asText()).isEqualTo("CLOSED");
                assertThat(call("POST", admin, "/admin/rcs/breaker/open", auth, null, null).body().at("/breaker/state").asText())
                        .isEqualTo("FORCED_OPEN");
                Reply forced = call("POST", gw.apiPort(), "/rcs/bot/v1/bot/messages", apiToken(gw.apiPort()), "application/json",
                        "{\"RCSMessage\":{\"msgId\":\"forced\",\"textMessage\":\"hi\"},\"messageContact\":{\"userContact\":\"+447700900150\"}}");
                assertThat(forced.status()).isEqualTo(202);
                await(() -> io(() -> call("GET", admin, "/admin/messages/bot/forced", auth, null, null).body().toString())
                        .contains("fallback:breaker-open"), 5000);
                assertThat(call("POST", admin, "/admin/rcs/breaker/close", auth, null, null).body().at("/breaker/state").asText())
                        .isEqualTo("CLOSED");
            }
        }
    }

    private static String apiToken(int api) throws Exception {
        Reply r = call("POST", api, "/oauth2/v1/token", "Basic " + Base64.getEncoder().encodeToString("bot:bot-secret-1".getBytes()),
                "application/x-www-form-urlencoded", "grant_type=client_credentials");
        return "Bearer " + r.body().get("access_token").asText();
    }

    private interface Io<T> {
        T get() throws Exception;
    }

    private static <T> T io(Io<T> io) {
        try {
            return io.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
