package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.rcs.sim.NumberRanges;
import io.rcsgw.rcs.sim.RcsPlatformSimulator;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;

/**
 * A gateway with operator rules over real sockets, for the rules' end-to-end tests: the SMSC
 * simulator (no receipt ever for +447700900777), the RCS platform simulator (which outlives a
 * restart of the gateway), WireMock as the bot's webhook, and web views on a port of their own.
 * The platform's numbers:
 * <ul>
 * <li>+4477009000xx-+4477009003xx: RCS, full capabilities;</li>
 * <li>+447700900066, +447700900067: RCS, never delivered;</li>
 * <li>+447700900088: RCS, every message fails;</li>
 * <li>+4477009004xx: RCS without carousel;</li>
 * <li>anything else (+447700900900, +447700900777): no RCS.</li>
 * </ul>
 */
final class RulesRig implements AutoCloseable {

    static final String EVENTS_SECRET = "platform-events-secret-1";
    /** One rule: everything RCS first. */
    static final String RCS_FIRST = """
            rules:
              - name: rich
                channel: rcs-first
            """;

    final Path dir;
    final SmscSimulator smsc;
    final WireMockServer hooks;
    /** Chosen free, and chosen again if another process takes it before the gateway binds it. */
    int webViewPort;
    final Path rulesFile;
    /** Outlives the gateway's restarts, as an operator's platform does. */
    final RcsPlatformSimulator platform;
    Gateway gateway;
    int port;
    String token;

    /** Extra keys of the test bot, as YAML flow-map members (e.g. its SMS template). */
    final String botExtras;
    /** More top-level configuration, as YAML lines (set before a {@link #restart()}). */
    String extraConfig = "";
    /** More bots, as YAML list items (set before a {@link #restart()}). */
    String moreBots = "";
    /** The webhooks' settings, as a YAML flow map. */
    String webhooks = "{retryMin: 50ms, retryMax: 200ms}";

    RulesRig(Path dir, String rules) throws Exception {
        this(dir, rules, "");
    }

    RulesRig(Path dir, String rules, String botExtras) throws Exception {
        this.dir = dir;
        this.botExtras = botExtras;
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw")
                .withReceiptRule((destination, sm) -> destination.equals("447700900777") ? null : ReceiptStatus.DELIVRD));
        hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        webViewPort = freePort();
        rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, rules);
        platform = RcsPlatformSimulator.start(RcsPlatformSimulator.Options.defaults()
                .withCapable(new NumberRanges(List.of("+447700900000-+447700900499")))
                .withNeverDeliver(new NumberRanges(List.of("+447700900066", "+447700900067")))
                .withFailing(new NumberRanges(List.of("+447700900088")))
                .withFeatures(List.of(new RcsPlatformSimulator.Features(new NumberRanges(List.of("+447700900400-+447700900499")),
                        List.of("chat", "fileTransfer", "richcard"))))
                .withDelays(Duration.ofMillis(50), Duration.ofMillis(150)).withClient("rcsgw", "platform-secret"));
        start();
    }

    String config() {
        return """
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: 0, token: rules-admin-token-0123}
                store: {url: "jdbc:h2:file:%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw, window: 10, reconnectMin: 50ms, reconnectMax: 200ms}
                sms: {defaultSender: "12345"}
                webhooks: %s
                rcs: {baseUrl: "%s", clientSecret: platform-secret, eventsSecret: %s, deliveryTimeout: 1h}
                webView: {host: 127.0.0.1, port: %d, publicBaseUrl: "http://127.0.0.1:%d"}
                rulesFile: "%s"
                bots:
                  - {id: bot1, secret: secret-one, webhookUrl: "http://127.0.0.1:%d/hook"%s}
                """.formatted(dir.resolve("db"), smsc.port(), webhooks, platform.baseUrl(), EVENTS_SECRET, webViewPort, webViewPort,
                rulesFile, hooks.port(), botExtras) + moreBots + extraConfig;
    }

    static int freePort() throws java.io.IOException {
        return CrashRecoveryTest.freePort();
    }

    void start() throws Exception {
        Path configFile = dir.resolve("rcsgw.yaml");
        for (int attempt = 1; ; attempt++) {
            Files.writeString(configFile, config());
            try {
                gateway = Gateway.start(ConfigLoader.load(configFile, Map.of()), () -> ConfigLoader.load(configFile, Map.of()));
                break;
            } catch (java.io.IOException e) {
                // the web view's port, free when chosen, was taken meanwhile (an outgoing connection's, say)
                if (attempt == 3 || !(e.getCause() instanceof java.net.BindException)) {
                    throw e;
                }
                webViewPort = freePort();
            }
        }
        port = gateway.apiPort();
        platform.sendEventsTo("http://127.0.0.1:" + port + "/rcs/platform/v1/{botId}/events", EVENTS_SECRET);
        await("link bound", 5000, gateway::linksBound);
        token = token(port, "bot1", "secret-one");
    }

    void restart() throws Exception {
        gateway.close();
        start();
    }

    RcsPlatformSimulator platform() {
        return platform;
    }

    /** A text with these tags (and any extra gateway fields, as JSON members), to {@code to}. */
    static String text(String msgId, String text, String to, String gatewayFields) {
        return """
                {"RCSMessage":{"msgId":"%s","textMessage":%s},"messageContact":{"userContact":"%s"},"gateway":{%s}}"""
                .formatted(msgId, JSON.valueToTree(text).toString(), to, gatewayFields);
    }

    Reply send(String json) throws Exception {
        return Harness.send(port, token, "bot1", json);
    }

    JsonNode gw(String msgId) throws Exception {
        return status(port, token, "bot1", msgId).body().at("/gateway");
    }

    String state(String msgId) throws Exception {
        return Harness.state(port, token, "bot1", msgId);
    }

    void awaitState(String msgId, String state, long millis) throws InterruptedException {
        await(msgId + " " + state, millis, () -> io(() -> state(msgId)).equals(state));
    }

    /** The reason its history records for {@code state}, or null. */
    String reasonOf(String msgId, String state) throws Exception {
        for (JsonNode h : gw(msgId).get("history")) {
            if (h.get("state").asText().equals(state)) {
                return h.get("reason").asText();
            }
        }
        return null;
    }

    /** The webhook events about one message, in the order they arrived. */
    List<JsonNode> hooksFor(String msgId) {
        return hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
                .map(r -> io(() -> JSON.readTree(r.getBody())))
                .filter(n -> n.at("/RCSMessage/msgId").asText().equals(msgId))
                .toList();
    }

    /** What the SMSC received for a number, decoded. */
    List<String> smsTo(String number) {
        return smsc.textsByDestination().getOrDefault(number.substring(1), List.of());
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        hooks.stop();
        smsc.close();
        platform.close();
    }
}
