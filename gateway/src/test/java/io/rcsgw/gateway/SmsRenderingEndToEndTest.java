package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.rules.sms.GsmAlphabet;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a handset without RCS reads, end to end on the SMSC's side: rich content rendered as
 * text byte for byte, a plain text exactly as given, a bot's own template, a numeric answer that
 * becomes the suggestion's response, a message too long for its rule cut short or linked to a
 * web view, and that web view in a real browser (headless Chromium).
 */
class SmsRenderingEndToEndTest {

    static final String RULES = """
            rules:
              - name: webview
                match: {tags: [webview]}
                channel: sms-only
                sms: {maxSegments: 2, overflow: web-view, webViewTtl: 1h}
              - name: short
                match: {tags: [short]}
                channel: sms-only
                sms: {maxSegments: 1, overflow: truncate, sender: Acme}
              - name: sms
                match: {tags: [sms]}
                channel: sms-only
            """;

    static final String CARD = """
            {"RCSMessage":{"msgId":"%s","richcardMessage":{"message":{"generalPurposeCard":{
              "content":{"title":"Your order","description":"%s",
                "media":{"mediaUrl":"https://cdn.example/order.png","mediaContentType":"image/png","height":"MEDIUM_HEIGHT"},
                "suggestions":[{"action":{"displayText":"Track","urlAction":{"openUrl":{"url":"https://example.com/t/1"}},
                                          "postback":{"data":"track"}}},
                               {"action":{"displayText":"Call us","dialerAction":{"dialPhoneNumber":{"phoneNumber":"+442079460000"}},
                                          "postback":{"data":"call"}}}]}}}},
             "suggestedChipList":{"suggestions":[{"reply":{"displayText":"Yes","postback":{"data":"pb-yes"}}},
                                                 {"reply":{"displayText":"No","postback":{"data":"pb-no"}}}]}},
             "messageContact":{"userContact":"%s"},"gateway":{%s}}""";

