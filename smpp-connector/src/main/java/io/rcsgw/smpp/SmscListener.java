package io.rcsgw.smpp;

import io.rcsgw.smpp.receipt.DeliveryReceipt;

/**
 * What a link reports to the application. Calls are made on the link's PDU threads; the
 * deliver_sm is acknowledged when the call returns, so an implementation returns only once
 * the receipt is durable and throws to have the SMSC send it again.
 */
public interface SmscListener {

    void onDeliveryReceipt(String link, DeliveryReceipt receipt) throws Exception;

    /** A mobile-originated message; text already decoded. */
    default void onMobileOriginated(String link, String from, String to, String text) throws Exception {
    }

    /** The SMSC throttled a submit; the link slows down and sends it again itself. */
    default void onThrottled(String link) {
    }

    /** The link's bind state changed. */
    default void onLinkState(String link, boolean bound) {
    }
}
