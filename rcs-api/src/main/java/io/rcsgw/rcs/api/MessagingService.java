package io.rcsgw.rcs.api;

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
}
