package io.rcsgw.rcs.platform;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import java.util.concurrent.CompletableFuture;

/**
 * The operator's RCS platform, spoken to in the MaaP chatbot API shape. Every call completes
 * exceptionally with {@link PlatformException.Unavailable} when the platform cannot be used now
 * (breaker open, bulkhead full, timeout, 5xx) and with {@link PlatformException.Rejected} when it
 * refused the request itself (4xx).
 */
public interface RcsPlatform extends AutoCloseable {

    /** Whether the number can receive RCS from this bot; a not-capable answer is a normal result. */
    CompletableFuture<Capability> capabilities(String botId, String userContact);

    /** Sends {@code rcsMessage} (the MaaP RCSMessage object as JSON, with its msgId) to the number. */
    CompletableFuture<Void> send(String botId, String msgId, String userContact, String rcsMessage);

    /** Revokes a sent message; true when the platform revoked it, false when it was too late. */
    CompletableFuture<Boolean> revoke(String botId, String msgId, String userContact);

    /** Shows the bot as typing on the user's handset ({@code active}), or no longer. */
    CompletableFuture<Void> isTyping(String botId, String userContact, boolean active);

    /** A read receipt for a message the user sent. */
    CompletableFuture<Void> displayed(String botId, String msgId, String userContact);

    CircuitBreaker circuitBreaker();

    @Override
    void close();
}
