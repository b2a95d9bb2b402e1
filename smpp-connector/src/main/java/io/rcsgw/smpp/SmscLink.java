package io.rcsgw.smpp;

import java.util.concurrent.CompletableFuture;

/**
 * A bound connection to one SMSC, seen from the ESME side. At most {@code window} submits are
 * outstanding at a time, one per destination; the rest wait in order. When the SMSC throttles,
 * the link slows down and resends by itself. It reconnects by itself; submits made while it is
 * down complete with {@link SubmitOutcome.LinkDown} so the caller can retry.
 */
public interface SmscLink extends AutoCloseable {

    String name();

    /** How this link's SMSC wants its short messages. */
    SmsSettings sms();

    /** How this link treats errors, throttling and timeouts. */
    SubmitPolicy policy();

    /** Connects and binds in the background; returns at once. */
    void start();

    boolean isBound();

    /**
     * Takes the link out of service (unbinds; submits complete at once with LinkDown so they
     * move elsewhere) or back in. A disabled link is not bound.
     */
    void setEnabled(boolean enabled);

    boolean isEnabled();

    /** Sends one submit_sm; the future completes with the SMSC's answer, never exceptionally. */
    CompletableFuture<SubmitOutcome> submit(ShortMessagePdu pdu);

    /**
     * From now on each submit is written only while {@code mayWrite} holds; until it does again
     * the link's submits wait, in order (a node of a cluster that may have lost its lease, and its
     * messages with it, writes nothing).
     */
    void gateWrites(java.util.function.BooleanSupplier mayWrite);

    /** Submits accepted by this link but not yet answered, including those waiting for the window. */
    int outstanding();

    /** Submits written to the SMSC whose response has not come yet (at most the window). */
    int onTheWire();

    /** Unbinds cleanly and stops reconnecting. */
    @Override
    void close();
}
