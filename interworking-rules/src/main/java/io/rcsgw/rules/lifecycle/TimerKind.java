package io.rcsgw.rules.lifecycle;

import java.util.Locale;

/** The durable deadlines a message can have; each is stored with the message and re-armed after a restart. */
public enum TimerKind {
    /** RCS not delivered by then: revoke, then SMS (per rule). */
    UNDELIVERED,
    /** The message expires: revoked on RCS, never sent as SMS afterwards. */
    EXPIRY,
    /** An SMS whose receipt has not come by then ends (reason receipt-timeout). */
    RECEIPT,
    /** A message held back by its rule's time window is decided again. */
    DEFER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TimerKind parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
