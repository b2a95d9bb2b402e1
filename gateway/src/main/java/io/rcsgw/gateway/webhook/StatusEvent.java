package io.rcsgw.gateway.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.model.MessageState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The MaaP {@code messageStatus} event a bot receives for a state change. Gateway additions
 * sit under {@code "gateway"}: the channel, the precise state, the reason and the event id.
 */
public final class StatusEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

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
     * The event id of a message's history entry: derived, not stored, so an event sent again
     * after a restart carries the id it had, and the bot can drop the repeat.
     */
    public static String eventId(MessageKey key, int seq) {
        return UUID.nameUUIDFromBytes((key.botId() + '\n' + key.msgId() + '\n' + seq).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static String payload(String eventId, String msgId, String userContact, MessageState state, String channel,
                          String reason, long atMillis) {
        ObjectNode root = JSON.createObjectNode();
        root.put("event", "messageStatus");
        ObjectNode rcs = root.putObject("RCSMessage");
        rcs.put("msgId", msgId);
        rcs.put("status", state.maapStatus());
        rcs.put("timestamp", Instant.ofEpochMilli(atMillis).toString());
        root.putObject("messageContact").put("userContact", userContact);
        ObjectNode gw = root.putObject("gateway");
        gw.put("eventId", eventId);
        gw.put("channel", channel);
        gw.put("state", state.name());
        gw.put("reason", reason);
        return root.toString();
    }
}
