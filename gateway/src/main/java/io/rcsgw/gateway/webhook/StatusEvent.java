package io.rcsgw.gateway.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.model.MessageState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The MaaP {@code messageStatus} event a bot receives for a state change. Gateway additions
 * sit under {@code "gateway"}: the channel, the precise state, the reason, the event id and the
 * bot's own clientContext when it gave one.
 */
public final class StatusEvent {

    private static final JsonFactory JSON = new JsonFactory();

    private StatusEvent() {
    }

    /** Whether a bot is told about this state (MaaP has no event for 'pending'). */
    public static boolean notifies(MessageState state) {
        return switch (state) {
            case ACCEPTED, SMS_QUEUED -> false;
            default -> true;
        };
    }

    /**
     * For a text the bot sent for SMS that went as RCS ({@code upgraded}), the sender hears SMS
     * states: no displayed (SMS has none; it would repeat delivered).
     */
    public static boolean notifies(MessageState state, boolean upgraded) {
        return notifies(state) && !(upgraded && state == MessageState.DISPLAYED);
    }

    /** The state a sender of SMS reads for an upgraded message: sent on RCS is submitted. */
    static MessageState smsStyle(MessageState state) {
        return state == MessageState.RCS_SENT ? MessageState.SMS_SUBMITTED : state;
    }

    /**
     * The event id of a message's history entry: derived, not stored, so an event sent again
     * after a restart carries the id it had, and the bot can drop the repeat.
     */
    public static String eventId(MessageKey key, int seq) {
        return UUID.nameUUIDFromBytes((key.botId() + '\n' + key.msgId() + '\n' + seq).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The event's JSON, written straight to bytes (this runs once per event, on the hot path). */
    static byte[] payload(String eventId, String msgId, String userContact, MessageState state, String channel,
                          String reason, long atMillis, String clientContext, String rule, boolean upgraded) {
        ByteArrayBuilder out = new ByteArrayBuilder(320);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event", "messageStatus");
            g.writeObjectFieldStart("RCSMessage");
            g.writeStringField("msgId", msgId);
            g.writeStringField("status", state.maapStatus());
            g.writeStringField("timestamp", Instant.ofEpochMilli(atMillis).toString());
            g.writeEndObject();
            g.writeObjectFieldStart("messageContact");
            g.writeStringField("userContact", userContact);
            g.writeEndObject();
            g.writeObjectFieldStart("gateway");
            g.writeStringField("eventId", eventId);
            g.writeStringField("channel", channel);
            g.writeStringField("state", upgraded ? smsStyle(state).name() : state.name());
            g.writeStringField("reason", reason);
            if (rule != null) {
                g.writeStringField("rule", rule);
            }
            if (upgraded) {
                g.writeBooleanField("upgraded", true);
            }
            if (clientContext != null) {
                g.writeStringField("clientContext", clientContext);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }
}
