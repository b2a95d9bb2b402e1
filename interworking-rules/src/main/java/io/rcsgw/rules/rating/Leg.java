package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

import java.util.Objects;

/**
 * One chargeable way a message went: its direction, channel, whether it was the fallback of
 * an earlier attempt, the state that leg ended in, its content, the other party (the
 * recipient of an MT, the sender of an MO: SMS prices go by it), how many SMS segments an
 * SMSC accepted (received, for an MO), where it stands in a conversation, and whether it was
 * an SMS sent as RCS (upgraded).
 */
public record Leg(Direction direction, Channel channel, boolean fallback, MessageState state, Measure content,
                  String counterpart, int segments, Conversation.Share share, Conversation.Kind conversationKind,
                  boolean upgraded) {

    public Leg {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(counterpart, "counterpart");
        share = share == null ? Conversation.Share.NONE : share;
        conversationKind = conversationKind == null ? Conversation.Kind.P2A : conversationKind;
    }

    /** A bot's message to a user, outside any conversation. */
    public static Leg mt(Channel channel, MessageState state, Measure content, String recipient, int segments) {
        return new Leg(Direction.MT, channel, false, state, content, recipient, segments, Conversation.Share.NONE,
                null, false);
    }

    public Leg asFallback() {
        return new Leg(direction, channel, true, state, content, counterpart, segments, share, conversationKind, upgraded);
    }

    public Leg inConversation(Conversation.Share s, Conversation.Kind kind) {
        return new Leg(direction, channel, fallback, state, content, counterpart, segments, s, kind, upgraded);
    }

    public Leg asUpgraded() {
        return new Leg(direction, channel, fallback, state, content, counterpart, segments, share, conversationKind, true);
    }

    /** Delivered to the handset (the platform's or SMSC's report says so). */
    public boolean delivered() {
        return state == MessageState.DELIVERED || state == MessageState.DISPLAYED;
    }
}
