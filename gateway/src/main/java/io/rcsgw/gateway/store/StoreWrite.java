package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;

import java.util.List;

/**
 * One change to the store. Changes are handed to {@link MessageStore#write} in groups; a group
 * is committed atomically, and groups commit in the order they were handed over. Messages are
 * referred to by the id {@link MessageStore#newMessageId()} gave them.
 */
public sealed interface StoreWrite {

    /**
     * A new message and its ACCEPTED entry; skipped (and reported) when the key exists.
     * {@code body} is its SMS text, {@code content} its RCS content as JSON (null: plain text).
     */
    record InsertMessage(long id, MessageKey key, String fingerprint, String recipient, String body, long at, String content,
                         String rule, String deadlines, String decision, String menu, String owner) implements StoreWrite {
        public InsertMessage(long id, MessageKey key, String fingerprint, String recipient, String body, long at) {
            this(id, key, fingerprint, recipient, body, at, null, null, "", null, null, null);
        }

        public InsertMessage(long id, MessageKey key, String fingerprint, String recipient, String body, long at,
                             String content) {
            this(id, key, fingerprint, recipient, body, at, content, null, "", null, null, null);
        }

        public InsertMessage(long id, MessageKey key, String fingerprint, String recipient, String body, long at,
                             String content, String rule, String deadlines, String decision, String menu) {
            this(id, key, fingerprint, recipient, body, at, content, rule, deadlines, decision, menu, null);
        }
    }

    /** The message's channel decision (JSON, with its trace), replacing what was stored. */
    record SetDecision(long id, String json) implements StoreWrite {
    }

    /** The message's durable timers, as {@code kind=epoch millis} lines, replacing what was stored ("" for none). */
    record SetDeadlines(long id, String deadlines) implements StoreWrite {
    }

    /** An event that came too late to change message {@code id} (recorded, never applied). */
    record RecordLate(long id, String what, long at) implements StoreWrite {
    }

    /** A web view of message {@code id}, reachable by {@code token} until {@code expiresAt}. */
    record InsertWebView(String token, long id, long expiresAt) implements StoreWrite {
    }

    /** The numbered suggestions (JSON) of the SMS a bot just sent a user, replacing the last ones. */
    record PutSmsMenu(String botId, String userContact, String msgId, String suggestions, long expiresAt)
            implements StoreWrite {
    }

    /** Retention: web views and SMS menus that expired before {@code before}. */
    record DeleteExpiredLinks(long before) implements StoreWrite {
    }

    /** A message that was closed gets an event a bot is told about (e.g. displayed after delivered): open it again. */
    record Reopen(long id) implements StoreWrite {
    }

    /**
     * An event from the RCS platform, by its id; skipped (and reported) when the id was seen.
     * {@code payload}: for an event relayed to the bot, its JSON, pending until the webhook takes it; else null.
     * {@code msgId}: the msgId of what the user sent (for read receipts), null for typing.
     */
    record InsertPlatformEvent(String botId, String eventId, String kind, String userContact, String payload, long at,
                               String msgId) implements StoreWrite {
    }

    /** A relayed platform event reached the bot (or was given up on). */
    record RelaySettled(String botId, String eventId) implements StoreWrite {
    }

    /**
     * A state change: the message's current state and a history entry. {@code closes} when the
     * message is final and no webhook event of it is pending.
     */
    record Transition(long id, int seq, MessageState to, String reason, String channel, int partsTotal, long at,
                      boolean closes) implements StoreWrite {
    }

    /** The concatenation reference a long SMS is sent with (stored before its first part goes out). */
    record SetConcatReference(long id, int reference) implements StoreWrite {
    }

    /** The SMSC acknowledged a part: its id becomes a key receipts are correlated by. */
    record InsertPart(String smscKey, String smscId, String link, long id, int partNo, long at) implements StoreWrite {
    }

    /** A receipt for a part. */
    record UpdatePart(long id, int partNo, String state, String error, long at) implements StoreWrite {
    }

    record PutOrphanReceipt(String smscKey, String link, String status, String error, long at) implements StoreWrite {
    }

    record DeleteOrphanReceipt(String smscKey) implements StoreWrite {
    }

    /**
     * The webhook event for history entry {@code seq} is settled (delivered, or given up on).
     * {@code closes} when it reports a final state: the message is closed unless a newer entry
     * (e.g. displayed after delivered) is still pending.
     */
    record HookSettled(long id, int seq, boolean closes, long at) implements StoreWrite {
    }

    /**
     * A charging data record ({@code id} its record id): a CSV line for the exporter, and what it
     * adds to its bot's usage (null: nothing), counted only if the record is new.
     */
    record InsertCdr(long id, long at, String line, Usage usage) implements StoreWrite {
        public InsertCdr(long id, long at, String line) {
            this(id, at, line, null);
        }
    }

    /** What a prepaid bot's new message {@code id} reserves of its credit; kept only if the message is new. */
    record PutHold(long id, String botId, java.math.BigDecimal amount) implements StoreWrite {
    }

    /**
     * Message {@code id} was charged {@code charged} (0: it ended uncharged, or was never stored):
     * its hold {@code hold} goes and the charge comes off its bot's balance, once.
     */
    record SettleHold(long id, String botId, java.math.BigDecimal hold, java.math.BigDecimal charged, long at)
            implements StoreWrite {
    }

    /** {@code amount} is added to a prepaid bot's balance (the account opens with it, in {@code currency}). */
    record TopUp(String botId, String currency, java.math.BigDecimal amount, long at) implements StoreWrite {
    }

    /** What one record adds to its bot's usage; {@code firstOfMessage} counts the message once. */
    record Usage(String botId, String channel, String category, String currency, boolean firstOfMessage, int units,
                 java.math.BigDecimal amount) {
    }

    /** A bot's conversation with a user, as it now is (replaces what was stored for the two). */
    record PutConversation(String botId, String userContact, long openedAt, boolean charged, String kind, String singles)
            implements StoreWrite {
        public PutConversation(String botId, String userContact, long openedAt, boolean charged) {
            this(botId, userContact, openedAt, charged, "P2A", "");
        }
    }

    /** The exporter wrote this record to a CDR file that is now on disk. */
    record DeleteCdr(long id) implements StoreWrite {
    }

    /**
     * Retention: message {@code id} and its parts ({@code smscKeys}) are deleted, unless the
     * message was opened again since it was found closed.
     */
    record DeleteMessage(long id, List<String> smscKeys) implements StoreWrite {
    }

    /** Retention: a platform event the bot's webhook has taken (a pending one stays). */
    record DeletePlatformEvent(String botId, String eventId) implements StoreWrite {
    }

    /** Retention: a conversation that ended, unless it was replaced by one opened since. */
    record DeleteConversation(String botId, String userContact, long openedAt) implements StoreWrite {
    }
}
