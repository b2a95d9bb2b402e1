package io.rcsgw.rules.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.rcsgw.rules.model.MessageState.*;

/**
 * The one state machine of a message, used by every part of the gateway. A transition that is
 * not listed here is a bug or a late/duplicate event, and the caller decides which by asking.
 */
public final class MessageLifecycle {

    private static final Map<MessageState, Set<MessageState>> ALLOWED = new EnumMap<>(MessageState.class);

    static {
        ALLOWED.put(ACCEPTED, EnumSet.of(RCS_SENT, SMS_QUEUED, FAILED, CANCELLED, EXPIRED));
        ALLOWED.put(RCS_SENT, EnumSet.of(DELIVERED, DISPLAYED, SMS_QUEUED, FAILED, CANCELLED, EXPIRED));
        ALLOWED.put(SMS_QUEUED, EnumSet.of(SMS_SUBMITTED, REJECTED, FAILED, CANCELLED, EXPIRED));
        ALLOWED.put(SMS_SUBMITTED, EnumSet.of(DELIVERED, UNDELIVERABLE, EXPIRED, REJECTED, FAILED));
        ALLOWED.put(DELIVERED, EnumSet.of(DISPLAYED));
        for (MessageState s : MessageState.values()) {
            ALLOWED.putIfAbsent(s, EnumSet.noneOf(MessageState.class));
        }
    }

    private MessageLifecycle() {
    }

    public static boolean canMove(MessageState from, MessageState to) {
        return ALLOWED.get(from).contains(to);
    }

    /**
     * Checks a transition and returns it as an event.
     *
     * @throws IllegalTransitionException when the state machine does not allow it
     */
    public static Transition move(MessageState from, MessageState to, String reason, long atMillis) {
        if (!canMove(from, to)) {
            throw new IllegalTransitionException(from, to, reason);
        }
        return new Transition(from, to, reason, atMillis);
    }

    public static final class IllegalTransitionException extends IllegalStateException {
        public IllegalTransitionException(MessageState from, MessageState to, String reason) {
            super("illegal transition " + from + " -> " + to + " (" + reason + ")");
        }
    }
}
