package io.rcsgw.rcs.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.content.ContentLimits;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.content.SmsRendering;
import io.rcsgw.rules.model.Msisdn;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;
import io.rcsgw.rules.sms.SmsText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates the MaaP send-message envelope
 * {@code {"RCSMessage":{"msgId":..,"textMessage":..},"messageContact":{"userContact":"+E164"}}}
 * with any MaaP content, and the gateway's extensions under {@code "gateway"}.
 * Every rejection names the field by its dotted path.
 */
final class MessageRequestParser {

    /**
     * A parsed message, or the reason it was refused, or (for an {@code isTyping} notification,
     * which is not a message) the number to show typing to. Exactly one is set.
     */
    record Parsed(OutboundMessage message, Problem problem, String typingTo) {
    }

    /** Gateway extensions, under "gateway" in the request. */
    private static final Set<String> EXTENSIONS = Set.of("smsText", "clientContext", "trafficType");
    /** MaaP traffic types, passed on to the RCS platform. */
    private static final Set<String> TRAFFIC_TYPES = Set.of("advertisement", "payment", "premium", "subscription",
            "authentication", "transaction", "serviceRequest", "acknowledgement");
    private static final int MAX_CLIENT_CONTEXT = 256;
    private static final int MAX_MSG_ID = 64;

    private final ObjectMapper json;
    private final int maxSmsSegments;

    private final SmsProfile smsProfile;
    private final ContentLimits limits;

