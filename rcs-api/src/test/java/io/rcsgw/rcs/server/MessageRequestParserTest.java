package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rules.content.ContentLimits;
import io.rcsgw.rules.sms.SmsProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The send-message body: every MaaP content type, and each shape error named by its field. */
class MessageRequestParserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final MessageRequestParser parser = new MessageRequestParser(JSON, 10, SmsProfile.DEFAULT, ContentLimits.DEFAULT);

    MessageRequestParser.Parsed parse(String rcsMessage) {
        String body = "{\"RCSMessage\":" + rcsMessage + ",\"messageContact\":{\"userContact\":\"+447700900123\"}}";
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainTextIsStoredAsTextOnly() {
        var p = parse("{\"msgId\":\"a\",\"textMessage\":\"Hello\"}");
        assertThat(p.problem()).isNull();
        assertThat(p.message().smsText()).isEqualTo("Hello");
        assertThat(p.message().content()).isNull();
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
        assertThat(p.message().smsText()).isEqualTo("""
                https://cdn.example/a.jpg
                1 Visit: https://example.com
                2 Meet
                3 Write: hi
                4 Where: https://maps.example/x""");
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
    void richContentWhoseSmsTextIsTooLongMustGiveAShorterOne() {
        String description = "d".repeat(1990);
        String card = "{\"richcardMessage\":{\"message\":{\"generalPurposeCard\":{\"content\":{\"title\":\"t\",\"description\":\""
                + description + "\"}}}}}";
        var p = parse(card);
        assertThat(p.problem().field()).isEqualTo("gateway.smsText");
        assertThat(p.problem().detail()).contains("give a shorter gateway.smsText");
        String withSms = "{\"RCSMessage\":" + card + ",\"messageContact\":{\"userContact\":\"+447700900123\"},"
                + "\"gateway\":{\"smsText\":\"See https://x.example/1\",\"trafficType\":\"transaction\"}}";
        var ok = parser.parse(withSms.getBytes(StandardCharsets.UTF_8));
        assertThat(ok.problem()).isNull();
        assertThat(ok.message().smsText()).isEqualTo("See https://x.example/1");
    }

    @Test
    void isTypingIsNotAMessage() {
        var p = parse("{\"isTyping\":\"active\"}");
        assertThat(p.typingTo()).isEqualTo("+447700900123");
        assertThat(p.message()).isNull();
        assertThat(parse("{\"isTyping\":\"idle\"}").problem().field()).isEqualTo("RCSMessage.isTyping");
    }
}
