package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rules.content.ContentLimits;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.content.RichMessage.Suggestion.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The send-message body: every MaaP content type, and each shape error named by its field. */
class MessageRequestParserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final MessageRequestParser parser = new MessageRequestParser(JSON, ContentLimits.DEFAULT);

    MessageRequestParser.Parsed parse(String rcsMessage) {
        String body = "{\"RCSMessage\":" + rcsMessage + ",\"messageContact\":{\"userContact\":\"+447700900123\"}}";
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainTextIsStoredAsTextOnly() {
        var p = parse("{\"msgId\":\"a\",\"textMessage\":\"Hello\"}");
        assertThat(p.problem()).isNull();
        assertThat(p.message().smsText()).isNull();
        assertThat(p.message().rich()).isEqualTo(io.rcsgw.rules.content.RichMessage.text("Hello"));
        assertThat(p.message().content()).isNull();
        assertThat(p.message().extensions()).isEqualTo(io.rcsgw.rcs.api.OutboundMessage.Extensions.NONE);
    }

    @Test
    void richContentIsKeptForRcsAndRenderedForSms() throws Exception {
        var p = parse("""
                {"fileMessage":{"fileUrl":"https://cdn.example/a.jpg","fileMIMEType":"image/jpeg","fileSize":2048,
                  "thumbnailUrl":"https://cdn.example/a-t.jpg","thumbnailMIMEType":"image/jpeg"},
                 "suggestedChipList":{"suggestions":[
                   {"action":{"displayText":"Visit","urlAction":{"openUrl":{"url":"https://example.com"}}}},
                   {"action":{"displayText":"Meet","calendarAction":{"createCalendarEvent":{"startTime":"2026-12-01T09:00:00Z","endTime":"2026-12-01T10:00:00Z","title":"Meeting"}}}},
                   {"action":{"displayText":"Write","composeAction":{"composeTextMessage":{"phoneNumber":"+447700900123","text":"hi"}}}},
                   {"action":{"displayText":"Where","mapAction":{"showLocation":{"location":{"latitude":51.5,"longitude":-0.12}}},"fallbackUrl":"https://maps.example/x"}}]}}""");
        assertThat(p.problem()).isNull();
        assertThat(p.message().smsText()).isNull(); // the gateway renders it, under its rules
        assertThat(p.message().rich().chips()).hasSize(4);
        var stored = JSON.readTree(p.message().content());
        assertThat(stored.at("/RCSMessage/fileMessage/fileSize").asInt()).isEqualTo(2048);
        assertThat(stored.at("/RCSMessage/msgId").isMissingNode()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two contents|{\"textMessage\":\"a\",\"fileMessage\":{}}|RCSMessage.fileMessage",
            "file without url|{\"fileMessage\":{\"fileMIMEType\":\"image/png\"}}|RCSMessage.fileMessage.fileUrl",
            "file url not http|{\"fileMessage\":{\"fileUrl\":\"ftp://x/y\",\"fileMIMEType\":\"image/png\"}}|RCSMessage.fileMessage.fileUrl",
            "bad mime|{\"fileMessage\":{\"fileUrl\":\"https://x/y\",\"fileMIMEType\":\"png\"}}|RCSMessage.fileMessage.fileMIMEType",
            "carousel of one|{\"richcardMessage\":{\"message\":{\"generalPurposeCardCarousel\":{\"layout\":{\"cardWidth\":\"MEDIUM_WIDTH\"},\"content\":[{\"title\":\"a\"}]}}}}|RCSMessage.richcardMessage.message.generalPurposeCardCarousel.content",
            "bad card width|{\"richcardMessage\":{\"message\":{\"generalPurposeCardCarousel\":{\"layout\":{\"cardWidth\":\"HUGE\"},\"content\":[{\"title\":\"a\"},{\"title\":\"b\"}]}}}}|RCSMessage.richcardMessage.message.generalPurposeCardCarousel.layout.cardWidth",
            "bad orientation|{\"richcardMessage\":{\"message\":{\"generalPurposeCard\":{\"layout\":{\"cardOrientation\":\"DIAGONAL\"},\"content\":{\"title\":\"a\"}}}}}|RCSMessage.richcardMessage.message.generalPurposeCard.layout.cardOrientation",
            "alignment on vertical|{\"richcardMessage\":{\"message\":{\"generalPurposeCard\":{\"layout\":{\"cardOrientation\":\"VERTICAL\",\"imageAlignment\":\"LEFT\"},\"content\":{\"title\":\"a\"}}}}}|RCSMessage.richcardMessage.message.generalPurposeCard.layout.imageAlignment",
            "bad media height|{\"richcardMessage\":{\"message\":{\"generalPurposeCard\":{\"content\":{\"media\":{\"mediaUrl\":\"https://x/y.png\",\"mediaContentType\":\"image/png\",\"height\":\"HUGE\"}}}}}}|RCSMessage.richcardMessage.message.generalPurposeCard.content.media.height",
            "empty card|{\"richcardMessage\":{\"message\":{\"generalPurposeCard\":{\"content\":{}}}}}|RCSMessage.richcardMessage.message.generalPurposeCard.content",
            "card suggestions 5|{\"richcardMessage\":{\"message\":{\"generalPurposeCard\":{\"content\":{\"title\":\"a\",\"suggestions\":[{\"reply\":{\"displayText\":\"1\"}},{\"reply\":{\"displayText\":\"2\"}},{\"reply\":{\"displayText\":\"3\"}},{\"reply\":{\"displayText\":\"4\"}},{\"reply\":{\"displayText\":\"5\"}}]}}}}}|RCSMessage.richcardMessage.message.generalPurposeCard.content.suggestions",
            "suggestion both|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"reply\":{\"displayText\":\"x\"},\"action\":{}}]}}|RCSMessage.suggestedChipList.suggestions[0]",
            "action kind missing|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\"}}]}}|RCSMessage.suggestedChipList.suggestions[0].action",
            "dial without number|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"dialerAction\":{\"dialPhoneNumber\":{}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.dialerAction.dialPhoneNumber.phoneNumber",
            "calendar bad time|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"calendarAction\":{\"createCalendarEvent\":{\"startTime\":\"tomorrow\",\"endTime\":\"2026-12-01T10:00:00Z\",\"title\":\"t\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.calendarAction.createCalendarEvent.startTime",
            "latitude out of range|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"mapAction\":{\"showLocation\":{\"location\":{\"latitude\":91,\"longitude\":0}}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.mapAction.showLocation.location.latitude",
            "unknown extension|{\"textMessage\":\"a\"}|gateway.colour",
            "chip list without suggestions|{\"textMessage\":\"a\",\"suggestedChipList\":{}}|RCSMessage.suggestedChipList.suggestions",
            "two dialer variants|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"dialerAction\":{\"dialPhoneNumber\":{\"phoneNumber\":\"+441\"},\"dialVideoCall\":{\"phoneNumber\":\"+441\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.dialerAction",
            "two action kinds|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"deviceAction\":{\"requestDeviceSpecifics\":{}},\"settingsAction\":{\"disableAnonymization\":{}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action",
            "settings without a variant|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"settingsAction\":{}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.settingsAction",
            "recording of a bad type|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"composeAction\":{\"composeRecordingMessage\":{\"phoneNumber\":\"+441234\",\"type\":\"PHOTO\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.composeAction.composeRecordingMessage.type",
            "dial a word|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"dialerAction\":{\"dialEnrichedCall\":{\"phoneNumber\":\"call me\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.dialerAction.dialEnrichedCall.phoneNumber",
            "subject too long|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"dialerAction\":{\"dialEnrichedCall\":{\"phoneNumber\":\"+441234\",\"subject\":\"0123456789012345678901234567890123456789012345678901234567890\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.dialerAction.dialEnrichedCall.subject",
            "event ends before it starts|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"calendarAction\":{\"createCalendarEvent\":{\"startTime\":\"2026-12-01T10:00:00Z\",\"endTime\":\"2026-12-01T09:00:00Z\",\"title\":\"t\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.calendarAction.createCalendarEvent.endTime",
            "view mode in a browser|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"urlAction\":{\"openUrl\":{\"url\":\"https://x.example\",\"webviewViewMode\":\"HALF\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.urlAction.openUrl.webviewViewMode",
            "variant fallback not a url|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"action\":{\"displayText\":\"x\",\"dialerAction\":{\"dialVideoCall\":{\"phoneNumber\":\"+441234\",\"fallbackUrl\":\"javascript:alert(1)\"}}}}]}}|RCSMessage.suggestedChipList.suggestions[0].action.dialerAction.dialVideoCall.fallbackUrl",
            "audio without url|{\"audioMessage\":{\"fileMIMEType\":\"audio/mp4\"}}|RCSMessage.audioMessage.fileUrl",
            "audio of a picture|{\"audioMessage\":{\"fileUrl\":\"https://x/y.png\",\"fileMIMEType\":\"image/png\"}}|RCSMessage.audioMessage.fileMIMEType",
            "audio length negative|{\"audioMessage\":{\"fileUrl\":\"https://x/y.m4a\",\"playingLength\":-1}}|RCSMessage.audioMessage.playingLength",
            "location without pos|{\"geolocationPushMessage\":{\"label\":\"x\"}}|RCSMessage.geolocationPushMessage.pos",
            "location pos of one number|{\"geolocationPushMessage\":{\"pos\":\"51.5\"}}|RCSMessage.geolocationPushMessage.pos",
            "location off the globe|{\"geolocationPushMessage\":{\"pos\":\"95 0\"}}|RCSMessage.geolocationPushMessage.pos",
            "location radius negative|{\"geolocationPushMessage\":{\"pos\":\"51.5 0\",\"radius\":-3}}|RCSMessage.geolocationPushMessage.radius",
            "location expiry not a time|{\"geolocationPushMessage\":{\"pos\":\"51.5 0\",\"expiry\":\"soon\"}}|RCSMessage.geolocationPushMessage.expiry",
    })
    void shapeErrorsNameTheField(String name, String rcsMessage, String field) {
        String body = "{\"RCSMessage\":" + rcsMessage + ",\"messageContact\":{\"userContact\":\"+447700900123\"}"
                + (field.equals("gateway.colour") ? ",\"gateway\":{\"colour\":\"red\"}" : "") + "}";
        var p = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(p.problem()).as(name).isNotNull();
        assertThat(p.problem().status()).isEqualTo(400);
        assertThat(p.problem().field()).isEqualTo(field);
    }

    @Test
    void everyMaapSuggestionKindIsReadWithWhatItActsOn() {
        var p = parse("""
                {"textMessage":"How can we help?","suggestedChipList":{"suggestions":[
                  {"reply":{"displayText":"Hi","postback":{"data":"hi"}}},
                  {"action":{"displayText":"Web","urlAction":{"openUrl":{"url":"https://x.example","application":"webview","webviewViewMode":"TALL"}}}},
                  {"action":{"displayText":"Call","dialerAction":{"dialPhoneNumber":{"phoneNumber":"+441234567890","fallbackUrl":"https://x.example/call"}}}},
                  {"action":{"displayText":"Enriched","dialerAction":{"dialEnrichedCall":{"phoneNumber":"+441234567891","subject":"Order 1","fallbackUrl":null}}}},
                  {"action":{"displayText":"Video","dialerAction":{"dialVideoCall":{"phoneNumber":"+441234567892"}}}},
                  {"action":{"displayText":"Where","mapAction":{"showLocation":{"location":{"query":"Depot, London"}}}}},
                  {"action":{"displayText":"Share","mapAction":{"requestLocationPush":{}}}},
                  {"action":{"displayText":"Remind","calendarAction":{"createCalendarEvent":{"startTime":"2026-12-01T09:00:00Z","endTime":"2026-12-01T09:00:00Z","title":"Call","description":null}}}},
                  {"action":{"displayText":"Write","composeAction":{"composeTextMessage":{"phoneNumber":"+441234","text":"STOP"}}}},
                  {"action":{"displayText":"Record","composeAction":{"composeRecordingMessage":{"phoneNumber":"+44 1234 (5)","type":"VIDEO"}}}},
                  {"action":{"displayText":"Device","deviceAction":{"requestDeviceSpecifics":{}},"fallbackUrl":"https://x.example/d"}}]}}""");
        assertThat(p.problem()).isNull();
        assertThat(p.message().rich().chips()).extracting(s -> s.kind(), s -> s.target(), s -> s.fallbackUrl()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.REPLY, null, null),
                org.assertj.core.groups.Tuple.tuple(Kind.OPEN_URL, "https://x.example", null),
                org.assertj.core.groups.Tuple.tuple(Kind.DIAL, "+441234567890", "https://x.example/call"),
                org.assertj.core.groups.Tuple.tuple(Kind.DIAL_ENRICHED_CALL, "+441234567891", null),
                org.assertj.core.groups.Tuple.tuple(Kind.DIAL_VIDEO_CALL, "+441234567892", null),
                org.assertj.core.groups.Tuple.tuple(Kind.SHOW_LOCATION, "Depot, London", null),
                org.assertj.core.groups.Tuple.tuple(Kind.REQUEST_LOCATION, null, null),
                org.assertj.core.groups.Tuple.tuple(Kind.CALENDAR_EVENT, "Call", null),
                org.assertj.core.groups.Tuple.tuple(Kind.COMPOSE_TEXT, "STOP", null),
                org.assertj.core.groups.Tuple.tuple(Kind.COMPOSE_RECORDING, "+44 1234 (5)", null),
                org.assertj.core.groups.Tuple.tuple(Kind.REQUEST_DEVICE_SPECIFICS, null, "https://x.example/d"));
        var settings = parse("""
                {"textMessage":"a","suggestedChipList":{"suggestions":[
                  {"action":{"displayText":"Number","settingsAction":{"disableAnonymization":{}}}},
                  {"action":{"displayText":"Receipts","settingsAction":{"enableDisplayedNotifications":{}}}}]}}""");
        assertThat(settings.message().rich().chips()).extracting(s -> s.kind())
                .containsExactly(Kind.DISABLE_ANONYMIZATION, Kind.ENABLE_DISPLAYED_NOTIFICATIONS);
    }

    @Test
    void audioAndLocationAreContentOfTheirOwn() throws Exception {
        var audio = parse("""
                {"audioMessage":{"fileUrl":"https://cdn.example/w.m4a","fileName":"Welcome","fileMIMEType":"audio/mp4",
                 "fileSize":81234,"playingLength":12}}""");
        assertThat(audio.problem()).isNull();
        assertThat(audio.message().rich().content())
                .isEqualTo(new RichMessage.Audio("https://cdn.example/w.m4a", "audio/mp4", 81234, "Welcome", 12));
        assertThat(JSON.readTree(audio.message().content()).at("/RCSMessage/audioMessage/playingLength").asInt()).isEqualTo(12);
        var location = parse("""
                {"geolocationPushMessage":{"pos":"51.5033 -0.1196","label":"Our shop","radius":25.5,
                 "timestamp":"2026-12-01T09:00:00Z","expiry":null,"timeOffset":60}}""");
        assertThat(location.problem()).isNull();
        assertThat(location.message().rich().content()).isEqualTo(new RichMessage.Location(51.5033, -0.1196, "Our shop", 25.5));
        // a MaaP SDK's file with every optional field null
        var file = parse("""
                {"fileMessage":{"fileUrl":"https://cdn.example/a.pdf","fileName":null,"fileMIMEType":null,"fileSize":null,
                 "thumbnailUrl":null,"thumbnailFileName":null,"thumbnailMIMEType":null,"thumbnailFileSize":null}}""");
        assertThat(file.problem()).isNull();
        assertThat(file.message().rich().content()).isEqualTo(new RichMessage.File("https://cdn.example/a.pdf", null, 0, null, null));
    }

    @Test
    void theGatewayExtensionsAreReadAndKept() throws Exception {
        String body = """
                {"RCSMessage":{"msgId":"x","textMessage":"Your code is 1234","expiry":"2026-12-01T12:05:00+01:00"},
                 "messageContact":{"userContact":"+447700900123"},
                 "gateway":{"smsText":"Code 1234","trafficType":"authentication","tags":["otp","uk"],"channel":"rcs-first",
                            "fallbackAfter":"30s","upgrade":false,"clientContext":"c-1"}}""";
        var p = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(p.problem()).isNull();
        var e = p.message().extensions();
        assertThat(e.trafficType()).isEqualTo("authentication");
        assertThat(e.tags()).containsExactlyInAnyOrder("otp", "uk");
        assertThat(e.channel()).isEqualTo(io.rcsgw.rules.routing.ChannelPolicy.RCS_FIRST);
        assertThat(e.fallbackAfter()).hasSeconds(30);
        assertThat(e.expiry()).isEqualTo(java.time.Instant.parse("2026-12-01T11:05:00Z"));
        assertThat(e.expiryField()).isEqualTo("RCSMessage.expiry");
        assertThat(p.message().smsText()).isEqualTo("Code 1234");
        assertThat(p.message().clientContext()).isEqualTo("c-1");
        var stored = JSON.readTree(p.message().content());
        assertThat(stored.at("/gateway/tags/1").asText()).isEqualTo("uk");
        assertThat(stored.at("/RCSMessage/expiry").asText()).isEqualTo("2026-12-01T12:05:00+01:00");
        var ttl = parser.parse("""
                {"RCSMessage":{"textMessage":"x"},"messageContact":{"userContact":"+447700900123"},"gateway":{"ttl":"10m"}}"""
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ttl.message().extensions().ttl()).hasMinutes(10);
        assertThat(ttl.message().extensions().expiryField()).isEqualTo("gateway.ttl");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "channel unknown|{\"channel\":\"carrier-pigeon\"}|gateway.channel",
            "fallbackAfter not a duration|{\"fallbackAfter\":\"soon\"}|gateway.fallbackAfter",
            "fallbackAfter zero|{\"fallbackAfter\":\"0s\"}|gateway.fallbackAfter",
            "ttl too long|{\"ttl\":\"31d\"}|gateway.ttl",
            "tags not a list|{\"tags\":\"otp\"}|gateway.tags",
            "tag with spaces|{\"tags\":[\"ok\",\"not ok\"]}|gateway.tags[1]",
            "upgrade not boolean|{\"upgrade\":\"yes\"}|gateway.upgrade",
            "traffic type unknown|{\"trafficType\":\"spam\"}|gateway.trafficType",
    })
    void extensionErrorsNameTheField(String name, String gateway, String field) {
        String body = "{\"RCSMessage\":{\"textMessage\":\"a\"},\"messageContact\":{\"userContact\":\"+447700900123\"},"
                + "\"gateway\":" + gateway + "}";
        var p = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(p.problem()).as(name).isNotNull();
        assertThat(p.problem().field()).isEqualTo(field);
    }

    @Test
    void expiryAndTtlTogetherAreRefused() {
        var p = parse("{\"textMessage\":\"a\",\"expiry\":\"2026-12-01T12:00:00Z\"}");
        assertThat(p.problem()).isNull();
        String both = "{\"RCSMessage\":{\"textMessage\":\"a\",\"expiry\":\"2026-12-01T12:00:00Z\"},"
                + "\"messageContact\":{\"userContact\":\"+447700900123\"},\"gateway\":{\"ttl\":\"1m\"}}";
        assertThat(parser.parse(both.getBytes(StandardCharsets.UTF_8)).problem().field()).isEqualTo("gateway.ttl");
        assertThat(parse("{\"textMessage\":\"a\",\"expiry\":\"tomorrow\"}").problem().field()).isEqualTo("RCSMessage.expiry");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in the text|{\"textMessage\":\"a\\u0000b\"}|RCSMessage.textMessage",
            "a lone high surrogate|{\"textMessage\":\"a\\ud800b\"}|RCSMessage.textMessage",
            "a lone low surrogate in a chip|{\"textMessage\":\"a\",\"suggestedChipList\":{\"suggestions\":[{\"reply\":{\"displayText\":\"\\udc00\"}}]}}|RCSMessage.suggestedChipList.suggestions[0].reply.displayText",
            "NUL in the msgId|{\"msgId\":\"a\\u0000\",\"textMessage\":\"a\"}|RCSMessage.msgId",
    })
    void nulAndUnpairedSurrogatesAreRefusedNamingTheField(String name, String rcsMessage, String field) {
        var p = parse(rcsMessage);
        assertThat(p.problem()).as(name).isNotNull();
        assertThat(p.problem().status()).isEqualTo(400);
        assertThat(p.problem().field()).isEqualTo(field);
        // a pair is fine
        assertThat(parse("{\"textMessage\":\"\\ud83d\\ude00\"}").problem()).isNull();
    }

    @Test
    void duplicateKeysAndTrailingDataAreRefused() {
        byte[] dup = "{\"RCSMessage\":{\"msgId\":\"a\",\"msgId\":\"b\",\"textMessage\":\"x\"},\"messageContact\":{\"userContact\":\"+447700900123\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(dup).problem().type()).endsWith("/malformed-json");
        byte[] trailing = "{\"RCSMessage\":{\"textMessage\":\"x\"},\"messageContact\":{\"userContact\":\"+447700900123\"}} {}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(trailing).problem().type()).endsWith("/malformed-json");
    }

    @Test
    void anExplicitNullIsAnAbsentField() throws Exception {
        var p = parse("{\"msgId\":null,\"chatId\":null,\"textMessage\":\"hi\",\"suggestedChipList\":{\"suggestions\":[{\"action\":"
                + "{\"displayText\":\"Go\",\"urlAction\":{\"openUrl\":{\"url\":\"https://x.example\"}},\"dialerAction\":null,"
                + "\"fallbackUrl\":null,\"postback\":null}}]}}");
        assertThat(p.problem()).isNull();
        assertThat(p.message().clientMsgId()).isNull();
        assertThat(JSON.readTree(p.message().content()).toString()).doesNotContain("null");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"semicolon|a;b", "brace|a{b", "quote|a\"b", "percent|a%20b", "backslash|a\\b",
            "dot|.", "dots|..", "space|a b", "accent|caf\u00e9", "Arabic-Indic digit|a\u0663", "colon|a:b", "at|a@b", "slash|a/b", "too long|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void aMsgIdIsUnreservedCharactersOnly(String name, String id) {
        var p = parse("{\"msgId\":" + JSON.valueToTree(id) + ",\"textMessage\":\"x\"}");
        assertThat(p.problem()).as(name).isNotNull();
        assertThat(p.problem().field()).isEqualTo("RCSMessage.msgId");
        assertThat(parse("{\"msgId\":\"Az09-._~\",\"textMessage\":\"x\"}").problem()).isNull();
    }

    @Test
    void isTypingIsNotAMessage() {
        var p = parse("{\"isTyping\":\"active\"}");
        assertThat(p.typingTo()).isEqualTo("+447700900123");
        assertThat(p.message()).isNull();
        assertThat(p.typingActive()).isTrue();
        var idle = parse("{\"isTyping\":\"idle\",\"msgId\":\"t-1\"}");
        assertThat(idle.typingTo()).isEqualTo("+447700900123");
        assertThat(idle.typingActive()).isFalse();
        assertThat(parse("{\"isTyping\":\"busy\"}").problem().field()).isEqualTo("RCSMessage.isTyping");
        assertThat(parse("{\"isTyping\":\"idle\",\"textMessage\":\"x\"}").problem().field()).isEqualTo("RCSMessage.textMessage");
    }
}
