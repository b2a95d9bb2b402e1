package io.rcsgw.gateway.esme;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an RCS user message reads as in an SMS to an ESME: its text; a tapped suggestion's
 * display text; a file's or an audio clip's URL; a location as a {@code geo:} URI (RFC 5870)
 * with its label. Null when there is nothing to read (typing, receipts, unknown kinds).
 */
final class UserText {

    private UserText() {
    }

    static String of(JsonNode rcsMessage) {
        if (rcsMessage.path("textMessage").isTextual()) {
            return rcsMessage.get("textMessage").asText();
        }
        JsonNode response = rcsMessage.path("suggestedResponse").path("response");
        for (String kind : new String[]{"reply", "action"}) {
            if (response.path(kind).path("displayText").isTextual()) {
                return response.get(kind).get("displayText").asText();
            }
        }
        for (String kind : new String[]{"fileMessage", "audioMessage"}) {
            if (rcsMessage.path(kind).path("fileUrl").isTextual()) {
                return rcsMessage.get(kind).get("fileUrl").asText();
            }
        }
        JsonNode geo = rcsMessage.path("geolocationPushMessage");
        JsonNode pos = geo.has("pos") ? geo.get("pos") : geo;
        if (pos.path("latitude").isNumber() && pos.path("longitude").isNumber()) {
            String uri = "geo:" + pos.get("latitude").asText() + "," + pos.get("longitude").asText();
            return geo.path("label").isTextual() ? geo.get("label").asText() + " " + uri : uri;
        }
        return null;
    }
}
