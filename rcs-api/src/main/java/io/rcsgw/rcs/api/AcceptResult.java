package io.rcsgw.rcs.api;

/** The gateway's answer to a message it was offered. */
public sealed interface AcceptResult {

    /** Stored (now, or earlier when {@code repeat}) under this id. */
    record Accepted(String msgId, boolean repeat) implements AcceptResult {
    }

    /** The bot already used this msgId for a different message. */
    record Conflict(String msgId) implements AcceptResult {
    }
}
