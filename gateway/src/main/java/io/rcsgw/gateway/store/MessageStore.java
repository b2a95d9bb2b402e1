package io.rcsgw.gateway.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's durable state behind JDBC (H2 embedded, PostgreSQL in production). Writes are
 * group-committed: many callers' groups share one transaction, and each caller's future
 * completes when its group is durable.
 */
public interface MessageStore extends AutoCloseable {

    /** An id for a new message, unique across every node sharing the database. */
    long newMessageId();

    /**
     * Commits the group atomically. The result tells, per InsertMessage and InsertPlatformEvent in
     * order, whether it was new.
     */
    CompletableFuture<List<Boolean>> write(List<StoreWrite> group);

    /**
     * Commits a group that nothing waits for, message {@code id}'s webhook cursor: the store may
     * hold it for a moment so that it shares an UPDATE with the message's next change.
     */
    default CompletableFuture<List<Boolean>> writeSoon(long id, List<StoreWrite> group) {
        return write(group);
    }

    /** Commits every write held by {@link #writeSoon} now, and waits until they are durable. */
    default void flush() {
    }

    Optional<StoredMessage> find(MessageKey key, boolean withHistory);

    /** The message with this id, with history and parts. */
    Optional<StoredMessage> findById(long id);

    /** Every message still open (not final, or with webhook events pending), with history and parts, oldest first. */
    List<StoredMessage> unfinished();

    /** The node of a cluster that owns message {@code id} (empty: none, or no such message). */
    Optional<String> ownerOf(long id);

    /** Whether the message is unfinished in the store, whichever node works on it. */
    boolean isOpen(long id);

    /** How many unfinished messages each node of a cluster owns. */
    Map<String, Long> openByOwner();

    /** The unfinished messages a node of a cluster owns. */
    List<StoredMessage> unfinished(String owner);

    /**
     * Makes {@code to} the owner of up to {@code limit} unfinished messages of {@code from} (null:
     * of no node), a node whose lease ran out; their ids. PostgreSQL only.
     */
    List<Long> claimOpen(String from, String to, int limit);

    /** The part an SMSC message id (canonical key) belongs to. */
    Optional<PartRef> findPart(String smscKey);

    List<OrphanReceipt> orphanReceipts();

    /**
     * Platform events from users that the bots' webhooks have not taken yet, oldest first: those
     * {@code owner} stored (null: every one, on a single node).
     */
    List<PendingRelay> pendingRelays(String owner);

    /**
     * Makes {@code to} the relaying node of the pending events of {@code from} (null: of no node),
     * a node whose lease ran out; those events, oldest first. PostgreSQL only.
     */
    List<PendingRelay> claimRelays(String from, String to);

    /** Conversations opened at or after {@code since} (epoch millis). */
    List<StoredConversation> conversationsSince(long since);

    /** A bot's usage from epoch minute {@code fromMinute} (inclusive) to {@code toMinute} (exclusive), by channel, category and currency. */
    List<UsageRow> usage(String botId, long fromMinute, long toMinute);

    /**
     * Messages with an id above {@code afterId}, lowest first, at most {@code limit}: what
     * retention decides on. Ids grow with acceptance, so this walks from the oldest.
     */
    List<RetainedMessage> messagesAfter(long afterId, int limit);

    /** Platform events received before {@code before} that no webhook waits for, at most {@code limit}. */
    List<PlatformEventKey> settledPlatformEvents(long before, int limit);

    /** Conversations opened before {@code before}, at most {@code limit}. */
    List<StoredConversation> conversationsBefore(long before, int limit);

    /** Charging data records not exported yet, lowest id first, at most {@code limit}. */
    List<PendingCdr> pendingCdrs(int limit);

    /** How many charging data records wait for export, and when the next one to go was closed. */
    CdrBacklog cdrBacklog();

    /** The message a web view token shows, and until when; empty when the token is unknown (or deleted by retention). */
    Optional<WebView> webView(String token);

    /** The numbered suggestions of the last SMS the bot sent the user, while they may still be answered. */
    Optional<SmsMenu> smsMenu(String botId, String userContact, long now);

    /** Who sent the bot the message (or response) {@code msgId}, and how ({@code sms-mo} for an SMS); empty when unknown. */
    Optional<UserMessage> userMessage(String botId, String msgId);

    /** What a user sent a bot, as a read receipt needs it. */
    record UserMessage(String userContact, String kind) {
        public boolean bySms() {
            return kind.equals("sms-mo");
        }
    }

    boolean isReachable();

    @Override
    void close();

    /** A part of message {@code id}. */
    record PartRef(long id, int partNo, String link) {
    }

    record PendingRelay(String botId, String eventId, String kind, String userContact, String payload, long receivedAt) {
    }

    /** {@code open}: not final, or a webhook event of it is pending; {@code smscKeys}: its parts' correlation keys. */
    record RetainedMessage(long id, long acceptedAt, long updatedAt, boolean open, List<String> smscKeys) {
    }

    record PlatformEventKey(String botId, String eventId) {
    }

    record PendingCdr(long id, long closedAt, String line) {
    }

    /** Every prepaid bot's balance. */
    List<CreditAccount> creditAccounts();

    /** What every unfinished message of a prepaid bot reserved. */
    List<CreditHold> creditHolds();

    record CreditAccount(String botId, String currency, java.math.BigDecimal balance) {
    }

    record CreditHold(long id, String botId, java.math.BigDecimal amount) {
    }

    /** Sums of a bot's records over a range: messages (each counted once, by its first record), records, units, amount. */
    record UsageRow(String channel, String category, String currency, long messages, long records, long units,
                    java.math.BigDecimal amount) {
    }

    /** {@code kind} P2A, A2P or BOT (singles that a reply would turn into an A2P conversation, see V16). */
    record StoredConversation(String botId, String userContact, long openedAt, boolean charged, String kind, String singles) {
        public StoredConversation(String botId, String userContact, long openedAt, boolean charged) {
            this(botId, userContact, openedAt, charged, "P2A", "");
        }
    }

    /** {@code nextClosedAt}: epoch millis, 0 when there are none. */
    record CdrBacklog(long records, long nextClosedAt) {
    }

    record WebView(long messageId, long expiresAt) {
    }

    /** {@code suggestions}: JSON, as the writer stored it. */
    record SmsMenu(String msgId, String suggestions, long expiresAt) {
    }

    record OrphanReceipt(String smscKey, String link, String status, String error, long receivedAt) {
    }
}
