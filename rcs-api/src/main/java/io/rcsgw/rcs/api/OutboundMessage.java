package io.rcsgw.rcs.api;

import io.rcsgw.rules.model.Msisdn;

/**
 * A validated message from a bot. {@code clientMsgId} is the bot's own id when it gave one
 * (then repeats are deduplicated), null otherwise; {@code fingerprint} identifies the request's
 * content so that a repeat with different content can be told apart.
 */
public record OutboundMessage(String clientMsgId, Msisdn userContact, String text, String fingerprint) {
}
