package io.rcsgw.rules.routing;

import io.rcsgw.rules.model.MessageState;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What happens to an SMS whose delivery receipt never comes: after {@code timeout} (null: the
 * link's validity period plus its margin) the message ends in {@code finalState} with reason
 * {@code receipt-timeout}, so every message ends and its webhook hears how.
 */
public record ReceiptPolicy(Duration timeout, MessageState finalState) {

    /** The states a missing receipt may end in. */
    public static final Set<MessageState> FINAL_STATES = Set.of(MessageState.UNDELIVERABLE, MessageState.EXPIRED,
            MessageState.DELIVERED, MessageState.FAILED);

    public static final ReceiptPolicy DEFAULT = new ReceiptPolicy(null, MessageState.UNDELIVERABLE);

    public ReceiptPolicy {
        Objects.requireNonNull(finalState, "finalState");
        if (!FINAL_STATES.contains(finalState)) {
            throw new IllegalArgumentException("a missing receipt ends in one of " + FINAL_STATES);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
