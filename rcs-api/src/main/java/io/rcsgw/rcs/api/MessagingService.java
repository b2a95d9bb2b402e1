package io.rcsgw.rcs.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP layer needs from the gateway: take a message, and tell a bot about its own
 * messages. The gateway implements it; the future of {@link #accept} completes only once the
 * message is durably stored.
 */
public interface MessagingService {

    CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message);

    Optional<MessageStatusView> status(String botId, String msgId);

    /** The bot's usage over {@code [from, to)}; empty when the gateway keeps none (rating is off). */
    default CompletableFuture<Optional<Usage>> usage(String botId, java.time.Instant from, java.time.Instant to) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** What the message would cost if sent now, as which channel and category, without storing or sending anything. */
    default CompletableFuture<QuoteResult> quote(String botId, OutboundMessage message) {
        return CompletableFuture.completedFuture(new QuoteResult.NotOffered("this gateway offers no quotes"));
    }

    /** Revokes a message not yet delivered; empty when the bot has no such message. */
    CompletableFuture<Optional<RevokeResult>> revoke(String botId, String msgId);

    /**
     * A read receipt for a message a user sent the bot, to the user who sent it; {@code userContact}
     * may be null (MaaP SDKs send none), and when given must be that user.
     */
    CompletableFuture<ReadReceipt> displayed(String botId, String msgId, String userContact);

    /** Whether each number can get RCS; numbers keep their order. */
    CompletableFuture<List<CapabilityView>> capabilities(String botId, List<String> userContacts);

    /** Shows the bot as typing on the user's handset, or stops it ({@code active} false); RCS only, nothing is stored. */
    CompletableFuture<Void> isTyping(String botId, String userContact, boolean active);

    /**
     * The number a chatId stands for, for this bot: the chatId the gateway put on the user's events
     * (MaaP's privacy model); empty when the bot was never given that chatId.
     */
    default Optional<String> userOf(String botId, String chatId) {
        return Optional.empty();
    }

    /** What became of a read receipt. */
    enum ReadReceipt {
        /** Passed to the RCS platform. */
        SENT,
        /** The user wrote by SMS, which has no read receipts: nothing to send. */
        SMS,
        /** No message of that msgId from a user of this bot (and no userContact given). */
        UNKNOWN,
        /** The msgId came from another user than the one given. */
        OTHER_USER
    }

    /** {@code revoked}: it will not be delivered now; otherwise {@code state} says how far it got. */
    record RevokeResult(boolean revoked, String status, String state) {
    }

    /** One number's answer: {@code capable} and the platform's feature names; {@code error} when it could not be asked. */
    record CapabilityView(String userContact, boolean capable, List<String> features, String error) {
    }
}
