package io.rcsgw.gateway.contacts;

import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.MessageStatusView;
import io.rcsgw.rcs.api.ForwardingMessagingService;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.OutboundMessage;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * chatIds at the API: a chatId names the user it was given for, and an anonymous bot sees its
 * messages' recipients by chatId alone (the chatId of a number it sent to is remembered before
 * the message is taken, so the events that follow can name it). Everything else passes on.
 */
public final class ChatAddressing extends ForwardingMessagingService {

    private final ChatIds chatIds;

    public ChatAddressing(MessagingService gateway, ChatIds chatIds) {
        super(gateway);
        this.chatIds = chatIds;
    }

    @Override
    public CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message) {
        if (!chatIds.anonymous(botId)) {
            return next.accept(botId, message);
        }
        return chatIds.remember(botId, message.userContact().e164()).thenCompose(x -> next.accept(botId, message));
    }

    @Override
    public Optional<String> userOf(String botId, String chatId) {
        return chatIds.userOf(botId, chatId);
    }

    @Override
    public Optional<MessageStatusView> status(String botId, String msgId) {
        Optional<MessageStatusView> v = next.status(botId, msgId);
        if (v.isEmpty() || !chatIds.anonymous(botId)) {
            return v;
        }
        return v.map(s -> s.withContact(null, chatIds.chatId(botId, s.userContact())));
    }
}
