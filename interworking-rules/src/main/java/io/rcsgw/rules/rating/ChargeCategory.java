package io.rcsgw.rules.rating;

/**
 * What an outcome is billed as. RCS business messages follow the GSMA categories: a basic
 * message is plain text of at most {@link Rater#BASIC_MAX_CHARS} characters, a single message
 * anything richer or longer, and a conversation the bot's messages to a user within
 * {@link Conversation#WINDOW} of the user writing to it, billed once. SMS is billed per segment
 * the SMSC accepted.
 */
public enum ChargeCategory {
    RCS_BASIC,
    RCS_SINGLE,
    /** An RCS message inside a conversation: the first one delivered carries its price, the rest are covered. */
    RCS_CONVERSATION,
    SMS_SEGMENT,
    /** Nothing billable happened: the message was neither delivered over RCS nor taken by an SMSC. */
    NONE
}
