package io.rcsgw.rules.content;

import java.util.List;
import java.util.Objects;

/**
 * What a bot sends, in the shape of the GSMA MaaP {@code RCSMessage}: one piece of content and
 * the suggestion chips shown under it. Pure data; the HTTP layer builds it from JSON and checks
 * it against {@link ContentLimits}, and {@link SmsRendering} turns it into SMS text.
 */
public record RichMessage(Content content, List<Suggestion> chips) {

    public RichMessage {
        Objects.requireNonNull(content, "content");
        chips = List.copyOf(chips);
    }

    public static RichMessage text(String text) {
        return new RichMessage(new Text(text), List.of());
    }

    /** The content types of MaaP: text, a file, or a rich card (standalone or carousel). */
    public sealed interface Content {
        /** The name of the content in the MaaP JSON, e.g. {@code textMessage}. */
        String maapName();
    }

    public record Text(String text) implements Content {
        @Override
        public String maapName() {
            return "textMessage";
        }
    }

    /** A file by reference: the platform fetches it. {@code size} in bytes, 0 when unknown. */
    public record File(String url, String mimeType, long size, String name, String thumbnailUrl) implements Content {
        @Override
        public String maapName() {
            return "fileMessage";
        }
    }

    /** A standalone card ({@code cards} has one) or a carousel of 2 to 10. */
    public record RichCard(boolean carousel, List<Card> cards) implements Content {
        public RichCard {
            cards = List.copyOf(cards);
        }

        @Override
        public String maapName() {
            return "richcardMessage";
        }
    }

    public record Card(String title, String description, Media media, List<Suggestion> suggestions) {
        public Card {
            suggestions = List.copyOf(suggestions);
        }
    }

    public record Media(String url, String mimeType, String height) {
    }

    /**
     * A chip: a reply (sends {@code postback} back) or an action. {@code target} is what the
     * action opens or uses: the URL, the phone number, the location query or coordinates, the
     * event title, the text to compose. {@code fallbackUrl} is where a client that cannot
     * perform the action goes instead.
     */
    public record Suggestion(Kind kind, String text, String postback, String target, String fallbackUrl) {
        public enum Kind {
            REPLY, OPEN_URL, DIAL, SHOW_LOCATION, REQUEST_LOCATION, CALENDAR_EVENT, COMPOSE_TEXT
        }
    }
}
