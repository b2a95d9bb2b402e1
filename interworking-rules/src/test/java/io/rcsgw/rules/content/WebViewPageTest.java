package io.rcsgw.rules.content;

import io.rcsgw.rules.content.RichMessage.Suggestion;
import io.rcsgw.rules.content.RichMessage.Suggestion.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebViewPageTest {

    @Test
    void aCardBecomesAPageWithButtons() {
        RichMessage.Card c = new RichMessage.Card("Winter <sale>", "Up to 50% off", new RichMessage.Media(
                "https://cdn.example/s.png", "image/png", null), List.of(
                new Suggestion(Kind.OPEN_URL, "Shop now", null, "https://shop.example/sale", null),
                new Suggestion(Kind.DIAL, "Call", null, "+44 20 7946 0000", null),
                new Suggestion(Kind.SHOW_LOCATION, "Store", null, "51.5,-0.12", null)));
        String html = WebViewPage.render(new RichMessage(new RichMessage.RichCard(false, List.of(c)),
                List.of(new Suggestion(Kind.REPLY, "Stop", "stop", null, null))));
        assertThat(html).contains("<title>Winter &lt;sale&gt;</title>", "<h2>Winter &lt;sale&gt;</h2>",
                "<img src=\"https://cdn.example/s.png\"", "href=\"https://shop.example/sale\">Shop now</a>",
                "href=\"tel:+442079460000\">Call</a>", "maps/search/?api=1&amp;query=51.5%2C-0.12", "Stop (answer 4 by SMS)",
                "name=\"viewport\"").doesNotContain("<script");
    }

    @Test
    void aHostileLinkDoesNotBecomeALink() {
        RichMessage.Card c = new RichMessage.Card("x\"><script>alert(1)</script>", null, new RichMessage.Media(
                "javascript:alert(1)", "image/png", null), List.of(
                new Suggestion(Kind.OPEN_URL, "Go", null, "javascript:alert(1)", null)));
        String html = WebViewPage.render(new RichMessage(new RichMessage.RichCard(false, List.of(c)), List.of()));
        assertThat(html).doesNotContain("javascript:", "<script>").contains("&lt;script&gt;");
    }

    @Test
    void aCarouselIsARowOfCards() {
        RichMessage.Card a = new RichMessage.Card("One", null, null, List.of());
        RichMessage.Card b = new RichMessage.Card("Two", null, null, List.of());
        String html = WebViewPage.render(new RichMessage(new RichMessage.RichCard(true, List.of(a, b)), List.of()));
        assertThat(html).contains("class=\"carousel\"", "<h2>One</h2>", "<h2>Two</h2>");
    }

    @Test
    void theOtherActionsAndContentsGetTheirButtons() {
        String html = WebViewPage.render(new RichMessage(new RichMessage.Audio("https://cdn.example/w.m4a", "audio/mp4", 0,
                "Welcome", 12), List.of(
                new Suggestion(Kind.DIAL_VIDEO_CALL, "Video", null, "+44 20 7946 0001", null),
                new Suggestion(Kind.COMPOSE_RECORDING, "Voice note", null, "+442079460002", null),
                new Suggestion(Kind.REQUEST_DEVICE_SPECIFICS, "Device", null, null, null),
                new Suggestion(Kind.DISABLE_ANONYMIZATION, "Number", null, null, "https://x.example/why"),
                new Suggestion(Kind.REPLY, "Thanks", "t", null, null))));
        assertThat(html).contains("<audio controls src=\"https://cdn.example/w.m4a\">", "href=\"tel:+442079460001\">Video</a>",
                "href=\"sms:+442079460002\">Voice note</a>", "href=\"https://x.example/why\">Number</a>",
                "Thanks (answer 4 by SMS)").doesNotContain(">Device<");
        String location = WebViewPage.render(new RichMessage(new RichMessage.Location(51.5, -0.12, "Shop <1>", null), List.of()));
        assertThat(location).contains("<title>Shop &lt;1&gt;</title>", "maps/search/?api=1&amp;query=51.5%2C-0.12");
    }
}
