package io.rcsgw.rules.rating;

import java.time.Duration;

/**
 * A conversation between a bot and one user, as billed, lasting {@link #WINDOW} from its start.
 * <ul>
 *   <li>P2A: the user writes (a message or a suggested reply) while none is open; it starts then.
 *       The first of the bot's RCS messages delivered inside it carries its price, the rest are covered.</li>
 *   <li>A2P: the user replies to a bot message that was delivered outside any conversation, less
 *       than 24 h after it was delivered; it starts at that delivery. The reply carries its price,
 *       the bot's messages delivered inside it are covered.</li>
 * </ul>
 * Edges: a window is half open, {@code [start, start + 24 h)}: a reply or answer at exactly 24 h
 * is outside it. A user who writes again inside a conversation does not extend it.
 */
public record Conversation(long openedAt, boolean charged, Kind kind) {

    public static final Duration WINDOW = Duration.ofHours(24);

    public enum Kind {
        A2P,
        P2A
    }

    /** Where a chargeable event stands in a conversation. */
    public enum Share {
        /** No conversation is open: rated on its own. */
        NONE,
        /** It carries the conversation's price. */
        CHARGED_HERE,
        /** The conversation is or was charged with another event. */
        COVERED
    }

    public Conversation(long openedAt, boolean charged) {
        this(openedAt, charged, Kind.P2A);
    }

    public static Conversation opened(long at) {
        return new Conversation(at, false, Kind.P2A);
    }

    public boolean isOpen(long now) {
        return now >= openedAt && now < openedAt + WINDOW.toMillis();
    }

    /**
     * The user writes at {@code now}: the open conversation if there is one; else an A2P one,
     * charged by this reply, when the bot's last message delivered outside a conversation
     * ({@code botDeliveredAt}, null if none) is less than 24 h old; else a new P2A one.
     */
    public static Conversation onUserMessage(Conversation current, Long botDeliveredAt, long now) {
        if (current != null && current.isOpen(now)) {
            return current;
        }
        if (botDeliveredAt != null && botDeliveredAt <= now && now < botDeliveredAt + WINDOW.toMillis()) {
            return new Conversation(botDeliveredAt, true, Kind.A2P);
        }
        return opened(now);
    }

    /** As {@link #onUserMessage(Conversation, Long, long)} for a bot that never wrote first: P2A only. */
    public static Conversation onUserMessage(Conversation current, long now) {
        return onUserMessage(current, null, now);
    }

    /** The share of a user's message at {@code now} that turned {@code before} into {@code after}. */
    public static Share replyShare(Conversation before, Conversation after) {
        return after != before && after.kind == Kind.A2P ? Share.CHARGED_HERE : Share.NONE;
    }

    /** A bot message is delivered at {@code now}: its share of the conversation open then. */
    public static Share share(Conversation current, long now) {
        if (current == null || !current.isOpen(now)) {
            return Share.NONE;
        }
        return current.charged() ? Share.COVERED : Share.CHARGED_HERE;
    }

    public Conversation charge() {
        return new Conversation(openedAt, true, kind);
    }
}
