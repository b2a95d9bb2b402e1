package io.rcsgw.gateway.webhook;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.model.MessageState;

/**
 * Something a bot's webhook is told, from the store's outbox. Events of one {@link #stream()}
 * go strictly in order; settling one ({@link #settled}) moves the outbox past it.
 */
public sealed interface WebhookEvent {

    /** Events sharing a stream are delivered one at a time, in order. */
    long stream();

    String botId();

    String eventId();

    /** The user the event is about (the recipient of a message, or who wrote). */
    String userContact();

    /** The JSON the bot gets, carrying {@code eventId} (this event's {@link #eventId()}, computed once by the caller). */
    byte[] payload(String eventId);

    /** When the change it reports happened (epoch millis); the retry window counts from here. */
    long at();

    /** The store write that settles it. */
    StoreWrite settled(long now);

    /**
     * A status change of one of the bot's messages: history entry {@code seq} of message {@code id}.
     * The JSON is rendered when it is sent, so events waiting in line hold only these fields.
     */
    record Status(long id, MessageKey key, int seq, String userContact, MessageState state, String channel, String reason,
                  long at, String clientContext, String rule, boolean upgraded) implements WebhookEvent {

        @Override
        public long stream() {
            return id;
        }

        @Override
        public String botId() {
            return key.botId();
        }

        @Override
        public String eventId() {
            return StatusEvent.eventId(key, seq);
        }

        @Override
        public byte[] payload(String eventId) {
            return StatusEvent.payload(eventId, key.msgId(), userContact, state, channel, reason, at, clientContext, rule,
                    upgraded);
        }

        /** Settling a final state's event closes the message (nothing else is pending). */
        @Override
        public StoreWrite settled(long now) {
            return new StoreWrite.HookSettled(id, seq, state.isFinal(), now);
        }
    }

    /**
     * An event from the user (a message, a reply, typing) relayed as the RCS platform sent it.
     * Events from one user to one bot share a stream, so a conversation keeps its order.
     */
    record Relay(String botId, String eventId, String userContact, byte[] json, long at) implements WebhookEvent {

        @Override
        public long stream() {
            // negative: message ids (the other streams) are positive
            return -1 - ((((long) botId.hashCode()) << 32 ^ userContact.hashCode()) & Long.MAX_VALUE);
        }

        @Override
        public byte[] payload(String eventId) {
            return json;
        }

        @Override
        public StoreWrite settled(long now) {
            return new StoreWrite.RelaySettled(botId, eventId);
        }
    }
}
