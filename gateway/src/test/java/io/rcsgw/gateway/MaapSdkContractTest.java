package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request shapes a bot written for a MaaP SDK sends, unchanged, against the running
 * gateway: each as the SDK's model serialises it (every content kind and suggestion kind, its
 * explicit nulls, a contact of userContact and chatId, typing on and off, status, revoke, read
 * receipt, capabilities by number and by chatId, the files API), each answered 2xx with a JSON
 * body, as SDKs require.
 */
class MaapSdkContractTest {

    static final String USER = "+447700900011";

    @TempDir
    Path dir;
    RulesRig rig;
    final List<String> tried = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, RulesRig.RCS_FIRST);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    /** Suggestions as the SDK's Suggestions.add* build them; postback data and optional fields as a bot passes them. */
    static final String REPLY = """
            {"reply":{"displayText":"Yes","postback":{"data":"yes"}}}""";
    static final String URL = """
            {"action":{"urlAction":{"openUrl":{"url":"https://example.com/track"}},"displayText":"Track","postback":{"data":"track"}}}""";
    static final String DIAL = """
            {"action":{"dialerAction":{"dialPhoneNumber":{"phoneNumber":"+442079460000","fallbackUrl":null}},"displayText":"Call","postback":{"data":"call"}}}""";
    static final String ENRICHED = """
            {"action":{"dialerAction":{"dialEnrichedCall":{"phoneNumber":"+442079460000","fallbackUrl":null,"subject":"Your order"}},"displayText":"Call us","postback":{"data":"enriched"}}}""";
    static final String VIDEO = """
            {"action":{"dialerAction":{"dialVideoCall":{"phoneNumber":"+442079460000","fallbackUrl":"https://example.com/video"}},"displayText":"Video","postback":{"data":"video"}}}""";
    static final String LOCATION_PUSH = """
            {"action":{"mapAction":{"requestLocationPush":{}},"displayText":"Share location","postback":{"data":"where"}}}""";
    static final String SHOW_LOCATION = """
            {"action":{"mapAction":{"showLocation":{"location":{"latitude":51.5,"longitude":-0.12,"label":"Shop","query":null},"fallbackUrl":null}},"displayText":"Map","postback":{"data":"map"}}}""";
    static final String CALENDAR = """
            {"action":{"calendarAction":{"createCalendarEvent":{"startTime":"2027-01-10T10:00:00Z","endTime":"2027-01-10T11:00:00Z","title":"Delivery","description":"Parcel","fallbackUrl":null}},"displayText":"Add","postback":{"data":"cal"}}}""";
    static final String COMPOSE = """
            {"action":{"composeAction":{"composeTextMessage":{"phoneNumber":"+442079460000","text":"Hello"}},"displayText":"Write","postback":{"data":"write"}}}""";
    static final String RECORDING = """
            {"action":{"composeAction":{"composeRecordingMessage":{"phoneNumber":"+442079460000","type":"VIDEO"}},"displayText":"Record","postback":{"data":"rec"}}}""";
    static final String DEVICE = """
            {"action":{"deviceAction":{"requestDeviceSpecifics":{}},"displayText":"Device","postback":{"data":"device"}}}""";
    static final String ANONYMIZATION = """
            {"action":{"settingsAction":{"disableAnonymization":{}},"displayText":"Share number","postback":{"data":"anon"}}}""";
    static final String NOTIFICATIONS = """
            {"action":{"settingsAction":{"enableDisplayedNotifications":{}},"displayText":"Read receipts","postback":{"data":"notif"}}}""";

    @Test
    void everyRequestShapeOfTheSdkIsAnsweredJson2xx() throws Exception {
        // a user writes first: the bot's reply() sends to the messageContact of that event, chatId and all
        String userMsg = rig.platform().userSends("bot1", USER, "hello");
        JsonNode event = eventFromUser();
        JsonNode contact = event.get("messageContact");
        assertThat(contact.get("chatId").isTextual()).isTrue();

        String to = "{\"userContact\":\"" + USER + "\"}";
        send("text with every action (1)", "m-chips-1", to, """
                "textMessage":"Choose","suggestedChipList":{"suggestions":[%s,%s,%s,%s,%s,%s,%s]}"""
                .formatted(REPLY, URL, DIAL, ENRICHED, VIDEO, LOCATION_PUSH, SHOW_LOCATION));
        send("text with every action (2)", "m-chips-2", contact.toString(), """
                "textMessage":"Choose","suggestedChipList":{"suggestions":[%s,%s,%s,%s,%s,%s]}"""
                .formatted(CALENDAR, COMPOSE, RECORDING, DEVICE, ANONYMIZATION, NOTIFICATIONS));
        send("fileMessage with nulls", "m-file", to, """
                "fileMessage":{"fileUrl":"https://cdn.example.com/a.pdf","fileName":null,"fileMIMEType":null,"fileSize":null,
                "thumbnailUrl":null,"thumbnailFileName":null,"thumbnailMIMEType":null,"thumbnailFileSize":null}""");
        send("audioMessage with nulls", "m-audio", to, """
                "audioMessage":{"fileUrl":"https://cdn.example.com/a.mp3","fileName":null,"fileMIMEType":null,"fileSize":null,
                "playingLength":null}""");
        send("geolocationPushMessage with nulls", "m-geo", to, """
                "geolocationPushMessage":{"pos":"51.5074 -0.1278","label":null,"timestamp":null,"expiry":null,"timeOffset":null,
                "radius":null}""");
        send("vertical card", "m-card", to, """
                "richcardMessage":{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{
                "media":{"mediaUrl":"https://cdn.example.com/p.jpg","mediaContentType":"image/jpeg","mediaFileSize":48213,
                "height":"MEDIUM_HEIGHT"},"title":"Your parcel","description":"Arrives tomorrow","suggestions":[%s,%s]}}}},
                "suggestedChipList":{"suggestions":[%s]}""".formatted(REPLY, URL, DIAL));
        send("horizontal card", "m-card-h", to, """
                "richcardMessage":{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"HORIZONTAL","imageAlignment":"LEFT"},
                "content":{"media":{"mediaUrl":"https://cdn.example.com/p.jpg","mediaContentType":"image/jpeg",
                "thumbnailUrl":"https://cdn.example.com/t.jpg","thumbnailContentType":"image/jpeg","height":"SHORT_HEIGHT"},
                "title":"Sale"}}}}""");
        send("carousel", "m-carousel", to, """
                "richcardMessage":{"message":{"generalPurposeCardCarousel":{"layout":{"cardWidth":"MEDIUM_WIDTH"},"content":[
                {"title":"One","description":"First","suggestions":[%s]},{"title":"Two","media":{"mediaUrl":"https://cdn.example.com/2.jpg",
                "mediaContentType":"image/jpeg","height":"TALL_HEIGHT"}}]}}}""".formatted(REPLY));

        assertJson2xx("startTyping", rig.send("{\"RCSMessage\":{\"isTyping\":\"active\"},\"messageContact\":" + to + "}"));
        assertJson2xx("stopTyping", rig.send("{\"RCSMessage\":{\"isTyping\":\"idle\"},\"messageContact\":" + contact + "}"));

        String base = "http://127.0.0.1:" + rig.port + "/rcs/bot/v1/bot1";
        assertJson2xx("getMessageStatus", call("GET", base + "/messages/m-card/status", rig.token, null, null));
        assertJson2xx("updateMessageStatus cancelled", call("PUT", base + "/messages/m-geo/status", rig.token,
                "application/json", "{\"RCSMessage\":{\"status\":\"cancelled\"}}".getBytes(StandardCharsets.UTF_8)));
        assertJson2xx("updateMessageStatus displayed", call("PUT", base + "/messages/" + userMsg + "/status", rig.token,
                "application/json", "{\"RCSMessage\":{\"status\":\"displayed\"}}".getBytes(StandardCharsets.UTF_8)));
        assertJson2xx("getContactCapabilities by number", call("GET", base + "/contactCapabilities?userContact=%2B447700900011",
                rig.token, null, null));
        assertJson2xx("getContactCapabilities by chatId", call("GET", base + "/contactCapabilities?chatId="
                + contact.get("chatId").asText(), rig.token, null, null));

        // uploadFile as the SDK builds its form: fileType, until (ISO), fileContent from a file on disk
        HttpResponse<String> up = upload(base + "/files", "image/jpeg", Instant.now().plus(Duration.ofDays(30)).toString(),
                "photo.jpg", new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3, 4});
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(up.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        tried.add("uploadFile");
        JsonNode file = JSON.readTree(up.body());
        String fileId = file.get("fileId").asText();
        assertJson2xx("getFile", call("GET", base + "/files/" + fileId, rig.token, null, null));
        send("fileMessage of an uploaded file", "m-uploaded", to, """
                "fileMessage":{"fileUrl":"%s","fileName":null,"fileMIMEType":null,"fileSize":null,"thumbnailUrl":null,
                "thumbnailFileName":null,"thumbnailMIMEType":null,"thumbnailFileSize":null}"""
                .formatted(file.at("/fileInfo/0/fileUrl").asText()));
        assertJson2xx("deleteFile", call("DELETE", base + "/files/" + fileId, rig.token, null, null));

        assertThat(tried).hasSize(19);
        await("the platform got every message", 10_000, () -> rig.platform().received().stream()
                .filter(r -> r.msgId().startsWith("m-")).count() >= 8);
    }

    private void send(String what, String msgId, String contact, String content) throws Exception {
        assertJson2xx(what, rig.send("{\"RCSMessage\":{\"msgId\":\"" + msgId + "\"," + content + "},\"messageContact\":" + contact + "}"));
    }

    private void assertJson2xx(String what, Reply r) {
        assertThat(r.status()).as(what + ": " + r.body()).isBetween(200, 299);
        assertThat(r.contentType()).as(what).startsWith("application/json");
        assertThat(r.body()).as(what).isNotNull();
        tried.add(what);
    }

    private JsonNode eventFromUser() throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        await("the user's message relayed", 5000, () -> {
            found[0] = rig.hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
                    .map(r -> io(() -> JSON.readTree(r.getBody())))
                    .filter(n -> n.path("event").asText().equals("message")).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private HttpResponse<String> upload(String url, String fileType, String until, String name, byte[] bytes) throws Exception {
        String boundary = "--------------------------" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][]{{"fileType", fileType}, {"until", until}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n" + field[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"fileContent\"; filename=\"" + name
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", rig.token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
