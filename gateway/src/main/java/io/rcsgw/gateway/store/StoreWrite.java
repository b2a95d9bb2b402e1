package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;

/**
 * One change to the store. Changes are handed to {@link MessageStore#write} in groups; a group
 * is committed atomically, and groups commit in the order they were handed over.
 */
public sealed interface StoreWrite {

    /** A new message and its ACCEPTED event; skipped (and reported) when the key exists. */
    record InsertMessage(MessageKey key, String fingerprint, String recipient, String body, long at)
            implements StoreWrite {
    }

    /** A state change: the message's current state and a history event. */
    record Transition(MessageKey key, int seq, MessageState to, String reason, String channel, int partsTotal, long at)
            implements StoreWrite {
    }

    record InsertPart(String smscKey, String smscId, String link, MessageKey key, int partNo, long at) implements StoreWrite {
    }

    record UpdatePart(String smscKey, String state, String error, long at) implements StoreWrite {
    }

    record PutOrphanReceipt(String smscKey, String link, String status, String error, long at) implements StoreWrite {
    }

    record DeleteOrphanReceipt(String smscKey) implements StoreWrite {
    }

    record EnqueueWebhook(String eventId, MessageKey key, int seq, String payload, long at) implements StoreWrite {
    }

    record RescheduleWebhook(String eventId, int attempts, long nextAttemptAt) implements StoreWrite {
    }

    record DeleteWebhook(String eventId) implements StoreWrite {
    }
}
