package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds {@code openapi.yaml} to the running server: every route served is documented (and
 * nothing else is), and every request example in it is accepted.
 */
class OpenApiContractTest {

    static final Path SPEC = Path.of("../rcs-api/src/main/resources/openapi.yaml");
    static final String EVENTS_SECRET = "contract-events-secret";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @TempDir
    Path dir;

    SmscSimulator smsc;
    Gateway gateway;
    JsonNode spec;

    @BeforeEach
    void start() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
        gateway = Gateway.start(ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "jdbc:h2:file:%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                rcs: {eventsSecret: %s}
                rcsSimulator: {enabled: true, capable: ["+447700900000-+447700900499"], neverDeliver: ["+447700900123"]}
                bots:
                  - {id: bot1, secret: secret-one}
                """.formatted(dir.resolve("db"), smsc.port(), EVENTS_SECRET), Map.of()));
        spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(SPEC));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        smsc.close();
    }

    @Test
    void everyRouteServedIsDocumentedAndNothingElse() {
        assertThat(spec.get("openapi").asText()).startsWith("3.1");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("paths").fields(); it.hasNext(); ) {
            var path = it.next();
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    documented.add(m.toUpperCase() + " " + path.getKey());
                }
            });
        }
        assertThat(documented).isEqualTo(new TreeSet<>(gateway.apiRoutes()));
    }

    @Test
    void everyRequestExampleIsAcceptedByTheRunningServer() throws Exception {
        int port = gateway.apiPort();
        String base = "http://127.0.0.1:" + port;
        String token = token(port, "bot1", "secret-one");
        List<String> tried = new ArrayList<>();
        // the send and platform-event examples first: the status examples refer to a message of each
        for (String path : List.of("/oauth2/v1/token", "/rcs/bot/v1/{botId}/messages", "/rcs/platform/v1/{botId}/events",
                "/rcs/bot/v1/{botId}/messages/{msgId}/status", "/rcs/bot/v1/{botId}/contactCapabilities",
                "/rcs/bot/v1/{botId}/quote", "/rcs/bot/v1/{botId}/usage")) {
            JsonNode item = spec.at("/paths/" + path.replace("/", "~1"));
            assertThat(item.isMissingNode()).as(path).isFalse();
            for (Iterator<String> ms = item.fieldNames(); ms.hasNext(); ) {
                String method = ms.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonNode op = item.get(method);
                JsonNode content = op.at("/requestBody/content");
                if (content.isMissingNode()) {
                    String url = base + path.replace("{botId}", "bot1").replace("{msgId}", "example-text-1");
                    String sep = "?";
                    for (JsonNode p : op.path("parameters")) {
                        if ("query".equals(p.path("in").asText()) && p.has("example")) {
                            url += sep + p.get("name").asText() + "=" + URLEncoder.encode(p.get("example").asText(), StandardCharsets.UTF_8);
                            sep = "&";
                        }
                    }
                    Reply r = call(method.toUpperCase(), url, token, null, null);
                    tried.add(method + " " + path + " -> " + r.status());
                    assertThat(r.status()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
                    continue;
                }
                for (Iterator<Map.Entry<String, JsonNode>> cs = content.fields(); cs.hasNext(); ) {
                    var c = cs.next();
                    for (Iterator<Map.Entry<String, JsonNode>> es = c.getValue().path("examples").fields(); es.hasNext(); ) {
                        var example = es.next();
                        JsonNode value = example.getValue().get("value");
                        byte[] body = (value.isTextual() ? value.asText() : value.toString()).getBytes(StandardCharsets.UTF_8);
                        String msgId = example.getKey().equals("readReceipt") ? "user-msg-1" : "example-text-1";
                        String url = base + path.replace("{botId}", "bot1").replace("{msgId}", msgId);
                        Reply r;
                        if (path.startsWith("/oauth2")) {
                            r = call("POST", url, "Basic " + Base64.getEncoder().encodeToString("bot1:secret-one".getBytes(StandardCharsets.UTF_8)),
                                    c.getKey(), body);
                        } else if (path.startsWith("/rcs/platform")) {
                            r = signedEvent(url, body);
                        } else {
                            r = call(method.toUpperCase(), url, token, c.getKey(), body);
                        }
                        tried.add(method + " " + path + " " + example.getKey() + " -> " + r.status());
                        assertThat(r.status()).as(method + " " + path + " example " + example.getKey() + ": " + r.body())
                                .isBetween(200, 299);
                    }
                }
            }
        }
        assertThat(tried).as("examples tried").hasSizeGreaterThanOrEqualTo(17);
    }

    private Reply signedEvent(String url, byte[] body) throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        String bot = url.replaceAll(".*/rcs/platform/v1/([^/]+)/events$", "$1");
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-RCS-Timestamp", Long.toString(now))
                .header("X-RCS-Signature", io.rcsgw.rcs.auth.EventSignature.sign(EVENTS_SECRET, bot, now, body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        var resp = HTTP.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Reply(resp.statusCode(), "", resp.body().isEmpty() ? null : JSON.readTree(resp.body()));
    }
}
