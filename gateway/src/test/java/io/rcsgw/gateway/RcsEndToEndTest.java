package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.rcs.auth.EventSignature;
import io.rcsgw.rcs.sim.RcsPlatformSimulator;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
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
 * The RCS path over real sockets: the gateway with its in-process RCS platform simulator (capable
 * numbers +4477009000xx, never delivering to +447700900066), an SMSC simulator for the fallback,
 * and WireMock as the bot's webhook.
 */
class RcsEndToEndTest {

    static final String EVENTS_SECRET = "platform-events-secret-1";

    @TempDir
    Path dir;

    SmscSimulator smsc;
    WireMockServer hooks;
    Gateway gateway;
    RcsPlatformSimulator platform;
    int port;
    String token;

    @BeforeEach
    void start() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
        hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        gateway = Gateway.start(ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "jdbc:h2:file:%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw, window: 10, reconnectMin: 50ms, reconnectMax: 200ms}
                sms: {defaultSender: "12345"}
                webhooks: {retryMin: 50ms, retryMax: 200ms}
                rcs: {eventsSecret: %s, deliveryTimeout: 3s}
                rcsSimulator:
                  enabled: true
                  capable: ["+447700900000-+447700900099"]
                  neverDeliver: ["+447700900066"]
                  deliveredDelay: 50ms
                  displayedDelay: 150ms
                bots:
                  - {id: bot1, secret: secret-one, webhookUrl: "http://127.0.0.1:%d/hook"}
                  - {id: bot2, secret: secret-two, webhookUrl: "http://127.0.0.1:%d/hook2", webhookSecret: bot2-webhook-secret-0}
                """.formatted(dir.resolve("db"), smsc.port(), EVENTS_SECRET, hooks.port(), hooks.port()), Map.of()));
        port = gateway.apiPort();
        platform = gateway.rcsSimulator();
        await("link bound", 5000, gateway::linksBound);
        token = token(port, "bot1", "secret-one");
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        hooks.stop();
        smsc.close();
    }

    private JsonNode statusOf(String msgId) throws Exception {
        return status(port, token, "bot1", msgId).body();
    }

    /** The webhook events about one message, in the order they arrived, after checking each signature. */
    private List<JsonNode> hooksFor(String msgId) {
        return hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
                .map(r -> io(() -> verified(r)))
                .filter(n -> n.at("/RCSMessage/msgId").asText().equals(msgId))
                .toList();
    }

    /** What a bot does with a webhook: checks X-Rcsgw-Signature over timestamp and raw body with its secret. */
    static JsonNode verified(LoggedRequest r) throws Exception {
        String ts = r.getHeader("X-Rcsgw-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("secret-one".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((ts + ".").getBytes(StandardCharsets.US_ASCII));
        String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(r.getBody()));
        assertThat(r.getHeader("X-Rcsgw-Signature")).isEqualTo(expected);
        assertThat(Math.abs(Long.parseLong(ts) - System.currentTimeMillis() / 1000)).isLessThan(60);
        assertThat(r.getHeader("X-Rcsgw-Event-Id")).isNotBlank();
        return JSON.readTree(r.getBody());
    }

    @Test
    void capableNumberGetsRcsThenDeliveredAndDisplayedReachTheWebhookSigned() throws Exception {
        String body = """
                {"RCSMessage":{"msgId":"card-1","richcardMessage":{"message":{"generalPurposeCard":{
                  "layout":{"cardOrientation":"VERTICAL"},
                  "content":{"title":"Your order","description":"Arrives today",
                    "media":{"mediaUrl":"https://cdn.example.com/box.png","mediaContentType":"image/png","height":"MEDIUM_HEIGHT"},
                    "suggestions":[{"reply":{"displayText":"Thanks","postback":{"data":"thanks"}}}]}}}},
                  "suggestedChipList":{"suggestions":[{"action":{"displayText":"Call us","dialerAction":{"dialPhoneNumber":{"phoneNumber":"+441234567890"}}}}]}},
                 "messageContact":{"userContact":"+447700900010"},
                 "gateway":{"clientContext":"order-77"}}
                """;
        assertThat(send(port, token, "bot1", body).status()).isEqualTo(202);
        await("displayed", 10_000, () -> io(() -> statusOf("card-1").at("/gateway/state").asText()).equals("DISPLAYED"));
        JsonNode st = statusOf("card-1");
        assertThat(st.at("/gateway/channel").asText()).isEqualTo("rcs");
        assertThat(st.at("/gateway/history").findValuesAsText("state"))
                .containsExactly("ACCEPTED", "RCS_SENT", "DELIVERED", "DISPLAYED");
        assertThat(st.at("/gateway/history").findValuesAsText("reason"))
                .containsExactly("accepted", "channel:rcs", "rcs:delivered", "rcs:displayed");

        // the platform got the bot's content as sent, with its msgId, and no SMS went out
        var sent = platform.received();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).msgId()).isEqualTo("card-1");
        assertThat(sent.get(0).userContact()).isEqualTo("+447700900010");
        assertThat(sent.get(0).rcsMessage().at("/richcardMessage/message/generalPurposeCard/content/title").asText())
                .isEqualTo("Your order");
        assertThat(sent.get(0).rcsMessage().at("/suggestedChipList/suggestions/0/action/displayText").asText()).isEqualTo("Call us");
        assertThat(smsc.received()).isEmpty();

        await("three events at the webhook", 10_000, () -> hooksFor("card-1").size() == 3);
        List<JsonNode> events = hooksFor("card-1");
        assertThat(events).extracting(e -> e.at("/RCSMessage/status").asText()).containsExactly("sent", "delivered", "displayed");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.at("/gateway/channel").asText()).isEqualTo("rcs");
            assertThat(e.at("/gateway/clientContext").asText()).isEqualTo("order-77");
        });
    }

    @Test
    void notCapableNumberFallsBackToSmsWithTheContentRenderedAsText() throws Exception {
        String body = """
                {"RCSMessage":{"msgId":"fb-1","richcardMessage":{"message":{"generalPurposeCard":{
                  "content":{"title":"Your order","description":"Arrives today",
                    "suggestions":[{"action":{"displayText":"Track","urlAction":{"openUrl":{"url":"https://example.com/t/1"}}}}]}}}}},
                 "messageContact":{"userContact":"+447700900555"}}
                """;
        assertThat(send(port, token, "bot1", body).status()).isEqualTo(202);
        await("delivered", 10_000, () -> io(() -> statusOf("fb-1").at("/gateway/state").asText()).equals("DELIVERED"));
        JsonNode st = statusOf("fb-1");
        assertThat(st.at("/gateway/channel").asText()).isEqualTo("sms");
        assertThat(st.at("/gateway/history").findValuesAsText("reason")).contains("fallback:not-capable");
        assertThat(platform.received()).isEmpty();
        assertThat(smsc.textsByDestination().get("447700900555"))
                .containsExactly("Your order\nArrives today\n1 Track: https://example.com/t/1");
    }

    @Test
    void explicitSmsTextIsWhatTheFallbackCarries() throws Exception {
        String body = """
                {"RCSMessage":{"msgId":"fb-2","fileMessage":{"fileUrl":"https://cdn.example.com/ticket.pdf","fileMIMEType":"application/pdf","fileSize":1200}},
                 "messageContact":{"userContact":"+447700900556"},
                 "gateway":{"smsText":"Your ticket: https://t.example/1"}}
                """;
        assertThat(send(port, token, "bot1", body).status()).isEqualTo(202);
        await("delivered", 10_000, () -> io(() -> statusOf("fb-2").at("/gateway/state").asText()).equals("DELIVERED"));
        assertThat(smsc.textsByDestination().get("447700900556")).containsExactly("Your ticket: https://t.example/1");
    }

    @Test
    void aUserReplyAndATappedSuggestionReachTheWebhookOnceEach() throws Exception {
        String userMsgId = platform.userSends("bot1", "+447700900020", "Where is my parcel?");
        await("the message", 10_000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 1);
        platform.userResponds("bot1", "+447700900020", "Thanks", "thanks");
        await("two user events", 10_000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 2);
        Thread.sleep(200);
        List<JsonNode> events = hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream().map(r -> io(() -> verified(r))).toList();
        assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("message", "response");
        assertThat(events.get(0).at("/RCSMessage/msgId").asText()).isEqualTo(userMsgId);
        assertThat(events.get(0).at("/RCSMessage/textMessage").asText()).isEqualTo("Where is my parcel?");
        assertThat(events.get(1).at("/RCSMessage/suggestedResponse/response/reply/postback/data").asText()).isEqualTo("thanks");

        // the bot's read receipt goes to the platform, to the user who sent it, as MaaP SDKs send it: the msgId alone
        Harness.Reply r = readReceipt(userMsgId, "");
        assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
        assertThat(r.body().at("/RCSMessage/status").asText()).isEqualTo("displayed");
        assertThat(r.body().at("/gateway/forwarded").asBoolean()).isTrue();
        assertThat(platform.displayedReceipts()).containsExactly(userMsgId);
        assertThat(platform.displayedReceiptUser(userMsgId)).isEqualTo("+447700900020");
        // the right user given is fine; another user is refused, naming the field
        assertThat(readReceipt(userMsgId, ",\"messageContact\":{\"userContact\":\"+447700900020\"}").status()).isEqualTo(200);
        Harness.Reply other = readReceipt(userMsgId, ",\"messageContact\":{\"userContact\":\"+447700900021\"}");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body().at("/field").asText()).isEqualTo("messageContact.userContact");
        // a msgId no user sent, without a userContact, is not found; nothing more reached the platform
        assertThat(readReceipt("nobody-sent-this", "").status()).isEqualTo(404);
        assertThat(platform.displayedReceipts()).containsExactly(userMsgId, userMsgId);
    }

    private Harness.Reply readReceipt(String msgId, String contact) throws Exception {
        return call("PUT", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/messages/" + msgId + "/status", token,
                "application/json", ("{\"RCSMessage\":{\"status\":\"displayed\"}" + contact + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void whileTheSimulatedPlatformFailsMessagesGoSmsWithTheReasonAndRcsOnceItRecovers() throws Exception {
        // a first message while all is well: the gateway holds a platform token from then on
        assertThat(send(port, token, "bot1", envelope("up-0", "Hello", "+447700900052")).status()).isEqualTo(202);
        await("sent", 10_000, () -> io(() -> statusOf("up-0").at("/gateway/channel").asText()).equals("rcs"));
        platform.failWith(503);
        assertThat(send(port, token, "bot1", envelope("down-1", "Hello", "+447700900050")).status()).isEqualTo(202);
        await("delivered", 10_000, () -> io(() -> statusOf("down-1").at("/gateway/state").asText()).equals("DELIVERED"));
        assertThat(statusOf("down-1").at("/gateway/history").findValuesAsText("reason")).contains("fallback:rcs-http-503");
        platform.failWith(0);
        assertThat(send(port, token, "bot1", envelope("up-1", "Hello", "+447700900051")).status()).isEqualTo(202);
        await("displayed", 10_000, () -> io(() -> statusOf("up-1").at("/gateway/state").asText()).equals("DISPLAYED"));
        assertThat(statusOf("up-1").at("/gateway/channel").asText()).isEqualTo("rcs");
    }

    @Test
    void aBotWithItsOwnWebhookSecretGetsWebhooksSignedWithIt() throws Exception {
        hooks.stubFor(post(urlEqualTo("/hook2")).willReturn(aResponse().withStatus(204)));
        String token2 = token(port, "bot2", "secret-two");
        assertThat(send(port, token2, "bot2", envelope("own-1", "Hello", "+447700900011")).status()).isEqualTo(202);
        await("webhook", 10_000, () -> !hooks.findAll(postRequestedFor(urlEqualTo("/hook2"))).isEmpty());
        LoggedRequest r = hooks.findAll(postRequestedFor(urlEqualTo("/hook2"))).get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("bot2-webhook-secret-0".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((r.getHeader("X-Rcsgw-Timestamp") + ".").getBytes(StandardCharsets.US_ASCII));
        assertThat(r.getHeader("X-Rcsgw-Signature")).isEqualTo("v1=" + HexFormat.of().formatHex(mac.doFinal(r.getBody())));
    }

    @Test
    void anSmsToTheBotsNumberReachesItsWebhookAsAMessageEvent() throws Exception {
        smsc.sendMobileOriginated("447700900040", "12345", (byte) 0, false,
                "Stop sending offers".getBytes(StandardCharsets.US_ASCII), null);
        await("relayed", 10_000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 1);
        JsonNode e = verified(hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0));
        assertThat(e.get("event").asText()).isEqualTo("message");
        assertThat(e.at("/RCSMessage/textMessage").asText()).isEqualTo("Stop sending offers");
        assertThat(e.at("/messageContact/userContact").asText()).isEqualTo("+447700900040");
        assertThat(e.at("/gateway/channel").asText()).isEqualTo("sms");
        // to a number no bot sends from: counted, not relayed
        smsc.sendMobileOriginated("447700900041", "99999", (byte) 0, false, "hi".getBytes(StandardCharsets.US_ASCII), null);
        Thread.sleep(300);
        assertThat(hooks.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(1);
    }

    private Harness.Reply postEvent(String bot, String body, String signature) throws Exception {
        return postEvent(bot, body, SIGNED_AT, signature);
    }

    private Harness.Reply postEvent(String bot, String body, long signedAt, String signature) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/rcs/platform/v1/" + bot + "/events"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header(EventSignature.TIMESTAMP_HEADER, Long.toString(signedAt));
        if (signature != null) {
            b.header(EventSignature.SIGNATURE_HEADER, signature);
        }
        var resp = HTTP.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Harness.Reply(resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""),
                resp.body().isEmpty() ? null : JSON.readTree(resp.body()));
    }

    /** When this class's events are signed: one time for all, so a signature and its header always agree. */
    static final long SIGNED_AT = java.time.Instant.now().getEpochSecond();

    /** The signature of an event to bot1 at {@link #SIGNED_AT}. */
    static String sign(String body) {
        return EventSignature.sign(EVENTS_SECRET, "bot1", SIGNED_AT, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void platformEventsMustBeSignedWellFormedAndAreTakenOncePerEventId() throws Exception {
        String event = """
                {"eventId":"ev-1","event":"message","RCSMessage":{"msgId":"u-1","textMessage":"hi"},"messageContact":{"userContact":"+447700900030"}}""";
        assertThat(postEvent("bot1", event, null).status()).isEqualTo(401);
        assertThat(postEvent("bot1", event, "sha256=" + "00".repeat(32)).status()).isEqualTo(401);
        assertThat(postEvent("bot1", event.replace("hi", "tampered"), sign(event)).status()).isEqualTo(401);
        // signed for bot1, replayed to bot2: the bot is signed too
        assertThat(postEvent("bot2", event, sign(event)).status()).isEqualTo(401);
        // signed at another time than the header says, or longer ago than five minutes
        assertThat(postEvent("bot1", event, SIGNED_AT + 1, sign(event)).status()).isEqualTo(401);
        long old = SIGNED_AT - 301;
        Harness.Reply stale = postEvent("bot1", event, old, EventSignature.sign(EVENTS_SECRET, "bot1", old,
                event.getBytes(StandardCharsets.UTF_8)));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.body().get("detail").asText()).contains("X-RCS-Timestamp");
        String malformed = "{\"eventId\":\"ev-2\",\"event\":\"message\"";
        Harness.Reply bad = postEvent("bot1", malformed, sign(malformed));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("type").asText()).endsWith("/malformed-json");
        String noContact = "{\"eventId\":\"ev-3\",\"event\":\"message\",\"RCSMessage\":{\"textMessage\":\"x\"}}";
        Harness.Reply missing = postEvent("bot1", noContact, sign(noContact));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("field").asText()).isEqualTo("messageContact");
        assertThat(postEvent("nobot", event, sign(event)).status()).isEqualTo(404);

        assertThat(postEvent("bot1", event, sign(event)).status()).isEqualTo(204);
        assertThat(postEvent("bot1", event, sign(event)).status()).as("a repeat is taken, and dropped").isEqualTo(204);
        await("relayed", 10_000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).size() >= 1);
        Thread.sleep(300);
        var relayed = hooks.findAll(postRequestedFor(urlEqualTo("/hook")));
        assertThat(relayed).hasSize(1);
        // as it came, with the user's chatId beside the number
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(relayed.get(0).getBodyAsString());
        String chatId = body.at("/messageContact/chatId").asText();
        assertThat(chatId).matches("[A-Za-z0-9_-]{22}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("messageContact")).remove("chatId");
        assertThat(body).isEqualTo(JSON.readTree(event));
    }

    @Test
    void revokingAnUndeliveredRcsMessageCancelsItAndAnSmsCannotBeRecalled() throws Exception {
        assertThat(send(port, token, "bot1", envelope("rv-1", "Offer ends soon", "+447700900066")).status()).isEqualTo(202);
        await("sent", 10_000, () -> io(() -> statusOf("rv-1").at("/gateway/state").asText()).equals("RCS_SENT"));
        String cancel = "{\"RCSMessage\":{\"status\":\"cancelled\"}}";
        Harness.Reply r = call("PUT", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/messages/rv-1/status", token,
                "application/json", cancel.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().at("/gateway/revoked").asBoolean()).isTrue();
        assertThat(r.body().at("/RCSMessage/status").asText()).isEqualTo("cancelled");
        assertThat(statusOf("rv-1").at("/gateway/history").findValuesAsText("reason")).endsWith("revoked:rcs");
        Harness.Reply again = call("PUT", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/messages/rv-1/status", token,
                "application/json", cancel.getBytes(StandardCharsets.UTF_8));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().at("/gateway/state").asText()).as("idempotent").isEqualTo("CANCELLED");

        assertThat(send(port, token, "bot1", envelope("rv-2", "Hello", "+447700900777")).status()).isEqualTo(202);
        await("delivered", 10_000, () -> io(() -> statusOf("rv-2").at("/gateway/state").asText()).equals("DELIVERED"));
        Harness.Reply late = call("PUT", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/messages/rv-2/status", token,
                "application/json", cancel.getBytes(StandardCharsets.UTF_8));
        assertThat(late.body().at("/gateway/revoked").asBoolean()).isFalse();
        assertThat(late.body().at("/RCSMessage/status").asText()).isEqualTo("delivered");
        assertThat(call("PUT", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/messages/nope/status", token,
                "application/json", cancel.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
    }

    @Test
    void anRcsMessageNotDeliveredInTimeIsRevokedAndSentAsSms() throws Exception {
        assertThat(send(port, token, "bot1", envelope("slow-1", "Your code is 4711", "+447700900066")).status()).isEqualTo(202);
        await("sent", 10_000, () -> io(() -> statusOf("slow-1").at("/gateway/state").asText()).equals("RCS_SENT"));
        await("delivered as SMS", 15_000, () -> io(() -> statusOf("slow-1").at("/gateway/state").asText()).equals("DELIVERED"));
        JsonNode st = statusOf("slow-1");
        assertThat(st.at("/gateway/channel").asText()).isEqualTo("sms");
        assertThat(st.at("/gateway/history").findValuesAsText("reason"))
                .containsExactly("accepted", "channel:rcs", "fallback:rcs-undelivered", "smsc:accepted", "receipt:DELIVRD");
        assertThat(platform.revoked()).containsExactly("slow-1");
        assertThat(smsc.textsByDestination().get("447700900066")).containsExactly("Your code is 4711");
    }

    @Test
    void capabilitiesOneAndBulkAndTyping() throws Exception {
        Harness.Reply one = call("GET", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/contactCapabilities?userContact=%2B447700900001",
                token, null, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().get("capabilities").toString()).contains("chat");
        assertThat(call("GET", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/contactCapabilities?userContact=%2B447700900999",
                token, null, null).status()).isEqualTo(404);
        int queries = platform.capabilityQueries();
        Harness.Reply bulk = call("POST", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/contactCapabilities", token,
                "application/json", "{\"userContacts\":[\"+447700900001\",\"+447700900999\",\"+447700900002\"]}".getBytes(StandardCharsets.UTF_8));
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.body().get("contacts").findValuesAsText("userContact"))
                .containsExactly("+447700900001", "+447700900999", "+447700900002");
        assertThat(bulk.body().get("contacts").findValues("capable")).extracting(JsonNode::asBoolean).containsExactly(true, false, true);
        assertThat(platform.capabilityQueries() - queries).as("two numbers were cached already").isEqualTo(1);
        String many = "{\"userContacts\":[" + String.join(",", java.util.Collections.nCopies(101, "\"+447700900001\"")) + "]}";
        Harness.Reply tooMany = call("POST", "http://127.0.0.1:" + port + "/rcs/bot/v1/bot1/contactCapabilities", token,
                "application/json", many.getBytes(StandardCharsets.UTF_8));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("field").asText()).isEqualTo("userContacts");

        Harness.Reply typing = send(port, token, "bot1",
                "{\"RCSMessage\":{\"isTyping\":\"active\"},\"messageContact\":{\"userContact\":\"+447700900001\"}}");
        assertThat(typing.status()).isEqualTo(202);
        assertThat(typing.body().at("/RCSMessage/status").asText()).isEqualTo("sent");
        Harness.Reply idle = send(port, token, "bot1",
                "{\"RCSMessage\":{\"msgId\":null,\"isTyping\":\"idle\"},\"messageContact\":{\"userContact\":\"+447700900001\"}}");
        assertThat(idle.status()).isEqualTo(202);
        assertThat(idle.body().at("/RCSMessage/isTyping").asText()).isEqualTo("idle");
        assertThat(platform.typingNotifications()).isEqualTo(2);
    }

    @Test
    void richContentBreakingALimitIsRefusedNamingTheField() throws Exception {
        String chips = "{\"reply\":{\"displayText\":\"ok\"}}";
        String twelve = String.join(",", java.util.Collections.nCopies(12, chips));
        Harness.Reply r = send(port, token, "bot1", "{\"RCSMessage\":{\"textMessage\":\"hi\",\"suggestedChipList\":{\"suggestions\":["
                + twelve + "]}},\"messageContact\":{\"userContact\":\"+447700900001\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("field").asText()).isEqualTo("RCSMessage.suggestedChipList.suggestions");
        Harness.Reply longText = send(port, token, "bot1", "{\"RCSMessage\":{\"textMessage\":\"hi\",\"suggestedChipList\":{\"suggestions\":["
                + "{\"reply\":{\"displayText\":\"" + "x".repeat(26) + "\"}}]}},\"messageContact\":{\"userContact\":\"+447700900001\"}}");
        assertThat(longText.body().get("field").asText()).isEqualTo("RCSMessage.suggestedChipList.suggestions[0].reply.displayText");
        assertThat(platform.received()).isEmpty();
    }
}
