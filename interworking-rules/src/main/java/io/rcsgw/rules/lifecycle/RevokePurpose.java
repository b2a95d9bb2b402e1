package io.rcsgw.rules.lifecycle;

/** Why the gateway asks the platform to revoke an RCS message; the answer is applied accordingly. */
public enum RevokePurpose {
    /** Not delivered in time: SMS follows once revoked. */
    FALLBACK,
    /** The message expired. */
    EXPIRY,
    /** The bot revoked it (PUT status cancelled). */
    CLIENT
}
