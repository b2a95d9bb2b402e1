package io.rcsgw.rules.content;

import io.rcsgw.rules.content.RichMessage.Suggestion;
import io.rcsgw.rules.content.RichMessage.Suggestion.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsRenderingTest {

    static Suggestion reply(String text) {
        return new Suggestion(Kind.REPLY, text, "pb-" + text.toLowerCase(), null, null);
    }

    @Test
    void plainTextIsSentByteForByte() {
        String text = "  Hello \n\n there  \r\n";
        assertThat(SmsRendering.render(RichMessage.text(text)).text()).isEqualTo(text);
        assertThat(SmsRendering.render(RichMessage.text(text)).suggestions()).isEmpty();
    }

    @Test
    void suggestionsAreNumberedLinesAndActionsShowWhatTheyOpen() {
        RichMessage m = new RichMessage(new RichMessage.Text("Your parcel is out for delivery."), List.of(
                reply("Yes"), reply("No"),
                new Suggestion(Kind.OPEN_URL, "Track", "pb-track", "https://t.example/1", null),
                new Suggestion(Kind.DIAL, "Call us", null, "+441234567890", null),
                new Suggestion(Kind.SHOW_LOCATION, "Depot", null, "51.5,-0.1", "https://maps.example/depot"),
                new Suggestion(Kind.REQUEST_LOCATION, "Share location", null, null, null)));
        RenderedSms r = SmsRendering.render(m);
        assertThat(r.text()).isEqualTo("""
                Your parcel is out for delivery.
                1 Yes
                2 No
                3 Track: https://t.example/1
                4 Call us: +441234567890
                5 Depot: https://maps.example/depot
                6 Share location""");
        assertThat(r.suggestions()).extracting(NumberedSuggestion::number, NumberedSuggestion::text,
                NumberedSuggestion::postback).startsWith(
                org.assertj.core.groups.Tuple.tuple(1, "Yes", "pb-yes"),
                org.assertj.core.groups.Tuple.tuple(2, "No", "pb-no"),
                org.assertj.core.groups.Tuple.tuple(3, "Track", "pb-track"));
    }

    @Test
    void everyActionShowsWhatAnSmsReaderCanUseAndClientOnlyOnesAreLeftOut() {
        RichMessage m = new RichMessage(new RichMessage.Text("Help?"), List.of(
                new Suggestion(Kind.DIAL_ENRICHED_CALL, "Call", null, "+441234567891", null),
                new Suggestion(Kind.DIAL_VIDEO_CALL, "Video", null, "+441234567892", "https://x.example/v"),
                new Suggestion(Kind.COMPOSE_RECORDING, "Voice note", "pb-voice", "+441234567893", null),
                new Suggestion(Kind.REQUEST_DEVICE_SPECIFICS, "Device", null, null, null),
                new Suggestion(Kind.DISABLE_ANONYMIZATION, "My number", null, null, null),
                new Suggestion(Kind.ENABLE_DISPLAYED_NOTIFICATIONS, "Receipts", null, null, "https://x.example/receipts"),
                new Suggestion(Kind.CALENDAR_EVENT, "Remind", null, "Call", null),
                reply("Yes")));
        RenderedSms r = SmsRendering.render(m);
        assertThat(r.text()).isEqualTo("""
                Help?
                1 Call: +441234567891
                2 Video: +441234567892
                3 Voice note: +441234567893
                4 Receipts: https://x.example/receipts
                5 Remind
                6 Yes""");
        assertThat(r.suggestions()).extracting(NumberedSuggestion::kind).containsExactly(Kind.DIAL_ENRICHED_CALL,
                Kind.DIAL_VIDEO_CALL, Kind.COMPOSE_RECORDING, Kind.ENABLE_DISPLAYED_NOTIFICATIONS, Kind.CALENDAR_EVENT, Kind.REPLY);
        // a template sees the same numbering
        assertThat(SmsRendering.render(m, SmsTemplate.compile("{{#suggestions}}[{{number}} {{text}}]{{/suggestions}}")).text())
                .isEqualTo("[1 Call][2 Video][3 Voice note][4 Receipts][5 Remind][6 Yes]");
    }

    @Test
    void anAudioMessageIsItsNameAndLinkAndALocationItsLabelAndAMapLink() {
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.Audio("https://cdn.example/w.m4a", "audio/mp4", 10,
                "Welcome", 12), List.of())).text()).isEqualTo("Welcome\nhttps://cdn.example/w.m4a");
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.Location(51.5033, -0.1196, "Our shop", null),
                List.of())).text()).isEqualTo("Our shop\nhttps://www.google.com/maps/search/?api=1&query=51.5033%2C-0.1196");
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.Location(-33.8568, 151.2153, null, 10.0),
                List.of())).text()).isEqualTo("https://www.google.com/maps/search/?api=1&query=-33.8568%2C151.2153");
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.Location(51.5, -0.1, "Shop", null), List.of()),
                SmsTemplate.compile("{{location.label}} {{location.mapUrl}}")).text())
                .isEqualTo("Shop https://www.google.com/maps/search/?api=1&query=51.5%2C-0.1");
    }

    @Test
    void aFileIsItsCaptionAndLink() {
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.File("https://cdn.example/t.pdf", "application/pdf", 10,
                "Ticket", null), List.of())).text()).isEqualTo("Ticket\nhttps://cdn.example/t.pdf");
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.File("https://cdn.example/t.pdf", "application/pdf", 10,
                null, null), List.of())).text()).isEqualTo("https://cdn.example/t.pdf");
    }

    @Test
    void aCardIsTitleDescriptionAndMedia() {
        RichMessage.Card c = new RichMessage.Card("Your order", "Arrives today", new RichMessage.Media(
                "https://cdn.example/o.png", "image/png", null), List.of(
                new Suggestion(Kind.OPEN_URL, "Track", null, "https://example.com/t/1", null)));
        assertThat(SmsRendering.render(new RichMessage(new RichMessage.RichCard(false, List.of(c)), List.of(reply("Thanks"))))
                .text()).isEqualTo("""
                Your order
                Arrives today
                https://cdn.example/o.png
                1 Track: https://example.com/t/1
                2 Thanks""");
    }

    @Test
    void aCarouselNumbersItsCardsAndTheirSuggestionsInReadingOrder() {
        RichMessage.Card a = new RichMessage.Card("Red shoes", "Size 42", new RichMessage.Media("https://cdn.example/r.png",
                "image/png", null), List.of(new Suggestion(Kind.OPEN_URL, "Buy", null, "https://shop.example/r", null)));
        RichMessage.Card b = new RichMessage.Card("Blue shoes", null, null, List.of(reply("Want")));
        RenderedSms r = SmsRendering.render(new RichMessage(new RichMessage.RichCard(true, List.of(a, b)), List.of(reply("More"))));
        assertThat(r.text()).isEqualTo("""
                1) Red shoes
                Size 42
                https://cdn.example/r.png
                1 Buy: https://shop.example/r

                2) Blue shoes
                2 Want
                3 More""");
        assertThat(r.suggestions()).extracting(NumberedSuggestion::postback).containsExactly(null, "pb-want", "pb-more");
    }

    @Test
    void aBotsTemplateRendersWithTheSameNumbering() {
        SmsTemplate t = SmsTemplate.compile("""
                {{#cards}}
                {{title}}{{#description}} - {{description}}{{/description}}
                {{#suggestions}}
                [{{number}}] {{text}}{{#target}} {{target}}{{/target}}
                {{/suggestions}}
                {{/cards}}
                {{#suggestions}}
                [{{number}}] {{text}}
                {{/suggestions}}
                {{^suggestions}}No options{{/suggestions}}""");
        RichMessage.Card c = new RichMessage.Card("Flight BA117 <delayed> & more", "New time 18:40", null,
                List.of(new Suggestion(Kind.OPEN_URL, "Details", null, "https://fly.example/117", null)));
        RenderedSms r = SmsRendering.render(new RichMessage(new RichMessage.RichCard(false, List.of(c)),
                List.of(reply("Rebook"))), t);
        assertThat(r.text()).isEqualTo("""
                Flight BA117 <delayed> & more - New time 18:40
                [1] Details https://fly.example/117
                [2] Rebook
                """);
        assertThat(r.suggestions()).extracting(NumberedSuggestion::postback).containsExactly(null, "pb-rebook");
    }
}
