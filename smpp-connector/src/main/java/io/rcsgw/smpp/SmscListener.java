package io.rcsgw.smpp;

import io.rcsgw.smpp.receipt.DeliveryReceipt;

/**
 * What a link reports to the application. Calls are made on the link's PDU threads; the
 * deliver_sm is acknowledged when the call returns, so an implementation returns only once
 * the receipt is durable and throws to have the SMSC send it again.
 */
public interface SmscListener {

    void onDeliveryReceipt(String link, DeliveryReceipt receipt) throws Exception;

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
