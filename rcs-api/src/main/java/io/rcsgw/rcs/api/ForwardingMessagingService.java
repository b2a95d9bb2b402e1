package io.rcsgw.rcs.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link MessagingService} that passes every call on: the base of a decorator, which overrides
 * only the calls it adds to.
 */
public abstract class ForwardingMessagingService implements MessagingService {

    protected final MessagingService next;

    protected ForwardingMessagingService(MessagingService next) {
        this.next = next;
    }

    @Override
    public CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message) {
        return next.accept(botId, message);
    }

    @Override
    public Optional<MessageStatusView> status(String botId, String msgId) {
        return next.status(botId, msgId);
    }

    @Override
    public CompletableFuture<QuoteResult> quote(String botId, OutboundMessage message) {
        return next.quote(botId, message);
    }

    @Override
    public CompletableFuture<Optional<Usage>> usage(String botId, java.time.Instant from, java.time.Instant to) {
        return next.usage(botId, from, to);
    }

    @Override
    public CompletableFuture<Optional<RevokeResult>> revoke(String botId, String msgId) {
        return next.revoke(botId, msgId);
    }

    @Override
    public CompletableFuture<ReadReceipt> displayed(String botId, String msgId, String userContact) {
        return next.displayed(botId, msgId, userContact);
    }

    @Override
    public CompletableFuture<List<CapabilityView>> capabilities(String botId, List<String> userContacts) {
        return next.capabilities(botId, userContacts);
    }

    @Override
    public CompletableFuture<Void> isTyping(String botId, String userContact, boolean active) {
        return next.isTyping(botId, userContact, active);
    }

    @Override
    public Optional<String> userOf(String botId, String chatId) {
        return next.userOf(botId, chatId);
    }
}
