package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.model.Durations;
import io.rcsgw.rules.routing.ChannelPolicy;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the gateway's extensions under {@code "gateway"} (and MaaP's own {@code RCSMessage.expiry}):
 * each checked, each refusal naming its field. What a rule then allows is the gateway's to say.
 */
final class GatewayExtensionsReader {

    /** Every field under "gateway". */
    static final Set<String> FIELDS = Set.of("smsText", "clientContext", "trafficType", "tags", "channel", "fallbackAfter",
            "ttl", "upgrade");
    static final Set<String> TRAFFIC_TYPES = io.rcsgw.rules.routing.TrafficTypes.KNOWN;
    static final int MAX_CLIENT_CONTEXT = 256;
    static final int MAX_TAGS = 20;
    private static final String TAG = "[A-Za-z0-9._:-]{1,64}";
    private static final Duration MAX_LIFE = Duration.ofDays(30);

    /** The fields read: explicit SMS text and clientContext (null when not given), and the rest. */
    record Read(String smsText, String clientContext, OutboundMessage.Extensions extensions) {
    }

    private GatewayExtensionsReader() {
    }

    static Read read(JsonNode root, JsonNode rcs) throws RichMessageReader.Invalid {
        Instant expiry = null;
        JsonNode e = rcs.get("expiry");
        if (e != null && !e.isNull()) {
            expiry = instant(e, "RCSMessage.expiry");
        }
        JsonNode ext = root.get("gateway");
        if (ext == null || ext.isNull()) {
            return new Read(null, null, new OutboundMessage.Extensions(null, Set.of(), null, null, expiry, null, false));
        }
        RichMessageReader.object(ext, "gateway");
        for (Iterator<String> it = ext.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw invalid("gateway." + name, "is not a gateway field; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        String smsText = RichMessageReader.string(ext.get("smsText"), "gateway.smsText", false);
        if (smsText != null && smsText.isBlank()) {
            throw invalid("gateway.smsText", "must not be empty");
        }
        String clientContext = RichMessageReader.string(ext.get("clientContext"), "gateway.clientContext", false);
        if (clientContext != null && clientContext.length() > MAX_CLIENT_CONTEXT) {
            throw invalid("gateway.clientContext", "at most " + MAX_CLIENT_CONTEXT + " characters");
        }
        String trafficType = RichMessageReader.string(ext.get("trafficType"), "gateway.trafficType", false);
        if (trafficType != null && !TRAFFIC_TYPES.contains(trafficType)) {
            throw invalid("gateway.trafficType", "must be one of " + new java.util.TreeSet<>(TRAFFIC_TYPES));
        }
        ChannelPolicy channel = null;
        String c = RichMessageReader.string(ext.get("channel"), "gateway.channel", false);
        if (c != null) {
            channel = ChannelPolicy.parse(c);
            if (channel == null) {
                throw invalid("gateway.channel", "must be rcs-first, sms-only or rcs-only");
            }
        }
        Duration fallbackAfter = duration(ext.get("fallbackAfter"), "gateway.fallbackAfter");
        Duration ttl = duration(ext.get("ttl"), "gateway.ttl");
        if (ttl != null && expiry != null) {
            throw invalid("gateway.ttl", "give RCSMessage.expiry or gateway.ttl, not both");
        }
        boolean upgrade = false;
        JsonNode u = ext.get("upgrade");
        if (u != null && !u.isNull()) {
            if (!u.isBoolean()) {
                throw invalid("gateway.upgrade", "must be true or false");
            }
            upgrade = u.booleanValue();
        }
        return new Read(smsText, clientContext, new OutboundMessage.Extensions(trafficType, tags(ext.get("tags")), channel,
                fallbackAfter, expiry, ttl, upgrade));
    }

    private static Set<String> tags(JsonNode n) throws RichMessageReader.Invalid {
        if (n == null || n.isNull()) {
            return Set.of();
        }
        if (!n.isArray()) {
            throw invalid("gateway.tags", "must be a list of strings");
        }
        if (n.size() > MAX_TAGS) {
            throw invalid("gateway.tags", "at most " + MAX_TAGS + " tags");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode t = n.get(i);
            if (!t.isTextual() || !t.textValue().matches(TAG)) {
                throw invalid("gateway.tags[" + i + "]", "1-64 characters of A-Z a-z 0-9 . _ : -");
            }
            out.add(t.textValue());
        }
        return out;
    }

    private static Duration duration(JsonNode n, String field) throws RichMessageReader.Invalid {
        String s = RichMessageReader.string(n, field, false);
        if (s == null) {
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(s);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be a duration such as 30s, 5m or PT1H");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_LIFE) > 0) {
            throw invalid(field, "must be more than 0 and at most 30d");
        }
        return d;
    }

    private static Instant instant(JsonNode n, String field) throws RichMessageReader.Invalid {
        String s = RichMessageReader.string(n, field, true);
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field, "must be an ISO-8601 time with its offset, such as 2026-12-01T09:00:00Z");
        }
    }

    private static RichMessageReader.Invalid invalid(String field, String detail) {
        return new RichMessageReader.Invalid(Problem.invalidField(field, detail));
    }
}
