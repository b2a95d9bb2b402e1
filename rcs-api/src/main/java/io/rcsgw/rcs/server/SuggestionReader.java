package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.rcs.server.RichMessageReader.Invalid;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.content.RichMessage.Suggestion.Kind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.rcsgw.rcs.server.RichMessageReader.object;
import static io.rcsgw.rcs.server.RichMessageReader.string;

/**
 * Reads MaaP suggestions (a chip list or a card's suggestions): a reply, or an action of every
 * kind MaaP and RBM define. An action holds exactly one kind, and the kind exactly one variant
 * (dialerAction: dialPhoneNumber, dialEnrichedCall or dialVideoCall). Errors name the field.
 */
final class SuggestionReader {

    /** Each action and its variants, in the order an error lists them. */
    private static final Map<String, List<String>> ACTIONS = new java.util.LinkedHashMap<>();

    static {
        ACTIONS.put("urlAction", List.of("openUrl"));
        ACTIONS.put("dialerAction", List.of("dialPhoneNumber", "dialEnrichedCall", "dialVideoCall"));
        ACTIONS.put("mapAction", List.of("showLocation", "requestLocationPush"));
        ACTIONS.put("calendarAction", List.of("createCalendarEvent"));
        ACTIONS.put("composeAction", List.of("composeTextMessage", "composeRecordingMessage"));
        ACTIONS.put("deviceAction", List.of("requestDeviceSpecifics"));
        ACTIONS.put("settingsAction", List.of("disableAnonymization", "enableDisplayedNotifications"));
    }

    private static final Set<String> APPLICATION = Set.of("browser", "webview");
    private static final Set<String> VIEW_MODE = Set.of("FULL", "HALF", "TALL");
    private static final Set<String> RECORDING = Set.of("AUDIO", "VIDEO");
    private static final int MAX_SUBJECT = 60;

    private SuggestionReader() {
    }

