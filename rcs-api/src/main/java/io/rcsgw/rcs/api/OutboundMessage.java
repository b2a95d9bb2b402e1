package io.rcsgw.rcs.api;

import io.rcsgw.rules.model.Msisdn;

/**
 * A validated message from a bot. {@code clientMsgId} is the bot's own id when it gave one
 * (then repeats are deduplicated), null otherwise; {@code smsText} is what goes out when it is
 * sent as SMS (the text, the bot's explicit SMS text, or the rich content rendered);
 * {@code content} is the normalized request ({@code RCSMessage} without its msgId, and the
 * {@code gateway} extensions) as JSON when it is more than plain text, null otherwise;
 * {@code fingerprint} identifies the request's content so that a repeat with different content
 * can be told apart; {@code clientContext} is the bot's context for its events (null when none).
 */
public record OutboundMessage(String clientMsgId, Msisdn userContact, String smsText, String content, String fingerprint,
                              String clientContext) {
}
