package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.rules.content.RichMessage;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads MaaP {@code RCSMessage} content (textMessage, fileMessage, audioMessage,
 * geolocationPushMessage, richcardMessage, suggestedChipList) into a {@link RichMessage}. Shape errors throw {@link Invalid} naming the
 * field by its JSON path; limits are checked afterwards by {@code ContentLimits}.
 */
final class RichMessageReader {

    static final class Invalid extends Exception {
        final Problem problem;

        Invalid(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }

    static final Set<String> CONTENT = Set.of("textMessage", "fileMessage", "audioMessage", "geolocationPushMessage",
            "richcardMessage");
    private static final Set<String> ORIENTATION = Set.of("VERTICAL", "HORIZONTAL");
    private static final Set<String> ALIGNMENT = Set.of("LEFT", "RIGHT");
    private static final Set<String> HEIGHT = Set.of("SHORT_HEIGHT", "MEDIUM_HEIGHT", "TALL_HEIGHT");
    private static final Set<String> WIDTH = Set.of("SMALL_WIDTH", "MEDIUM_WIDTH");

    private RichMessageReader() {
    }

    /** {@code rcs} is the RCSMessage object; exactly one content field is present (the caller checked). */
    static RichMessage read(JsonNode rcs, String content) throws Invalid {
        String base = "RCSMessage.";
        JsonNode node = rcs.get(content);
        RichMessage.Content c = switch (content) {
            case "textMessage" -> new RichMessage.Text(string(node, base + content, true));
            case "fileMessage" -> file(object(node, base + content), base + content);
            case "audioMessage" -> audio(object(node, base + content), base + content);
            case "geolocationPushMessage" -> location(object(node, base + content), base + content);
            case "richcardMessage" -> richcard(object(node, base + content), base + content);
            default -> throw new Invalid(Problem.unsupportedContent(base + content));
        };
        List<RichMessage.Suggestion> chips = List.of();
        JsonNode list = rcs.get("suggestedChipList");
        if (list != null && !list.isNull()) {
            String p = base + "suggestedChipList";
            chips = SuggestionReader.list(object(list, p).get("suggestions"), p + ".suggestions", true);
        }
        return new RichMessage(c, chips);
    }

    private static RichMessage.File file(JsonNode f, String p) throws Invalid {
        String url = url(f.get("fileUrl"), p + ".fileUrl", true);
        String mime = mime(f.get("fileMIMEType"), p + ".fileMIMEType", false);
        long size = bytes(f.get("fileSize"), p + ".fileSize");
        String name = string(f.get("fileName"), p + ".fileName", false);
        String thumb = url(f.get("thumbnailUrl"), p + ".thumbnailUrl", false);
        mime(f.get("thumbnailMIMEType"), p + ".thumbnailMIMEType", false);
        bytes(f.get("thumbnailFileSize"), p + ".thumbnailFileSize");
        return new RichMessage.File(url, mime, size, name, thumb);
    }

    private static RichMessage.Audio audio(JsonNode f, String p) throws Invalid {
        String url = url(f.get("fileUrl"), p + ".fileUrl", true);
        String mime = mime(f.get("fileMIMEType"), p + ".fileMIMEType", false);
        if (mime != null && !mime.regionMatches(true, 0, "audio/", 0, 6)) {
            throw new Invalid(Problem.invalidField(p + ".fileMIMEType", "must be an audio type such as audio/mp4"));
        }
        return new RichMessage.Audio(url, mime, bytes(f.get("fileSize"), p + ".fileSize"), string(f.get("fileName"), p + ".fileName", false),
                (int) whole(f.get("playingLength"), p + ".playingLength", 24 * 3600));
    }

