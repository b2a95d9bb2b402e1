package io.rcsgw.rcs.api;

/** The gateway's answer to a message it was offered. */
public sealed interface AcceptResult {

    /** Stored (now, or earlier when {@code repeat}) under this id. */
    record Accepted(String msgId, boolean repeat) implements AcceptResult {
    }

    /** The bot already used this msgId for a different message. */
    record Conflict(String msgId) implements AcceptResult {
    }

    /**
     * Not taken, and nothing stored: {@code field} is the request field at fault. {@code tooLong}
     * when its SMS text needs more segments than allowed, else the operator's rules refuse it.
     */
    record Refused(String field, String detail, boolean tooLong) implements AcceptResult {
    }

    /** Not taken, and nothing stored: {@code field} holds a value the gateway cannot use (a file URL with no file behind it). */
    record Invalid(String field, String detail) implements AcceptResult {
    }

    /**
     * Not taken, and nothing stored: the gateway holds as many unfinished messages as it may
     * ({@code overload.maxOpen}); offer it again after {@code retryAfterSeconds}.
     */
    record Busy(long retryAfterSeconds, String detail) implements AcceptResult {
    }

    /**
     * Not taken, and nothing stored: the bot is prepaid and its credit left ({@code available})
     * does not cover the most the message may cost ({@code needed}); amounts are decimal strings
     * in {@code currency}.
     */
    record PaymentRequired(String needed, String available, String shortfall, String currency) implements AcceptResult {
    }
}
