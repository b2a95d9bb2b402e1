package io.rcsgw.gateway.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The MaaP {@code message} event a bot gets for an SMS a user sent to its number: the same
 * shape as a user's RCS message, with {@code gateway.channel} "sms" (and {@code partial} when
 * some parts never arrived).
 */
final class MobileOriginatedEvent {

    private static final JsonFactory JSON = new JsonFactory();

    private MobileOriginatedEvent() {
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
