package io.rcsgw.rules.rating;

/**
 * What an outcome is billed as. RCS business messages follow the GSMA categories: a basic
 * message is plain text of at most {@link Rater#BASIC_MAX_CHARS} characters, a single message
 * anything richer or longer. SMS is billed per segment the SMSC accepted.
 */
public enum ChargeCategory {
    RCS_BASIC,
    RCS_SINGLE,
    SMS_SEGMENT,
    /** Nothing billable happened: the message was neither delivered over RCS nor taken by an SMSC. */
    NONE
}
