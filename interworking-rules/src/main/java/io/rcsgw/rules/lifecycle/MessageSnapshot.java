package io.rcsgw.rules.lifecycle;

import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.FallbackPolicy;
import io.rcsgw.rules.routing.ReceiptPolicy;

import java.time.Instant;
import java.util.Objects;

/**
 * What the life cycle needs to know of a message: its state; its rule's fallback and receipt
 * policies (as the message narrowed them); how many SMS parts went to an SMSC (acknowledged, or
 * submitted and not answered yet); {@code leftRcs}: it is still RCS_SENT but already on its way to
 * SMS (a fallback decided, its SMS_QUEUED not stored yet), so RCS statuses for it are late;
 * {@code expiresAt}: when it expires (null: never); {@code upgraded}: an SMS-bound text sent as
 * RCS, whose sender knows no displayed; {@code smsAllowed}: its rule may send it as SMS at all.
 */
public record MessageSnapshot(MessageState state, FallbackPolicy fallback, ReceiptPolicy receipts, int partsSent,
                              boolean leftRcs, Instant expiresAt, boolean upgraded, boolean smsAllowed) {

    public MessageSnapshot {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(receipts, "receipts");
    }

    public MessageSnapshot(MessageState state, FallbackPolicy fallback, ReceiptPolicy receipts, int partsSent) {
        this(state, fallback, receipts, partsSent, false, null, false, true);
    }

    public MessageSnapshot(MessageState state, FallbackPolicy fallback, ReceiptPolicy receipts, int partsSent,
                           boolean leftRcs) {
        this(state, fallback, receipts, partsSent, leftRcs, null, false, true);
    }

    /** Whether it has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
