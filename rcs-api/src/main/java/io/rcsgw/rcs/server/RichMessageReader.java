package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.content.RichMessage.Suggestion.Kind;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads MaaP {@code RCSMessage} content (textMessage, fileMessage, richcardMessage,
 * suggestedChipList) into a {@link RichMessage}. Shape errors throw {@link Invalid} naming the
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

    static final Set<String> CONTENT = Set.of("textMessage", "fileMessage", "richcardMessage");
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
            case "richcardMessage" -> richcard(object(node, base + content), base + content);
            default -> throw new Invalid(Problem.unsupportedContent(base + content));
        };
        List<RichMessage.Suggestion> chips = List.of();
        JsonNode list = rcs.get("suggestedChipList");
        if (list != null && !list.isNull()) {
            String p = base + "suggestedChipList";
            chips = suggestions(object(list, p).get("suggestions"), p + ".suggestions", true);
        }
        return new RichMessage(c, chips);
    }

    private static RichMessage.File file(JsonNode f, String p) throws Invalid {
        String url = url(f.get("fileUrl"), p + ".fileUrl", true);
        String mime = mime(f.get("fileMIMEType"), p + ".fileMIMEType", true);
        long size = 0;
        JsonNode s = f.get("fileSize");
        if (s != null && !s.isNull()) {
            if (!s.canConvertToLong() || !s.isIntegralNumber() || s.longValue() < 0) {
                throw new Invalid(Problem.invalidField(p + ".fileSize", "must be a whole number of bytes"));
            }
            size = s.longValue();
        }
        String name = string(f.get("fileName"), p + ".fileName", false);
        String thumb = url(f.get("thumbnailUrl"), p + ".thumbnailUrl", false);
        if (thumb != null) {
            mime(f.get("thumbnailMIMEType"), p + ".thumbnailMIMEType", true);
        }
        return new RichMessage.File(url, mime, size, name, thumb);
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
        List<RichMessage.Suggestion> suggestions = suggestions(c.get("suggestions"), p + ".suggestions", false);
        return new RichMessage.Card(title, description, media, suggestions);
    }

    private static List<RichMessage.Suggestion> suggestions(JsonNode list, String p, boolean required) throws Invalid {
        if (list == null || list.isNull()) {
            if (required) {
                throw new Invalid(Problem.missingField(p));
            }
            return List.of();
        }
        if (!list.isArray()) {
            throw new Invalid(Problem.invalidField(p, "must be an array"));
        }
        List<RichMessage.Suggestion> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(suggestion(object(list.get(i), p + "[" + i + "]"), p + "[" + i + "]"));
        }
        return out;
    }

    private static RichMessage.Suggestion suggestion(JsonNode s, String p) throws Invalid {
        JsonNode reply = s.get("reply");
        JsonNode action = s.get("action");
        if ((reply == null) == (action == null)) {
            throw new Invalid(Problem.invalidField(p, "must hold exactly one of reply and action"));
        }
        if (reply != null) {
            String rp = p + ".reply";
            object(reply, rp);
            return new RichMessage.Suggestion(Kind.REPLY, string(reply.get("displayText"), rp + ".displayText", true),
                    postback(reply, rp), null, null);
        }
        String ap = p + ".action";
        object(action, ap);
        String text = string(action.get("displayText"), ap + ".displayText", true);
        String postback = postback(action, ap);
        String fallback = url(action.get("fallbackUrl"), ap + ".fallbackUrl", false);
        JsonNode url = action.get("urlAction");
        JsonNode dial = action.get("dialerAction");
        JsonNode map = action.get("mapAction");
        JsonNode calendar = action.get("calendarAction");
        JsonNode compose = action.get("composeAction");
        int kinds = (url != null ? 1 : 0) + (dial != null ? 1 : 0) + (map != null ? 1 : 0) + (calendar != null ? 1 : 0)
                + (compose != null ? 1 : 0);
        if (kinds != 1) {
            throw new Invalid(Problem.invalidField(ap,
                    "must hold exactly one of urlAction, dialerAction, mapAction, calendarAction and composeAction"));
        }
        if (url != null) {
            JsonNode open = object(object(url, ap + ".urlAction").get("openUrl"), ap + ".urlAction.openUrl");
            return new RichMessage.Suggestion(Kind.OPEN_URL, text, postback, url(open.get("url"), ap + ".urlAction.openUrl.url", true),
                    fallback);
        }
        if (dial != null) {
            String dp = ap + ".dialerAction.dialPhoneNumber";
            JsonNode number = object(object(dial, ap + ".dialerAction").get("dialPhoneNumber"), dp);
            return new RichMessage.Suggestion(Kind.DIAL, text, postback, string(number.get("phoneNumber"), dp + ".phoneNumber", true),
                    fallback);
        }
        if (map != null) {
            object(map, ap + ".mapAction");
            if (map.has("requestLocationPush")) {
                return new RichMessage.Suggestion(Kind.REQUEST_LOCATION, text, postback, null, fallback);
            }
            String mp = ap + ".mapAction.showLocation";
            JsonNode show = object(map.get("showLocation"), mp);
            JsonNode location = object(show.get("location"), mp + ".location");
            String target;
            JsonNode query = location.get("query");
            if (query != null && !query.isNull()) {
                target = string(query, mp + ".location.query", true);
            } else {
                double lat = number(location.get("latitude"), mp + ".location.latitude", -90, 90);
                double lon = number(location.get("longitude"), mp + ".location.longitude", -180, 180);
                target = lat + "," + lon;
            }
            String showFallback = url(show.get("fallbackUrl"), mp + ".fallbackUrl", false);
            return new RichMessage.Suggestion(Kind.SHOW_LOCATION, text, postback, target, showFallback != null ? showFallback : fallback);
        }
        if (calendar != null) {
            String cp = ap + ".calendarAction.createCalendarEvent";
            JsonNode event = object(object(calendar, ap + ".calendarAction").get("createCalendarEvent"), cp);
            instant(event.get("startTime"), cp + ".startTime");
            instant(event.get("endTime"), cp + ".endTime");
            return new RichMessage.Suggestion(Kind.CALENDAR_EVENT, text, postback, string(event.get("title"), cp + ".title", true),
                    fallback);
        }
        String cp = ap + ".composeAction.composeTextMessage";
        JsonNode msg = object(object(compose, ap + ".composeAction").get("composeTextMessage"), cp);
        string(msg.get("phoneNumber"), cp + ".phoneNumber", true);
        return new RichMessage.Suggestion(Kind.COMPOSE_TEXT, text, postback, string(msg.get("text"), cp + ".text", true), fallback);
    }

    private static String postback(JsonNode s, String p) throws Invalid {
        JsonNode pb = s.get("postback");
        if (pb == null || pb.isNull()) {
            return null;
        }
        return string(object(pb, p + ".postback").get("data"), p + ".postback.data", true);
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

    private static String url(JsonNode n, String p, boolean required) throws Invalid {
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

    private static String oneOf(JsonNode n, String p, Set<String> allowed, boolean required) throws Invalid {
        String s = string(n, p, required);
        if (s != null && !allowed.contains(s)) {
            throw new Invalid(Problem.invalidField(p, "must be one of " + new java.util.TreeSet<>(allowed)));
        }
        return s;
    }

    private static double number(JsonNode n, String p, double min, double max) throws Invalid {
        if (n == null || n.isNull()) {
            throw new Invalid(Problem.missingField(p));
        }
        if (!n.isNumber() || n.doubleValue() < min || n.doubleValue() > max) {
            throw new Invalid(Problem.invalidField(p, "must be a number from " + min + " to " + max));
        }
        return n.doubleValue();
    }

    private static void instant(JsonNode n, String p) throws Invalid {
        String s = string(n, p, true);
        try {
            java.time.Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Invalid(Problem.invalidField(p, "must be an ISO-8601 UTC time such as 2026-12-01T09:00:00Z"));
        }
    }
}
