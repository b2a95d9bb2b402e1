package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

/**
 * What happened to a message, as far as billing cares: the channel it went out on, its final
 * state, whether it carried rich content, the length of its text in characters (code points),
 * how many SMS segments an SMSC accepted, and where it stands in a conversation with its user.
 */
public record Outcome(Channel channel, MessageState state, boolean rich, int textLength, int segmentsAccepted,
                      Conversation.Share conversation) {

    public Outcome(Channel channel, MessageState state, boolean rich, int textLength, int segmentsAccepted) {
        this(channel, state, rich, textLength, segmentsAccepted, Conversation.Share.NONE);
    }
}
