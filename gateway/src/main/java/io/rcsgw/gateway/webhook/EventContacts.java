package io.rcsgw.gateway.webhook;

import java.util.concurrent.CompletableFuture;

/** How an event names the user to the bot: the payload as the bot may see it, once it is ready to go. */
public interface EventContacts {

    CompletableFuture<byte[]> payload(WebhookEvent event, byte[] json);

    /** Events go as they are. */
    EventContacts AS_IS = (event, json) -> CompletableFuture.completedFuture(json);
}