    @TempDir
    Path dir;
    RulesRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, RULES);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private SmscSimulator.ReceivedSubmit submitTo(String number) {
        return rig.smsc.received().stream().filter(r -> r.destination().equals(number.substring(1))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing submitted to " + number));
    }

    @Test
    void aCardAndItsSuggestionsReachTheSmscByteForByte() throws Exception {
        assertThat(rig.send(CARD.formatted("c1", "Arrives today", "+447700900900", "")).status()).isEqualTo(202);
        rig.awaitState("c1", "DELIVERED", 10_000);
        String expected = """
                Your order
                Arrives today
                https://cdn.example/order.png
                1 Track: https://example.com/t/1
                2 Call us: +442079460000
                3 Yes
                4 No""";
        SmscSimulator.ReceivedSubmit sm = submitTo("+447700900900");
        assertThat(sm.dataCoding()).isEqualTo((byte) 0);
        assertThat(sm.shortMessage()).isEqualTo(GsmAlphabet.DEFAULT.encodeUnpacked(expected));
        JsonNode gw = rig.gw("c1");
        assertThat(gw.at("/sms/text").asText()).isEqualTo(expected);
        assertThat(gw.at("/sms/encoding").asText()).isEqualTo("GSM7");
        assertThat(gw.at("/sms/segments").asInt()).isEqualTo(1);
    }

    @Test
    void aLocationAndTheNewerActionsReadAsSms() throws Exception {
        String body = """
                {"RCSMessage":{"msgId":"l1","geolocationPushMessage":{"pos":"51.5033 -0.1196","label":"Our shop","radius":null},
                  "suggestedChipList":{"suggestions":[
                    {"action":{"displayText":"Video call","dialerAction":{"dialVideoCall":{"phoneNumber":"+442079460000"}}}},
                    {"action":{"displayText":"Device info","deviceAction":{"requestDeviceSpecifics":{}}}},
                    {"reply":{"displayText":"Thanks","postback":{"data":"thanks"}}}]}},
                 "messageContact":{"userContact":"+447700900901","chatId":null}}""";
        assertThat(rig.send(body).status()).isEqualTo(202);
        rig.awaitState("l1", "DELIVERED", 10_000);
        String expected = """
                Our shop
                https://www.google.com/maps/search/?api=1&query=51.5033%2C-0.1196
                1 Video call: +442079460000
                2 Thanks""";
        assertThat(submitTo("+447700900901").shortMessage()).isEqualTo(GsmAlphabet.DEFAULT.encodeUnpacked(expected));
        assertThat(rig.gw("l1").at("/sms/text").asText()).isEqualTo(expected);
    }

    @Test
    void plainTextKeepsEverySpaceAndLineBreak() throws Exception {
        String text = "  Hello,\n\n  your table is ready.  \n";
        assertThat(rig.send(RulesRig.text("p1", text, "+447700900900", "\"tags\":[\"sms\"]")).status()).isEqualTo(202);
        rig.awaitState("p1", "DELIVERED", 10_000);
        assertThat(submitTo("+447700900900").shortMessage()).isEqualTo(GsmAlphabet.DEFAULT.encodeUnpacked(text));
        assertThat(rig.gw("p1").at("/sms/text").asText()).isEqualTo(text);
    }

    @Test
    void aNumericAnswerBecomesTheSuggestionsResponse() throws Exception {
        assertThat(rig.send(CARD.formatted("q1", "Arrives today", "+447700900901", "")).status()).isEqualTo(202);
        rig.awaitState("q1", "DELIVERED", 10_000);
        // the user answers the SMS "4" (No) from their phone, to the bot's number
        rig.smsc.sendMobileOriginated("447700900901", "12345", (byte) 0, false, " 4 ".getBytes(StandardCharsets.US_ASCII), null);
        rig.smsc.sendMobileOriginated("447700900901", "12345", (byte) 0, false, "1".getBytes(StandardCharsets.US_ASCII), null);
        rig.smsc.sendMobileOriginated("447700900901", "12345", (byte) 0, false, "thanks".getBytes(StandardCharsets.US_ASCII), null);
        await("three events from the user", 5000, () -> fromUser("+447700900901").size() == 3);
        List<JsonNode> events = fromUser("+447700900901");
        JsonNode no = events.get(0);
        assertThat(no.get("event").asText()).isEqualTo("response");
        assertThat(no.at("/RCSMessage/suggestedResponse/response/reply/displayText").asText()).isEqualTo("No");
        assertThat(no.at("/RCSMessage/suggestedResponse/response/reply/postback/data").asText()).isEqualTo("pb-no");
        assertThat(no.at("/gateway/channel").asText()).isEqualTo("sms");
        assertThat(no.at("/gateway/inReplyTo").asText()).isEqualTo("q1");
        JsonNode track = events.get(1);
        assertThat(track.at("/RCSMessage/suggestedResponse/response/action/postback/data").asText()).isEqualTo("track");
        JsonNode plain = events.get(2);
        assertThat(plain.get("event").asText()).isEqualTo("message");
        assertThat(plain.at("/RCSMessage/textMessage").asText()).isEqualTo("thanks");
        // a read receipt for an SMS: answered, nothing sent (SMS has none)
        Harness.Reply read = Harness.call("PUT", "http://127.0.0.1:" + rig.port + "/rcs/bot/v1/bot1/messages/"
                + plain.at("/RCSMessage/msgId").asText() + "/status", rig.token, "application/json",
                "{\"RCSMessage\":{\"status\":\"displayed\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().at("/gateway/forwarded").asBoolean(true)).isFalse();
        assertThat(rig.platform.displayedReceipts()).isEmpty();
    }

    private List<JsonNode> fromUser(String number) {
        List<JsonNode> out = new ArrayList<>();
        var served = new ArrayList<>(rig.hooks.getAllServeEvents());
        java.util.Collections.reverse(served); // newest first as WireMock keeps them; events of one user go in order
        for (var r : served) {
            JsonNode n = GatewayEndToEndTest.io(() -> Harness.JSON.readTree(r.getRequest().getBody()));
            if (!n.path("event").asText().equals("messageStatus") && n.at("/messageContact/userContact").asText().equals(number)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void aTooLongMessageIsCutShortWithAnEllipsisAndTheRulesSender() throws Exception {
        String text = "Your parcel will arrive tomorrow between 9 and 12. ".repeat(8);
        assertThat(rig.send(RulesRig.text("t1", text, "+447700900902", "\"tags\":[\"short\"]")).status()).isEqualTo(202);
        rig.awaitState("t1", "DELIVERED", 10_000);
        SmscSimulator.ReceivedSubmit sm = submitTo("+447700900902");
        assertThat(sm.source()).isEqualTo("Acme");
        assertThat(sm.udhi()).isFalse(); // one segment
        String got = rig.gw("t1").at("/sms/text").asText();
        assertThat(got).startsWith("Your parcel will arrive tomorrow").endsWith("...").hasSizeLessThanOrEqualTo(160);
        assertThat(sm.shortMessage()).isEqualTo(GsmAlphabet.DEFAULT.encodeUnpacked(got));
    }

    @Test
    void aLongCardGoesAsAShortTextWithItsWebViewWhichRendersInABrowser() throws Exception {
        String description = "Our winter sale has started: everything in the store is up to half price. ".repeat(6);
        assertThat(rig.send(CARD.formatted("w1", description, "+447700900903", "\"tags\":[\"webview\"]")).status())
                .isEqualTo(202);
        rig.awaitState("w1", "DELIVERED", 10_000);
        String sms = rig.gw("w1").at("/sms/text").asText();
        assertThat(rig.gw("w1").at("/sms/segments").asInt()).isLessThanOrEqualTo(2);
        Matcher m = Pattern.compile("\n(http://127\\.0\\.0\\.1:" + rig.webViewPort + "/v/([A-Za-z0-9_-]{22}))$").matcher(sms);
        assertThat(m.find()).as("the SMS ends with its web view link: " + sms).isTrue();
        String url = m.group(1);
        assertThat(url).doesNotContain("7700900903").doesNotContain("secret");

        Harness.Reply page = rawGet(url);
        assertThat(page.status()).isEqualTo(200);
        String wrong = url.substring(0, url.length() - 3) + "xyz";
        assertThat(Harness.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(wrong)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            if ("true".equals(System.getenv("RCSGW_REQUIRE_CHROMIUM"))) {
                throw new AssertionError("RCSGW_REQUIRE_CHROMIUM is set but " + chromium + " is missing");
            }
            Assumptions.assumeTrue(false, "chromium not installed (apt-get install chromium)");
        }
        String dom = chromium(chromium, "--dump-dom", url);
        assertThat(dom).contains("<h2>Your order</h2>", "Our winter sale has started", ">Track</a>", "href=\"https://example.com/t/1\"",
                ">Call us</a>", "href=\"tel:+442079460000\"", "Yes (answer 3 by SMS)").doesNotContain("7700900903");
        Path shot = dir.resolve("web-view.png");
        chromium(chromium, "--screenshot=" + shot, "--window-size=412,915", url);
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(5_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        Path kept = Path.of("target", "web-view.png");
        Files.createDirectories(kept.getParent());
        Files.copy(shot, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Harness.Reply rawGet(String url) throws Exception {
        var r = Harness.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).doesNotContain("<script");
        return new Harness.Reply(r.statusCode(), "text/html", null);
    }

    /** Runs headless Chromium as a test would: no sandbox (root), no network beyond loopback, a fresh profile. */
    private String chromium(Path binary, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
