package io.rcsgw.smpp.receipt;

import java.time.LocalDateTime;

/**
 * A delivery receipt as the gateway needs it: which submit it is about, what happened, the
 * SMSC's error code and dates. {@code messageId} is as the SMSC wrote it; see
 * {@link MessageIdKey}. {@code exactId}: it came in receipted_message_id, which SMPP 3.4 defines
 * as the id of the submit_sm_resp, so only that form matches; an id read from the receipt's text
 * may be the same number written another way. The dates are the SMSC's local time (SMPP 3.4
 * receipts carry no zone), null when absent or unreadable.
 */
public record DeliveryReceipt(String messageId, ReceiptStatus status, String errorCode, LocalDateTime submitDate,
                              LocalDateTime doneDate, boolean exactId) {

    public DeliveryReceipt(String messageId, ReceiptStatus status, String errorCode) {
        this(messageId, status, errorCode, null, null, false);
    }
}
