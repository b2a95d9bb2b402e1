package io.rcsgw.rules.rating;

import java.time.Duration;

/**
 * A conversation between a bot and one user, as billed: it opens when the user writes to the
 * bot (a message or a suggested reply) and no conversation is open, and lasts {@link #WINDOW}.
 * The first of the bot's RCS messages delivered to the user inside it carries the conversation's
 * price; the others are covered by it. A user who writes again inside it does not extend it.
 */
public record Conversation(long openedAt, boolean charged) {

    public static final Duration WINDOW = Duration.ofHours(24);

    /** Where a delivered RCS message stands. */
    public enum Share {
        /** No conversation is open: rated as a basic or single message. */
        NONE,
        /** It is the first one delivered in the conversation and carries its price. */
        CHARGED_HERE,
        /** The conversation was charged with an earlier message. */
        COVERED
    }

    public static Conversation opened(long at) {
        return new Conversation(at, false);
    }

    public boolean isOpen(long now) {
        return now < openedAt + WINDOW.toMillis();
    }

    /** The user writes at {@code now}: this conversation if it is still open, else a new one. */
    public static Conversation onUserMessage(Conversation current, long now) {
        return current != null && current.isOpen(now) ? current : opened(now);
    }

    /** A bot message is delivered at {@code now}: its share, and the conversation after it. */
    public static Share share(Conversation current, long now) {
        if (current == null || !current.isOpen(now)) {
            return Share.NONE;
        }
        return current.charged() ? Share.COVERED : Share.CHARGED_HERE;
    }

    public Conversation charge() {
        return new Conversation(openedAt, true);
    }
}
