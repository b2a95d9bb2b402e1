package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;

import java.util.List;

/** A message as stored, with its history and (for SMS) its acknowledged parts. */
public record StoredMessage(MessageKey key, String fingerprint, String recipient, String body, MessageState state,
                            String channel, int partsTotal, long acceptedAt, long updatedAt,
                            List<Event> history, List<Part> parts) {

    public record Event(int seq, MessageState state, String reason, long at) {
    }

    public record Part(String smscKey, String smscId, String link, int partNo, String state, String error) {
    }
}
