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

    /** The content types of MaaP: text, a file, an audio message, a location, or a rich card (standalone or carousel). */
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

    /** An audio message by reference (a voice note): {@code playingSeconds} 0 when unknown. */
    public record Audio(String url, String mimeType, long size, String name, int playingSeconds) implements Content {
        @Override
        public String maapName() {
            return "audioMessage";
        }
    }

    /** A location the bot pushes (MaaP geolocationPushMessage): a point, with a label and a radius in metres when given. */
    public record Location(double latitude, double longitude, String label, Double radius) implements Content {
        @Override
        public String maapName() {
            return "geolocationPushMessage";
        }

        /** The point as {@code latitude,longitude}, as map links take it. */
        public String point() {
            return latitude + "," + longitude;
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
     * action opens or uses: the URL, the phone number (dial, compose a recording), the location
     * query or coordinates, the event title, the text to compose; null for a device or settings
     * request. {@code fallbackUrl} is where a client that cannot perform the action goes instead.
     */
    public record Suggestion(Kind kind, String text, String postback, String target, String fallbackUrl) {
        /** Every suggestion of the MaaP and RBM model. */
        public enum Kind {
            REPLY, OPEN_URL, DIAL, DIAL_ENRICHED_CALL, DIAL_VIDEO_CALL, SHOW_LOCATION, REQUEST_LOCATION, CALENDAR_EVENT,
            COMPOSE_TEXT, COMPOSE_RECORDING, REQUEST_DEVICE_SPECIFICS, DISABLE_ANONYMIZATION, ENABLE_DISPLAYED_NOTIFICATIONS;

            /** Asks the RCS client itself for something (its device details, a setting): nothing an SMS reader can do. */
            public boolean clientOnly() {
                return this == REQUEST_DEVICE_SPECIFICS || this == DISABLE_ANONYMIZATION || this == ENABLE_DISPLAYED_NOTIFICATIONS;
            }
        }

        /** Whether an SMS (or its web view) shows this suggestion: a client-only one only when it has a fallback URL. */
        public boolean shownAsText() {
            return !kind.clientOnly() || (fallbackUrl != null && !fallbackUrl.isBlank());
        }
    }
}
