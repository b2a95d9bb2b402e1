package io.rcsgw.gateway.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.webhook.EventContacts;
import io.rcsgw.gateway.webhook.WebhookEvent;

import java.util.concurrent.CompletableFuture;

/**
 * Puts chatIds on webhook events: every event from a user carries the user's chatId beside the
 * number, and an anonymous bot's events (its messages' statuses too) carry the chatId alone.
 */
public final class ChatIdContacts implements EventContacts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatIds chatIds;

    public ChatIdContacts(ChatIds chatIds) {
        this.chatIds = chatIds;
    }

    @Override
    public CompletableFuture<byte[]> payload(WebhookEvent event, byte[] json) {
        boolean hide = chatIds.anonymous(event.botId());
        if (!(event instanceof WebhookEvent.Relay) && !hide) {
            return CompletableFuture.completedFuture(json);
        }
        return chatIds.remember(event.botId(), event.userContact()).thenApply(chatId -> rewrite(json, chatId, hide));
    }

    static byte[] rewrite(byte[] json, String chatId, boolean hideNumber) {
        try {
            JsonNode root = JSON.readTree(json);
            if (!(root instanceof ObjectNode o)) {
                return json;
            }
            ObjectNode contact = o.get("messageContact") instanceof ObjectNode c ? c : o.putObject("messageContact");
            contact.put("chatId", chatId);
            if (hideNumber) {
                contact.remove("userContact");
            }
            return JSON.writeValueAsBytes(o);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
