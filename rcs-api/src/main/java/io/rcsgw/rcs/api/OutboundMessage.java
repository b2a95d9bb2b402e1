package io.rcsgw.rcs.api;

import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.model.Msisdn;
import io.rcsgw.rules.routing.ChannelPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A validated message from a bot. {@code clientMsgId} is the bot's own id when it gave one
 * (then repeats are deduplicated), null otherwise; {@code rich} is its content; {@code smsText}
 * the bot's own SMS text ({@code gateway.smsText}), null when the gateway renders the content;
 * {@code content} is the normalized request ({@code RCSMessage} without its msgId, and the
 * {@code gateway} extensions) as JSON when it is more than plain text, null otherwise;
 * {@code fingerprint} identifies the request's content so that a repeat with different content
 * can be told apart; {@code clientContext} is the bot's context for its events (null when none).
 */
public record OutboundMessage(String clientMsgId, Msisdn userContact, RichMessage rich, String smsText, String content,
                              String fingerprint, String clientContext, Extensions extensions) {

    public OutboundMessage {
        extensions = extensions == null ? Extensions.NONE : extensions;
    }

    /**
     * The gateway fields a message may carry, each null (or empty) when not given:
     * {@code gateway.trafficType}, {@code gateway.tags}, {@code gateway.channel},
     * {@code gateway.fallbackAfter}, the expiry ({@code RCSMessage.expiry} or {@code gateway.ttl},
     * named by {@code expiryField}; a ttl is counted from acceptance) and {@code gateway.upgrade}.
     * {@code api} names the face it came through (http, smpp); {@code sender} is the SMS sender the
     * submitter gave (an ESME's own source address), null where the rules and the bot decide it.
     */
    public record Extensions(String trafficType, Set<String> tags, ChannelPolicy channel, Duration fallbackAfter,
                             Instant expiry, Duration ttl, boolean upgrade, String api, String sender) {

        public static final Extensions NONE = new Extensions(null, Set.of(), null, null, null, null, false);

        public Extensions {
            tags = Set.copyOf(tags);
            api = api == null ? "http" : api;
        }

        /** What a bot may ask through the HTTP API. */
        public Extensions(String trafficType, Set<String> tags, ChannelPolicy channel, Duration fallbackAfter,
                          Instant expiry, Duration ttl, boolean upgrade) {
            this(trafficType, tags, channel, fallbackAfter, expiry, ttl, upgrade, "http", null);
        }

        /** The API field the expiry came from; null when there is none. */
        public String expiryField() {
            return expiry != null ? "RCSMessage.expiry" : ttl != null ? "gateway.ttl" : null;
        }
    }
}
