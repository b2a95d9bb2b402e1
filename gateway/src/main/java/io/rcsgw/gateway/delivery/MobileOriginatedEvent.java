package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The MaaP {@code message} event a bot gets for an SMS a user sent to its number: the same
 * shape as a user's RCS message, with {@code gateway.channel} "sms" (and {@code partial} when
 * some parts never arrived); or, for the number of a suggestion the SMS showed, the MaaP
 * {@code response} event a tap on it would have sent.
 */
final class MobileOriginatedEvent {

    private static final JsonFactory JSON = new JsonFactory();

    private MobileOriginatedEvent() {
    }

    /** The {@code response} of a suggestion picked by number: a reply's, or an action's, with its postback. */
    static byte[] response(String eventId, String displayText, String postback, boolean action, String inReplyTo,
                           String userContact, long atMillis, String link) {
        ByteArrayBuilder out = new ByteArrayBuilder(320);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", eventId);
            g.writeStringField("event", "response");
            g.writeObjectFieldStart("RCSMessage");
            g.writeStringField("msgId", eventId);
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
            g.writeStringField("timestamp", Instant.ofEpochMilli(atMillis).toString());
            g.writeEndObject();
            g.writeObjectFieldStart("messageContact");
            g.writeStringField("userContact", userContact);
            g.writeEndObject();
            g.writeObjectFieldStart("gateway");
            g.writeStringField("channel", "sms");
            g.writeStringField("link", link);
            g.writeStringField("inReplyTo", inReplyTo);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] payload(String eventId, String text, String userContact, long atMillis, String link, boolean partial) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("eventId", eventId);
            g.writeStringField("event", "message");
            g.writeObjectFieldStart("RCSMessage");
            g.writeStringField("msgId", eventId);
            g.writeStringField("textMessage", text);
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
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
