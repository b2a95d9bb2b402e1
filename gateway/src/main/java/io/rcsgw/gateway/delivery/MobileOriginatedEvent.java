package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The MaaP events a bot gets for an SMS a user sent to its number: a {@code message} event in the
 * same shape as a user's RCS message (with {@code partial} when some parts never arrived), or,
 * for the number of a suggestion the SMS showed, the {@code response} event a tap on it would
 * have sent. Both carry {@code gateway.channel} "sms" and the link it came in on.
 */
final class MobileOriginatedEvent {

    private static final JsonFactory JSON = new JsonFactory();

    private MobileOriginatedEvent() {
    }

    /** Writes what goes inside RCSMessage, before its timestamp. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** The {@code response} of a suggestion picked by number: a reply's, or an action's, with its postback. */
    static byte[] response(String eventId, String displayText, String postback, boolean action, String inReplyTo,
                           String userContact, long atMillis, String link) {
        return event(eventId, "response", g -> {
            g.writeObjectFieldStart("suggestedResponse");
            g.writeObjectFieldStart("response");
            g.writeObjectFieldStart(action ? "action" : "reply");
            g.writeStringField("displayText", displayText);
            if (postback != null) {
                g.writeObjectFieldStart("postback");
                g.writeStringField("data", postback);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }, userContact, atMillis, link, false, inReplyTo);
    }

    static byte[] payload(String eventId, String text, String userContact, long atMillis, String link, boolean partial) {
        return event(eventId, "message", g -> g.writeStringField("textMessage", text), userContact, atMillis, link, partial,
                null);
    }

    private static byte[] event(String eventId, String kind, Body body, String userContact, long atMillis, String link,
                                boolean partial, String inReplyTo) {
        ByteArrayBuilder out = new ByteArrayBuilder(320);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", eventId);
            g.writeStringField("event", kind);
            g.writeObjectFieldStart("RCSMessage");
            g.writeStringField("msgId", eventId);
            body.write(g);
            g.writeStringField("timestamp", Instant.ofEpochMilli(atMillis).toString());
            g.writeEndObject();
            g.writeObjectFieldStart("messageContact");
            g.writeStringField("userContact", userContact);
            g.writeEndObject();
            g.writeObjectFieldStart("gateway");
            g.writeStringField("channel", "sms");
            g.writeStringField("link", link);
            if (partial) {
                g.writeBooleanField("partial", true);
            }
            if (inReplyTo != null) {
                g.writeStringField("inReplyTo", inReplyTo);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }
}