    /** {@code pos} is a GML point, {@code "latitude longitude"}, as MaaP takes it from PIDF-LO. */
    private static RichMessage.Location location(JsonNode g, String p) throws Invalid {
        String pos = string(g.get("pos"), p + ".pos", true);
        String[] parts = pos.trim().split("[\\s,]+");
        double lat;
        double lon;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            lat = Double.parseDouble(parts[0]);
            lon = Double.parseDouble(parts[1]);
        } catch (NumberFormatException e) {
            throw new Invalid(Problem.invalidField(p + ".pos", "must be \"latitude longitude\" in degrees, such as \"51.5033 -0.1196\""));
        }
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
            throw new Invalid(Problem.invalidField(p + ".pos", "latitude must be from -90 to 90 and longitude from -180 to 180"));
        }
        String label = string(g.get("label"), p + ".label", false);
        Double radius = null;
        JsonNode r = g.get("radius");
        if (r != null && !r.isNull()) {
            radius = number(r, p + ".radius", 0, 20_000_000);
        }
        if (g.get("timestamp") != null && !g.get("timestamp").isNull()) {
            instant(g.get("timestamp"), p + ".timestamp");
        }
        if (g.get("expiry") != null && !g.get("expiry").isNull()) {
            instant(g.get("expiry"), p + ".expiry");
        }
        whole(g.get("timeOffset"), p + ".timeOffset", 24 * 3600);
        return new RichMessage.Location(lat, lon, label, radius);
    }

    private static long bytes(JsonNode s, String p) throws Invalid {
        return whole(s, p, Long.MAX_VALUE);
    }

    /** A whole number from 0 to {@code max}; 0 when absent. */
    private static long whole(JsonNode s, String p, long max) throws Invalid {
        if (s == null || s.isNull()) {
            return 0;
        }
        if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() < 0 || s.longValue() > max) {
            throw new Invalid(Problem.invalidField(p, "must be a whole number from 0" + (max == Long.MAX_VALUE ? "" : " to " + max)));
        }
        return s.longValue();
    }

    private static RichMessage.RichCard richcard(JsonNode rc, String p) throws Invalid {
        JsonNode message = object(rc.get("message"), p + ".message");
        JsonNode single = message.get("generalPurposeCard");
        JsonNode carousel = message.get("generalPurposeCardCarousel");
        if ((single == null) == (carousel == null)) {
            throw new Invalid(Problem.invalidField(p + ".message",
                    "must hold exactly one of generalPurposeCard and generalPurposeCardCarousel"));
        }
        if (single != null) {
            String cp = p + ".message.generalPurposeCard";
            object(single, cp);
            JsonNode layout = single.get("layout");
            if (layout != null && !layout.isNull()) {
                object(layout, cp + ".layout");
                String orientation = oneOf(layout.get("cardOrientation"), cp + ".layout.cardOrientation", ORIENTATION, true);
                String alignment = oneOf(layout.get("imageAlignment"), cp + ".layout.imageAlignment", ALIGNMENT, false);
                if (alignment != null && orientation.equals("VERTICAL")) {
                    throw new Invalid(Problem.invalidField(cp + ".layout.imageAlignment", "applies to HORIZONTAL cards only"));
                }
            }
            return new RichMessage.RichCard(false, List.of(card(object(single.get("content"), cp + ".content"), cp + ".content")));
        }
        String cp = p + ".message.generalPurposeCardCarousel";
        object(carousel, cp);
        JsonNode layout = carousel.get("layout");
        if (layout != null && !layout.isNull()) {
            oneOf(object(layout, cp + ".layout").get("cardWidth"), cp + ".layout.cardWidth", WIDTH, true);
        }
        JsonNode content = carousel.get("content");
        if (content == null || !content.isArray()) {
            throw new Invalid(Problem.invalidField(cp + ".content", "must be an array of 2 to 10 cards"));
        }
        if (content.size() < 2 || content.size() > 10) {
            throw new Invalid(Problem.invalidField(cp + ".content", "a carousel has 2 to 10 cards, not " + content.size()));
        }
        List<RichMessage.Card> cards = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            cards.add(card(object(content.get(i), cp + ".content[" + i + "]"), cp + ".content[" + i + "]"));
        }
        return new RichMessage.RichCard(true, cards);
    }

    private static RichMessage.Card card(JsonNode c, String p) throws Invalid {
        RichMessage.Media media = null;
        JsonNode m = c.get("media");
        if (m != null && !m.isNull()) {
            object(m, p + ".media");
            media = new RichMessage.Media(url(m.get("mediaUrl"), p + ".media.mediaUrl", true),
                    mime(m.get("mediaContentType"), p + ".media.mediaContentType", true),
                    oneOf(m.get("height"), p + ".media.height", HEIGHT, false));
        }
        String title = string(c.get("title"), p + ".title", false);
        String description = string(c.get("description"), p + ".description", false);
        if (media == null && title == null && description == null) {
            throw new Invalid(Problem.invalidField(p, "a card needs a title, a description or media"));
        }
        List<RichMessage.Suggestion> suggestions = SuggestionReader.list(c.get("suggestions"), p + ".suggestions", false);
        return new RichMessage.Card(title, description, media, suggestions);
    }

    static JsonNode object(JsonNode n, String p) throws Invalid {
        if (n == null || n.isNull()) {
            throw new Invalid(Problem.missingField(p));
        }
        if (!n.isObject()) {
            throw new Invalid(Problem.invalidField(p, "must be an object"));
        }
        return n;
    }

    static String string(JsonNode n, String p, boolean required) throws Invalid {
        if (n == null || n.isNull()) {
            if (required) {
                throw new Invalid(Problem.missingField(p));
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new Invalid(Problem.invalidField(p, "must be a string"));
        }
        if (required && n.textValue().isBlank()) {
            throw new Invalid(Problem.invalidField(p, "must not be empty"));
        }
        return n.textValue();
    }

    static String url(JsonNode n, String p, boolean required) throws Invalid {
        String s = string(n, p, required);
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            if (u.getHost() == null || !("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))) {
                throw new Invalid(Problem.invalidField(p, "must be an absolute http(s) URL"));
            }
        } catch (java.net.URISyntaxException e) {
            throw new Invalid(Problem.invalidField(p, "must be an absolute http(s) URL"));
        }
        return s;
    }

    private static String mime(JsonNode n, String p, boolean required) throws Invalid {
        String s = string(n, p, required);
        if (s != null && !s.matches("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")) {
            throw new Invalid(Problem.invalidField(p, "must be a MIME type such as image/jpeg"));
        }
        return s;
    }

    static String oneOf(JsonNode n, String p, Set<String> allowed, boolean required) throws Invalid {
        String s = string(n, p, required);
        if (s != null && !allowed.contains(s)) {
            throw new Invalid(Problem.invalidField(p, "must be one of " + new java.util.TreeSet<>(allowed)));
        }
        return s;
    }

    static double number(JsonNode n, String p, double min, double max) throws Invalid {
        if (n == null || n.isNull()) {
            throw new Invalid(Problem.missingField(p));
        }
        if (!n.isNumber() || n.doubleValue() < min || n.doubleValue() > max) {
            throw new Invalid(Problem.invalidField(p, "must be a number from " + min + " to " + max));
        }
        return n.doubleValue();
    }

    static java.time.Instant instant(JsonNode n, String p) throws Invalid {
        String s = string(n, p, true);
        try {
            return java.time.Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Invalid(Problem.invalidField(p, "must be an ISO-8601 UTC time such as 2026-12-01T09:00:00Z"));
        }
    }
}
