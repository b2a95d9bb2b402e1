package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.OutboundMessage;
import io.rcsgw.rules.content.ContentLimits;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.model.Msisdn;

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
    record Parsed(OutboundMessage message, Problem problem, String typingTo, boolean typingActive) {
        Parsed(OutboundMessage message, Problem problem, String typingTo) {
            this(message, problem, typingTo, false);
        }
    }

    private static final int MAX_MSG_ID = 64;
    /** RCSMessage fields other than its content. */
    private static final Set<String> ENVELOPE = Set.of("msgId", "suggestedChipList", "expiry", "timestamp");

    private final ObjectMapper json;
    private final ObjectMapper strict;
    private final ContentLimits limits;

    MessageRequestParser(ObjectMapper json, ContentLimits limits) {
        this.limits = limits;
        this.json = json;
        this.strict = JsonInput.strict(json);
    }

    Parsed parse(byte[] body) {
        return parse(body, chatId -> java.util.Optional.empty());
    }

    /** {@code chatIds}: the number behind a chatId of the sending bot, when it has one. */
    Parsed parse(byte[] body, java.util.function.Function<String, java.util.Optional<String>> chatIds) {
        JsonNode root;
        try {
            root = JsonInput.read(strict, body);
        } catch (RichMessageReader.Invalid e) {
            return fail(e.problem);
        }
        if (!root.isObject()) {
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
        JsonNode chat = contact.get("chatId");
        if (user == null && chat == null) {
            return fail(Problem.missingField("messageContact.userContact"));
        }
        if (user != null && (!user.isTextual() || !Msisdn.isValid(user.textValue()))) {
            return fail(Problem.invalidField("messageContact.userContact", "must be an E.164 number such as +447700900123"));
        }
        String to = user == null ? null : user.textValue();
        if (chat != null) {
            // the chatId the gateway put on the user's events (MaaP's privacy model)
            java.util.Optional<String> known = chat.isTextual() && chat.textValue().length() <= 64
                    ? chatIds.apply(chat.textValue()) : java.util.Optional.empty();
            if (known.isEmpty()) {
                return fail(Problem.invalidField("messageContact.chatId", "no user of this bot has this chatId"));
            }
            if (to != null && !to.equals(known.get())) {
                return fail(Problem.invalidField("messageContact.chatId", "names another user than userContact"));
            }
            to = known.get();
        }
        String msgId = null;
        JsonNode id = rcs.get("msgId");
        if (id != null) {
            if (!id.isTextual() || !validMsgId(id.textValue())) {
                return fail(Problem.invalidField("RCSMessage.msgId", "must be 1-" + MAX_MSG_ID
                        + " of the characters A-Z a-z 0-9 - . _ ~ (RFC 3986 unreserved), and not . or .."));
            }
            msgId = id.textValue();
        }
        JsonNode typing = rcs.get("isTyping");
        if (typing != null) {
            if (!typing.isTextual() || !(typing.textValue().equals("active") || typing.textValue().equals("idle"))) {
                return fail(Problem.invalidField("RCSMessage.isTyping", "must be \"active\" or \"idle\""));
            }
            for (Iterator<String> it = rcs.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("isTyping") && !f.equals("msgId") && !f.equals("timestamp")) {
                    return fail(Problem.invalidField("RCSMessage." + f, "an isTyping notification holds nothing else"));
                }
            }
            return new Parsed(null, null, to, typing.textValue().equals("active"));
        }
        String content = null;
        for (Iterator<String> it = rcs.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (ENVELOPE.contains(name)) {
                continue;
            }
            if (!RichMessageReader.CONTENT.contains(name)) {
                return fail(Problem.unsupportedContent("RCSMessage." + name));
            }
            if (content != null) {
                return fail(Problem.invalidField("RCSMessage." + name, "a message holds one of textMessage, fileMessage, "
                        + "audioMessage, geolocationPushMessage and richcardMessage, not also " + content));
            }
            content = name;
        }
        if (content == null) {
            return fail(Problem.missingField("RCSMessage.textMessage"));
        }
        RichMessage rich;
        GatewayExtensionsReader.Read ext;
        try {
            rich = RichMessageReader.read(rcs, content);
            ext = GatewayExtensionsReader.read(root, rcs);
        } catch (RichMessageReader.Invalid e) {
            return fail(e.problem);
        }
        List<ContentLimits.Violation> broken = limits.check(rich);
        if (!broken.isEmpty()) {
            ContentLimits.Violation v = broken.get(0);
            return fail(v.problem().startsWith("must") ? Problem.invalidField(v.path(), v.problem())
                    : Problem.tooLong(v.path(), v.problem()));
        }
        Msisdn recipient = new Msisdn(to);
        JsonNode gateway = root.get("gateway");
        boolean plain = content.equals("textMessage") && rich.chips().isEmpty() && rcs.get("expiry") == null
                && (gateway == null || gateway.isNull() || gateway.isEmpty());
        String stored = null;
        if (!plain) {
            // what is stored (and sent to the platform) is the request as given, less its msgId
            ObjectNode normal = json.createObjectNode();
            ObjectNode r = normal.putObject("RCSMessage");
            rcs.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("msgId")) {
                    r.set(e.getKey(), e.getValue());
                }
            });
            ObjectNode g = normal.putObject("gateway");
            if (gateway != null && gateway.isObject()) {
                gateway.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull()) {
                        g.set(e.getKey(), e.getValue());
                    }
                });
            }
            stored = normal.toString();
        }
        String text = rich.content() instanceof RichMessage.Text t ? t.text() : "";
        return new Parsed(new OutboundMessage(msgId, recipient, rich, ext.smsText(), stored,
                fingerprint(recipient.e164(), stored != null ? stored : text), ext.clientContext(), ext.extensions()), null, null);
    }

    /**
     * A msgId goes into URLs as a path segment: RFC 3986 unreserved characters only, so it needs no
     * escaping and reads the same everywhere, and never a dot segment.
     */
    static boolean validMsgId(String id) {
        if (id.isEmpty() || id.length() > MAX_MSG_ID || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            // [A-Za-z0-9._~-], tested without a regex: every send checks one
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '~'
                    || c == '-')) {
                return false;
            }
        }
        return true;
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
