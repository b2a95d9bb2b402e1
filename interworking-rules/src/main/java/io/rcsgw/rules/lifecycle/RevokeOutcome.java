package io.rcsgw.rules.lifecycle;

/** The platform's answer to a revoke. */
public enum RevokeOutcome {
    /** Revoked: it will not be delivered. */
    REVOKED,
    /** Too late: it was delivered (its delivered event is on its way). */
    TOO_LATE,
    /** The platform could not be asked or gave no clear answer. */
    UNKNOWN
}
