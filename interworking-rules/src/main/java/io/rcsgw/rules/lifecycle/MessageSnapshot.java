package io.rcsgw.rules.lifecycle;

import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.FallbackPolicy;
import io.rcsgw.rules.routing.ReceiptPolicy;

import java.util.Objects;

/**
 * What the life cycle needs to know of a message: its state, its rule's fallback and receipt
 * policies (as the message narrowed them), and how many SMS parts an SMSC has acknowledged.
 */
public record MessageSnapshot(MessageState state, FallbackPolicy fallback, ReceiptPolicy receipts, int partsAcknowledged) {

    public MessageSnapshot {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(receipts, "receipts");
    }
}
