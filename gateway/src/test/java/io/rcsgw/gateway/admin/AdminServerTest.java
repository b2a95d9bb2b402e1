package io.rcsgw.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.gateway.CdrRecords;
import io.rcsgw.gateway.Gateway;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
                      - {id: bot, secret: bot-secret-1, webhookUrl: "http://hookuser:hook-pass-9@127.0.0.1:9/h?apikey=hook-key-7&x=1"}
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
                assertThat(config.body().at("/bots/0/webhookUrl").asText()).isEqualTo("http://***@127.0.0.1:9/h?apikey=***&x=***");
                for (String secret : new String[]{"pw-a", "pw-b", "bot-secret-1", TOKEN, "api-signing-key-0123456789", "store-secret",
                        "rcs-client-secret-1", "rcs-events-secret-1", "hook-pass-9", "hookuser", "hook-key-7"}) {
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
                assertThat(call("POST", admin, "/admin/rules/reload", auth, null, null).status())
                        .as("started without a file").isEqualTo(409);
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

    private static String rulesConfig(Path dir, int a, int b, String route, String tariff, String extra) {
        return """
                api: {host: 127.0.0.1, port: 0, tokenKey: api-signing-key-0123456789}
                management: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: 0, token: %s}
                store: {url: "jdbc:h2:file:%s"}
                cdr: {directory: "%s", rotateInterval: 100ms}
                smsc:
                  - {name: a, host: 127.0.0.1, port: %d, systemId: gw, password: pw-a}
                  - {name: b, host: 127.0.0.1, port: %d, systemId: gw, password: pw-b}
                routes:
                  - {prefix: "44", smsc: [%s]}
                rating:
                  tariffs:
                    - %s
                bots:
                  - {id: bot, secret: bot-secret-1}
                """.formatted(TOKEN, dir.resolve("db"), dir.resolve("cdr"), a, b, route, tariff) + extra;
    }

    private static String send(int api, String token, String msgId) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/rcs/bot/v1/bot/messages"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"RCSMessage\":{\"msgId\":\"" + msgId + "\",\"textMessage\":\"hi\"},"
                        + "\"messageContact\":{\"userContact\":\"+447700900001\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        return msgId;
    }

    private static double reloads(String outcome) {
        Double v = io.prometheus.client.CollectorRegistry.defaultRegistry.getSampleValue("rcsgw_rules_reloads_total",
                new String[]{"outcome"}, new String[]{outcome});
        return v == null ? 0 : v;
    }

    @Test
    void rulesAreReloadedFromTheFileAndAFileThatDoesNotValidateChangesNothing() throws Exception {
        try (SmscSimulator a = SmscSimulator.start(SmscSimulator.Options.defaults());
             SmscSimulator b = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            Path file = dir.resolve("gw.yaml");
            String cheap = "{name: standard, currency: EUR, smsSegment: 0.035}";
            String dear = "{name: standard, currency: EUR, smsSegment: 0.05}";
            Files.writeString(file, rulesConfig(dir, a.port(), b.port(), "a", cheap, ""));
            double ok = reloads("ok");
            double invalid = reloads("invalid");
            try (Gateway gw = Gateway.start(ConfigLoader.load(file, Map.of()), () -> ConfigLoader.load(file, Map.of()))) {
                await(gw::linksBound, 5000);
                String auth = "Bearer " + TOKEN;
                int admin = gw.adminPort();
                String token = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.apiPort()
                                        + "/oauth2/v1/token"))
                                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("bot:bot-secret-1".getBytes()))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();

                send(gw.apiPort(), token, "before");
                await(() -> a.submitCount() == 1, 5000);
                await(() -> amount("before") != null, 5000);
                assertThat(amount("before")).isEqualByComparingTo("0.035");

                // new routes and prices apply at once; the webhook timeout would need a restart
                Files.writeString(file, rulesConfig(dir, a.port(), b.port(), "b", dear, "webhooks: {timeout: 9s}\n"));
                Reply r = call("POST", admin, "/admin/rules/reload", auth, null, null);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body().get("applied").toString()).isEqualTo("[\"rules\",\"rulesFile\",\"rating\",\"routes\"]");
                assertThat(r.body().get("restartNeeded").toString()).isEqualTo("[\"webhooks\"]");
                assertThat(r.body().at("/routes/0/smsc/0").asText()).isEqualTo("b");
                assertThat(call("GET", admin, "/admin/config", auth, null, null).body().at("/routes/0/smsc/0").asText())
                        .isEqualTo("b");
                assertThat(call("GET", admin, "/admin/config", auth, null, null).body().at("/webhooks/timeout").asText())
                        .as("what runs, not what the file says").isEqualTo("PT5S");
                send(gw.apiPort(), token, "after");
                await(() -> b.submitCount() == 1, 5000);
                await(() -> amount("after") != null, 5000);
                assertThat(amount("after")).isEqualByComparingTo("0.05");
                assertThat(a.submitCount()).isEqualTo(1);

                // a file that does not validate, or routes to an SMSC that does not run: nothing changes
                Files.writeString(file, rulesConfig(dir, a.port(), b.port(), "a", cheap.replace("EUR", "euro"), ""));
                r = call("POST", admin, "/admin/rules/reload", auth, null, null);
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.body().get("detail").asText()).isEqualTo("rating.tariffs[0].currency (line 13): an ISO 4217 code such as EUR");
                Files.writeString(file, rulesConfig(dir, a.port(), b.port(), "c", cheap,
                        "").replace("routes:", "  - {name: c, host: 127.0.0.1, port: 1, systemId: gw}\nroutes:"));
                r = call("POST", admin, "/admin/rules/reload", auth, null, null);
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.body().get("detail").asText())
                        .isEqualTo("routes[0].smsc: no running SMSC named c (adding an SMSC needs a restart)");
                send(gw.apiPort(), token, "still");
                await(() -> b.submitCount() == 2, 5000);
                await(() -> amount("still") != null, 5000);
                assertThat(amount("still")).isEqualByComparingTo("0.05");
                assertThat(a.submitCount()).isEqualTo(1);
                assertThat(reloads("ok") - ok).isEqualTo(1);
                assertThat(reloads("invalid") - invalid).isEqualTo(2);
            }
        }
    }

    /** The amount of a message's CDR in the closed files, or null while there is none. */
    private java.math.BigDecimal amount(String msgId) {
        try {
            Map<String, Map<String, String>> records = CdrRecords.read(dir.resolve("cdr"));
            Map<String, String> r = records.get(msgId);
            return r == null ? null : new java.math.BigDecimal(r.get("amount"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
