package io.rcsgw.rcs.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.model.Msisdn;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;
import io.rcsgw.rules.sms.SmsText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads and validates the MaaP send-message envelope
 * {@code {"RCSMessage":{"msgId":..,"textMessage":..},"messageContact":{"userContact":"+E164"}}}.
 * Every rejection names the field by its dotted path.
 */
final class MessageRequestParser {

    /** A parsed message, or the reason it was refused. Exactly one is set. */
    record Parsed(OutboundMessage message, Problem problem) {
    }

    private static final Set<String> CONTENT = Set.of("textMessage", "fileMessage", "richcardMessage", "suggestedChipList");
    private static final Set<String> SUPPORTED_CONTENT = Set.of("textMessage");
    private static final int MAX_MSG_ID = 64;

    private final ObjectMapper json;
    private final int maxSmsSegments;

    private final SmsProfile smsProfile;

    MessageRequestParser(ObjectMapper json, int maxSmsSegments, SmsProfile smsProfile) {
        this.smsProfile = smsProfile;
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
        String content = null;
        for (Iterator<String> it = rcs.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equals("msgId")) {
                continue;
            }
            if (!CONTENT.contains(name)) {
                return fail(Problem.unsupportedContent("RCSMessage." + name));
            }
            if (!SUPPORTED_CONTENT.contains(name)) {
                return fail(Problem.unsupportedContent("RCSMessage." + name));
            }
            content = name;
        }
        if (content == null) {
            return fail(Problem.missingField("RCSMessage.textMessage"));
        }
        JsonNode text = rcs.get("textMessage");
        if (!text.isTextual()) {
            return fail(Problem.invalidField("RCSMessage.textMessage", "must be a string"));
        }
        if (text.textValue().isBlank()) {
            return fail(Problem.invalidField("RCSMessage.textMessage", "must not be empty"));
        }
        SmsText sms = SmsSegmenter.segment(text.textValue(), smsProfile);
        if (sms.segmentCount() > maxSmsSegments) {
            return fail(Problem.tooLong("RCSMessage.textMessage", "needs " + sms.segmentCount() + " SMS segments ("
                    + sms.encoding() + "), at most " + maxSmsSegments + " are allowed"));
        }
        Msisdn to = new Msisdn(user.textValue());
        return new Parsed(new OutboundMessage(msgId, to, text.textValue(), fingerprint(to.e164(), text.textValue())), null);
    }

    private static Parsed fail(Problem p) {
        return new Parsed(null, p);
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
