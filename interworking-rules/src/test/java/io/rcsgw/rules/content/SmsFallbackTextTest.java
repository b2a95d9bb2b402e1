package io.rcsgw.rules.content;

import io.rcsgw.rules.content.RichMessage.Suggestion;
import io.rcsgw.rules.content.RichMessage.Suggestion.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsFallbackTextTest {

    static Suggestion reply(String text) {
        return new Suggestion(Kind.REPLY, text, text.toLowerCase(), null, null);
    }

    @Test
    void plainTextStaysAsItIs() {
        assertThat(SmsFallbackText.render(RichMessage.text("Hello"))).isEqualTo("Hello");
    }

    @Test
    void textWithRepliesAndActionsListsWhatAHandsetCanActOn() {
        RichMessage m = new RichMessage(new RichMessage.Text("Your parcel is out for delivery."), List.of(
                reply("Yes"), reply("No"), reply("Later"),
                new Suggestion(Kind.OPEN_URL, "Track", null, "https://t.example/1", null),
                new Suggestion(Kind.DIAL, "Call us", null, "+441234567890", null),
                new Suggestion(Kind.SHOW_LOCATION, "Depot", null, "51.5,-0.1", "https://maps.example/depot"),
                new Suggestion(Kind.REQUEST_LOCATION, "Share location", null, null, null)));
        assertThat(SmsFallbackText.render(m)).isEqualTo("""
                Your parcel is out for delivery.
                Track: https://t.example/1
                Call us: +441234567890
                Depot: https://maps.example/depot
                Share location
                Reply Yes, No or Later""");
    }

    @Test
    void aFileIsItsNameAndLink() {
        assertThat(SmsFallbackText.render(new RichMessage(new RichMessage.File("https://cdn.example/t.pdf", "application/pdf", 10,
                "Ticket", null), List.of()))).isEqualTo("Ticket: https://cdn.example/t.pdf");
        assertThat(SmsFallbackText.render(new RichMessage(new RichMessage.File("https://cdn.example/t.pdf", "application/pdf", 10,
                null, null), List.of()))).isEqualTo("https://cdn.example/t.pdf");
    }

    @Test
    void aCarouselNumbersItsCardsWithTheirOwnSuggestions() {
        RichMessage.Card a = new RichMessage.Card("Red shoes", "Size 42", new RichMessage.Media("https://cdn.example/r.png",
                "image/png", null), List.of(new Suggestion(Kind.OPEN_URL, "Buy", null, "https://shop.example/r", null)));
        RichMessage.Card b = new RichMessage.Card("Blue shoes", null, null, List.of());
        assertThat(SmsFallbackText.render(new RichMessage(new RichMessage.RichCard(true, List.of(a, b)), List.of(reply("More")))))
                .isEqualTo("""
                        1) Red shoes
                        Size 42
                        https://cdn.example/r.png
                        Buy: https://shop.example/r

                        2) Blue shoes
                        Reply More""");
    }
}
