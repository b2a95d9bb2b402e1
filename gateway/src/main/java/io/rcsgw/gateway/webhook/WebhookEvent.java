package io.rcsgw.gateway.webhook;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.model.MessageState;

/**
 * A status event for a bot's webhook: history entry {@code seq} of message {@code id}. The JSON is
 * rendered when it is sent, so events waiting in line hold only these fields.
 */
public record WebhookEvent(long id, MessageKey key, int seq, String userContact, MessageState state, String channel, String reason,
                           long at) {

    public String eventId() {
        return StatusEvent.eventId(key, seq);
    }

    /** The JSON the bot gets, carrying {@code eventId} (this event's {@link #eventId()}, computed once by the caller). */
    public byte[] payload(String eventId) {
        return StatusEvent.payload(eventId, key.msgId(), userContact, state, channel, reason, at);
    }

    /** Settling it (delivered or given up) closes the message: it reports a final state. */
    public boolean last() {
        return state.isFinal();
    }
}
