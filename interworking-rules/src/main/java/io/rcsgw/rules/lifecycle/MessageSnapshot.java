package io.rcsgw.rules.lifecycle;

import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.FallbackPolicy;
import io.rcsgw.rules.routing.ReceiptPolicy;

import java.util.Objects;

/**
 * What the life cycle needs to know of a message: its state, its rule's fallback and receipt
 * policies (as the message narrowed them), how many SMS parts an SMSC has acknowledged, and
 * {@code leftRcs}: it is still RCS_SENT but already on its way to SMS (a fallback decided, its
 * SMS_QUEUED not stored yet), so RCS statuses for it are late.
 */
public record MessageSnapshot(MessageState state, FallbackPolicy fallback, ReceiptPolicy receipts, int partsAcknowledged,
                              boolean leftRcs) {

    public MessageSnapshot(MessageState state, FallbackPolicy fallback, ReceiptPolicy receipts, int partsAcknowledged) {
        this(state, fallback, receipts, partsAcknowledged, false);
    }

    public MessageSnapshot {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(receipts, "receipts");
    }
}
