package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.Durations;
import io.rcsgw.rules.routing.ChannelPolicy;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.Requested;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A message as it comes back from the store (after a restart, or for a late event): its live
 * state and what the rules see of it, read from its stored content. The content is the request
 * as the API checked it, so what is read here was valid when it came in.
 */
final class Resumed {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Resumed() {
    }

    static InFlight inFlight(StoredMessage m) {
        JsonNode content = read(m.content());
        InFlight f = new InFlight(m.id(), m.key(), m.recipient(), m.body(), m.acceptedAt(), m.state(), m.lastSeq(),
                m.content(), clientContext(content), facts(m.key().botId(), m.recipient(), content, m.acceptedAt()));
        f.channel = m.channel() == null ? null : Channel.valueOf(m.channel().toUpperCase(Locale.ROOT));
        f.rule = m.rule();
        f.deadlines.putAll(Deadlines.decode(m.deadlines()));
        f.menu = menu(m.menu());
        return f;
    }

    /** What the rules see of a message, from the request the API took (null: a plain text). */
    static MessageFacts facts(String botId, String recipient, JsonNode content, long acceptedAt) {
        if (content == null) {
            return new MessageFacts(botId, recipient, Set.of(ContentKind.TEXT), null, Set.of(), Requested.NOTHING);
        }
        JsonNode rcs = content.path("RCSMessage");
        JsonNode gw = content.path("gateway");
        Set<ContentKind> kinds = EnumSet.noneOf(ContentKind.class);
        if (rcs.has("fileMessage") || rcs.has("audioMessage")) {
            kinds.add(ContentKind.FILE);
        } else if (rcs.has("geolocationPushMessage")) {
            kinds.add(ContentKind.LOCATION);
        } else if (rcs.has("richcardMessage")) {
            JsonNode msg = rcs.path("richcardMessage").path("message");
            boolean carousel = msg.has("generalPurposeCardCarousel");
            kinds.add(carousel ? ContentKind.CAROUSEL : ContentKind.CARD);
            JsonNode cards = carousel ? msg.path("generalPurposeCardCarousel").path("content")
                    : JSON.createArrayNode().add(msg.path("generalPurposeCard").path("content"));
            for (JsonNode c : cards) {
                if (c.path("suggestions").size() > 0) {
                    kinds.add(ContentKind.SUGGESTIONS);
                }
            }
        } else {
            kinds.add(ContentKind.TEXT);
        }
        if (rcs.path("suggestedChipList").path("suggestions").size() > 0) {
            kinds.add(ContentKind.SUGGESTIONS);
        }
        Set<String> tags = new LinkedHashSet<>();
        gw.path("tags").forEach(t -> tags.add(t.asText()));
        return new MessageFacts(botId, recipient, kinds, text(gw, "trafficType"), tags, requested(rcs, gw, acceptedAt));
    }

    /** What a message asked for, from its parsed extensions; a ttl counts from acceptance. */
    static Requested requested(OutboundMessage.Extensions e, long acceptedAt) {
        Instant expires = e.expiry() != null ? e.expiry() : e.ttl() == null ? null : Instant.ofEpochMilli(acceptedAt).plus(e.ttl());
        return new Requested(e.channel(), e.fallbackAfter(), expires, e.expiryField(), e.upgrade());
    }

    private static Requested requested(JsonNode rcs, JsonNode gw, long acceptedAt) {
        String channel = text(gw, "channel");
        String after = text(gw, "fallbackAfter");
        String ttl = text(gw, "ttl");
        String expiry = text(rcs, "expiry");
        Instant expires = expiry != null ? OffsetDateTime.parse(expiry).toInstant()
                : ttl != null ? Instant.ofEpochMilli(acceptedAt).plus(Durations.parse(ttl)) : null;
        Duration fallbackAfter = after == null ? null : Durations.parse(after);
        return new Requested(channel == null ? null : ChannelPolicy.parse(channel), fallbackAfter, expires,
                expiry != null ? "RCSMessage.expiry" : ttl != null ? "gateway.ttl" : null, gw.path("upgrade").asBoolean(false));
    }

    /** The numbered suggestions as {@link SubmitOutcomes#menuJson} wrote them. */
    static java.util.List<io.rcsgw.rules.content.NumberedSuggestion> menu(String json) {
        JsonNode n = read(json);
        if (n == null) {
            return java.util.List.of();
        }
        java.util.List<io.rcsgw.rules.content.NumberedSuggestion> out = new java.util.ArrayList<>();
        for (JsonNode s : n) {
            out.add(new io.rcsgw.rules.content.NumberedSuggestion(s.path("n").asInt(),
                    io.rcsgw.rules.content.RichMessage.Suggestion.Kind.valueOf(s.path("kind").asText()),
                    s.path("text").asText(), s.hasNonNull("postback") ? s.get("postback").asText() : null));
        }
        return out;
    }

    /** The bot's clientContext from stored content, or null. */
    static String clientContext(JsonNode content) {
        return content == null ? null : text(content.path("gateway"), "clientContext");
    }

    /** The source address an ESME submitted a message from (its SMS sender), null for other messages. */
    static String esmeSource(JsonNode content) {
        return content == null ? null : text(content.path("gateway").path("esme"), "source");
    }

    static JsonNode read(String content) {
        if (content == null) {
            return null;
        }
        try {
            return JSON.readTree(content);
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
