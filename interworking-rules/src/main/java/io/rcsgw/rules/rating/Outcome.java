package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

/**
 * What happened to a message, as far as billing cares: the channel it went out on, its final
 * state, whether it carried rich content, the length of its text in characters (code points),
 * and how many SMS segments an SMSC accepted.
 */
public record Outcome(Channel channel, MessageState state, boolean rich, int textLength, int segmentsAccepted) {
}