    static List<RichMessage.Suggestion> list(JsonNode list, String p, boolean required) throws Invalid {
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
            out.add(one(object(list.get(i), p + "[" + i + "]"), p + "[" + i + "]"));
        }
        return out;
    }

    static RichMessage.Suggestion one(JsonNode s, String p) throws Invalid {
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
        String fallback = RichMessageReader.url(action.get("fallbackUrl"), ap + ".fallbackUrl", false);
        String kind = only(action, ap, ACTIONS.keySet());
        String kp = ap + "." + kind;
        JsonNode k = object(action.get(kind), kp);
        String variant = only(k, kp, ACTIONS.get(kind));
        String vp = kp + "." + variant;
        JsonNode v = object(k.get(variant), vp);
        // MaaP puts a fallbackUrl beside the variant's fields; the action's own one is the default
        String own = RichMessageReader.url(v.get("fallbackUrl"), vp + ".fallbackUrl", false);
        String fb = own != null ? own : fallback;
        return switch (variant) {
            case "openUrl" -> openUrl(v, vp, text, postback, fb);
            case "dialPhoneNumber" -> new RichMessage.Suggestion(Kind.DIAL, text, postback, phone(v, vp), fb);
            case "dialEnrichedCall" -> {
                String subject = string(v.get("subject"), vp + ".subject", false);
                if (subject != null && subject.codePointCount(0, subject.length()) > MAX_SUBJECT) {
                    throw new Invalid(Problem.tooLong(vp + ".subject", "at most " + MAX_SUBJECT + " characters"));
                }
                yield new RichMessage.Suggestion(Kind.DIAL_ENRICHED_CALL, text, postback, phone(v, vp), fb);
            }
            case "dialVideoCall" -> new RichMessage.Suggestion(Kind.DIAL_VIDEO_CALL, text, postback, phone(v, vp), fb);
            case "showLocation" -> showLocation(v, vp, text, postback, fb);
            case "requestLocationPush" -> new RichMessage.Suggestion(Kind.REQUEST_LOCATION, text, postback, null, fb);
            case "createCalendarEvent" -> calendarEvent(v, vp, text, postback, fb);
            case "composeTextMessage" -> {
                phone(v, vp);
                yield new RichMessage.Suggestion(Kind.COMPOSE_TEXT, text, postback, string(v.get("text"), vp + ".text", true), fb);
            }
            case "composeRecordingMessage" -> {
                RichMessageReader.oneOf(v.get("type"), vp + ".type", RECORDING, true);
                yield new RichMessage.Suggestion(Kind.COMPOSE_RECORDING, text, postback, phone(v, vp), fb);
            }
            case "requestDeviceSpecifics" -> new RichMessage.Suggestion(Kind.REQUEST_DEVICE_SPECIFICS, text, postback, null, fb);
            case "disableAnonymization" -> new RichMessage.Suggestion(Kind.DISABLE_ANONYMIZATION, text, postback, null, fb);
            case "enableDisplayedNotifications" ->
                    new RichMessage.Suggestion(Kind.ENABLE_DISPLAYED_NOTIFICATIONS, text, postback, null, fb);
            default -> throw new IllegalStateException(variant);
        };
    }

    private static RichMessage.Suggestion openUrl(JsonNode v, String p, String text, String postback, String fb) throws Invalid {
        String url = RichMessageReader.url(v.get("url"), p + ".url", true);
        String app = RichMessageReader.oneOf(v.get("application"), p + ".application", APPLICATION, false);
        String mode = RichMessageReader.oneOf(v.get("webviewViewMode"), p + ".webviewViewMode", VIEW_MODE, false);
        if (mode != null && !"webview".equals(app)) {
            throw new Invalid(Problem.invalidField(p + ".webviewViewMode", "applies to application webview only"));
        }
        return new RichMessage.Suggestion(Kind.OPEN_URL, text, postback, url, fb);
    }

    private static RichMessage.Suggestion showLocation(JsonNode v, String p, String text, String postback, String fb)
            throws Invalid {
        JsonNode location = object(v.get("location"), p + ".location");
        string(location.get("label"), p + ".location.label", false);
        JsonNode query = location.get("query");
        String target;
        if (query != null && !query.isNull()) {
            target = string(query, p + ".location.query", true);
        } else {
            double lat = RichMessageReader.number(location.get("latitude"), p + ".location.latitude", -90, 90);
            double lon = RichMessageReader.number(location.get("longitude"), p + ".location.longitude", -180, 180);
            target = lat + "," + lon;
        }
        return new RichMessage.Suggestion(Kind.SHOW_LOCATION, text, postback, target, fb);
    }

    private static RichMessage.Suggestion calendarEvent(JsonNode v, String p, String text, String postback, String fb)
            throws Invalid {
        Instant start = RichMessageReader.instant(v.get("startTime"), p + ".startTime");
        Instant end = RichMessageReader.instant(v.get("endTime"), p + ".endTime");
        if (end.isBefore(start)) {
            throw new Invalid(Problem.invalidField(p + ".endTime", "must not be before startTime"));
        }
        string(v.get("description"), p + ".description", false);
        return new RichMessage.Suggestion(Kind.CALENDAR_EVENT, text, postback, string(v.get("title"), p + ".title", true), fb);
    }

    private static String phone(JsonNode v, String p) throws Invalid {
        String number = string(v.get("phoneNumber"), p + ".phoneNumber", true);
        if (!number.matches("\\+?[0-9 ()./-]{3,32}")) {
            throw new Invalid(Problem.invalidField(p + ".phoneNumber", "must be a phone number such as +447700900123"));
        }
        return number;
    }

    /** The one field of {@code n} among {@code names}; any other field is refused by name. */
    private static String only(JsonNode n, String p, java.util.Collection<String> names) throws Invalid {
        String found = null;
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!names.contains(f)) {
                continue;
            }
            if (found != null) {
                throw new Invalid(Problem.invalidField(p, "must hold exactly one of " + String.join(", ", names)
                        + ", not both " + found + " and " + f));
            }
            found = f;
        }
        if (found == null) {
            throw new Invalid(Problem.invalidField(p, "must hold exactly one of " + String.join(", ", names)));
        }
        return found;
    }

    private static String postback(JsonNode s, String p) throws Invalid {
        JsonNode pb = s.get("postback");
        if (pb == null || pb.isNull()) {
            return null;
        }
        return string(object(pb, p + ".postback").get("data"), p + ".postback.data", true);
    }
}
