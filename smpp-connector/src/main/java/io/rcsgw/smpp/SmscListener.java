package io.rcsgw.smpp;

import io.rcsgw.smpp.receipt.DeliveryReceipt;

/**
 * What a link reports to the application. Calls are made on the link's PDU threads. A receipt
 * is acknowledged once {@link #receiptStored} completes, so it completes only once the receipt
 * is durable, and fails to have the SMSC send it again; a mobile-originated message is
 * acknowledged when its call returns.
 */
public interface SmscListener {

    void onDeliveryReceipt(String link, DeliveryReceipt receipt) throws Exception;

    /**
     * The same, without a thread waiting: the deliver_sm is acknowledged when the future
     * completes, and refused (the SMSC sends it again) when it fails. By default it calls
     * {@link #onDeliveryReceipt} and completes when that returns.
     */
    default java.util.concurrent.CompletableFuture<Void> receiptStored(String link, DeliveryReceipt receipt) {
        try {
            onDeliveryReceipt(link, receipt);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A mobile-originated message, decoded and, when it came in parts, reassembled. The parts
     * before the last are held in memory by the link; called on the link's supervisor thread
     * for a message given up as partial.
     */
    default void onMobileOriginated(MobileOriginated message) throws Exception {
    }

    /** The SMSC throttled a submit; the link slows down and sends it again itself. */
    default void onThrottled(String link) {
    }

    /** The link's bind state changed. */
    default void onLinkState(String link, boolean bound) {
    }
}
