package io.rcsgw.smpp.receipt;

/**
 * A delivery receipt as the gateway needs it: which submit it is about, what happened, and
 * the SMSC's error code. {@code messageId} is as the SMSC wrote it; see {@link MessageIdKey}.
 */
public record DeliveryReceipt(String messageId, ReceiptStatus status, String errorCode) {
}