    MessageRequestParser(ObjectMapper json, int maxSmsSegments, SmsProfile smsProfile, ContentLimits limits) {
        this.smsProfile = smsProfile;
        this.limits = limits;
        this.json = json;
        this.maxSmsSegments = maxSmsSegments;
    }

    Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            return fail(Problem.malformedJson(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            return fail(Problem.malformedJson(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return fail(Problem.malformedJson("the body must be a JSON object"));
        }
        JsonNode rcs = root.get("RCSMessage");
        if (rcs == null || rcs.isNull()) {
            return fail(Problem.missingField("RCSMessage"));
        }
        if (!rcs.isObject()) {
            return fail(Problem.invalidField("RCSMessage", "must be an object"));
        }
        JsonNode contact = root.get("messageContact");
        if (contact == null || contact.isNull()) {
            return fail(Problem.missingField("messageContact"));
        }
        if (!contact.isObject()) {
            return fail(Problem.invalidField("messageContact", "must be an object"));
        }
        JsonNode user = contact.get("userContact");
        if (user == null || user.isNull()) {
            return fail(Problem.missingField("messageContact.userContact"));
        }
        if (!user.isTextual() || !Msisdn.isValid(user.textValue())) {
            return fail(Problem.invalidField("messageContact.userContact", "must be an E.164 number such as +447700900123"));
        }
        String msgId = null;
        JsonNode id = rcs.get("msgId");
        if (id != null && !id.isNull()) {
            if (!id.isTextual() || id.textValue().isBlank() || id.textValue().length() > MAX_MSG_ID
                    || !id.textValue().chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '/' && c != '?' && c != '#')) {
                return fail(Problem.invalidField("RCSMessage.msgId",
                        "must be 1-" + MAX_MSG_ID + " printable ASCII characters without '/', '?', '#' or spaces"));
            }
            msgId = id.textValue();
        }
        JsonNode typing = rcs.get("isTyping");
        if (typing != null) {
            if (!typing.isTextual() || !typing.textValue().equals("active")) {
                return fail(Problem.invalidField("RCSMessage.isTyping", "must be \"active\""));
            }
            if (rcs.size() != 1) {
                return fail(Problem.invalidField("RCSMessage", "an isTyping notification holds nothing else"));
            }
            return new Parsed(null, null, user.textValue());
        }
        String content = null;
        for (Iterator<String> it = rcs.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("msgId") || name.equals("suggestedChipList")) {
                continue;
            }
            if (!RichMessageReader.CONTENT.contains(name)) {
                return fail(Problem.unsupportedContent("RCSMessage." + name));
            }
            if (content != null) {
                return fail(Problem.invalidField("RCSMessage." + name, "a message holds one of textMessage, fileMessage and "
                        + "richcardMessage, not also " + content));
            }
            content = name;
        }
        if (content == null) {
            return fail(Problem.missingField("RCSMessage.textMessage"));
        }
        RichMessage rich;
        String smsText = null;
        String clientContext = null;
        String trafficType = null;
        try {
            rich = RichMessageReader.read(rcs, content);
            JsonNode ext = root.get("gateway");
            if (ext != null && !ext.isNull()) {
                RichMessageReader.object(ext, "gateway");
                for (Iterator<String> it = ext.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!EXTENSIONS.contains(name)) {
                        return fail(Problem.invalidField("gateway." + name, "is not a gateway field; known: " + EXTENSIONS));
                    }
                }
                smsText = RichMessageReader.string(ext.get("smsText"), "gateway.smsText", false);
                if (smsText != null && smsText.isBlank()) {
                    return fail(Problem.invalidField("gateway.smsText", "must not be empty"));
                }
                clientContext = RichMessageReader.string(ext.get("clientContext"), "gateway.clientContext", false);
                if (clientContext != null && clientContext.length() > MAX_CLIENT_CONTEXT) {
                    return fail(Problem.invalidField("gateway.clientContext", "at most " + MAX_CLIENT_CONTEXT + " characters"));
                }
                trafficType = RichMessageReader.string(ext.get("trafficType"), "gateway.trafficType", false);
                if (trafficType != null && !TRAFFIC_TYPES.contains(trafficType)) {
                    return fail(Problem.invalidField("gateway.trafficType", "must be one of " + TRAFFIC_TYPES));
                }
            }
        } catch (RichMessageReader.Invalid e) {
            return fail(e.problem);
        }
        List<ContentLimits.Violation> broken = limits.check(rich);
        if (!broken.isEmpty()) {
            ContentLimits.Violation v = broken.get(0);
            return fail(v.problem().startsWith("must") ? Problem.invalidField(v.path(), v.problem())
                    : Problem.tooLong(v.path(), v.problem()));
        }
        // what an SMS carries: the bot's own SMS text, else the content rendered as text
        String sms = smsText != null ? smsText : SmsRendering.render(rich).text();
        SmsText segments = SmsSegmenter.segment(sms, smsProfile);
        if (segments.segmentCount() > maxSmsSegments) {
            String field = smsText != null ? "gateway.smsText" : content.equals("textMessage") ? "RCSMessage.textMessage" : "gateway.smsText";
            String detail = "needs " + segments.segmentCount() + " SMS segments (" + segments.encoding() + "), at most "
                    + maxSmsSegments + " are allowed" + (smsText == null && !content.equals("textMessage")
                    ? "; the SMS text rendered from this content is too long, give a shorter gateway.smsText" : "");
            return fail(Problem.tooLong(field, detail));
        }
        Msisdn to = new Msisdn(user.textValue());
        boolean plain = content.equals("textMessage") && rich.chips().isEmpty() && smsText == null && clientContext == null
                && trafficType == null;
        String stored = null;
        if (!plain) {
            ObjectNode normal = json.createObjectNode();
            ObjectNode r = normal.putObject("RCSMessage");
            rcs.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("msgId")) {
                    r.set(e.getKey(), e.getValue());
                }
            });
            ObjectNode g = normal.putObject("gateway");
            if (smsText != null) {
                g.put("smsText", smsText);
            }
            if (clientContext != null) {
                g.put("clientContext", clientContext);
            }
            if (trafficType != null) {
                g.put("trafficType", trafficType);
            }
            stored = normal.toString();
        }
        return new Parsed(new OutboundMessage(msgId, to, sms, stored, fingerprint(to.e164(), stored != null ? stored : sms),
                clientContext), null, null);
    }

    private static Parsed fail(Problem p) {
        return new Parsed(null, p, null);
    }

    private static String fingerprint(String to, String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(to.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
