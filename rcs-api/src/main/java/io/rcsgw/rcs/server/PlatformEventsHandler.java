package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rcs.api.PlatformEvent;
import io.rcsgw.rcs.api.PlatformEventSink;
import io.rcsgw.rcs.auth.EventSignature;
import io.rcsgw.rules.model.Msisdn;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /rcs/platform/v1/{botId}/events}: MaaP events from the RCS platform. The raw body
 * is authenticated before it is parsed (an {@link EventSignature} over the timestamp, the bot and
 * the body, or a bearer token), then handed to the gateway; the answer (204) waits until the event is
 * stored, so a platform that gets no answer sends it again and the event id drops the repeat.
 */
final class PlatformEventsHandler {

    private static final Logger log = LoggerFactory.getLogger(PlatformEventsHandler.class);
    private static final Set<String> STATUSES = Set.of("delivered", "displayed", "failed");
    private static final Set<String> FROM_USER = Set.of("message", "response", "isTyping");

    private final PlatformEventsAuth auth;
    private final PlatformEventSink sink;
    private final ObjectMapper json;
    private final int maxBody;
    private final ApiHandler out;
    private final ClientAuth clients;
    private final Clock clock;

    PlatformEventsHandler(PlatformEventsAuth auth, PlatformEventSink sink, ObjectMapper json, int maxBody, ApiHandler out,
                          ClientAuth clients, Clock clock) {
        this.auth = auth;
        this.sink = sink;
        this.json = JsonInput.strict(json);
        this.maxBody = maxBody;
        this.out = out;
        this.clients = clients;
        this.clock = clock;
    }

    boolean handle(Request request, Response response, Callback callback, String botId) {
        String address = ClientAuth.address(request);
        if (clients.throttled(address, response, callback)) {
            return true;
        }
        if (auth.mode() == PlatformEventsAuth.Mode.BEARER && !bearerMatches(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            clients.failed(null, address, "bad-platform-token");
            return out.problem(response, callback, Problem.unauthorized("a valid platform bearer token is required"));
        }
        String signature = request.getHeaders().get(EventSignature.SIGNATURE_HEADER);
        long timestamp = -1;
        if (auth.mode() == PlatformEventsAuth.Mode.HMAC) {
            timestamp = timestamp(request.getHeaders().get(EventSignature.TIMESTAMP_HEADER));
            if (signature == null || !signature.startsWith("sha256=") || timestamp < 0) {
                clients.failed(null, address, "bad-signature");
                return out.problem(response, callback, Problem.unauthorized(EventSignature.TIMESTAMP_HEADER + ": <Unix seconds> and "
                        + EventSignature.SIGNATURE_HEADER + ": sha256=<hex HMAC of timestamp.botId.body> are required"));
            }
            if (!EventSignature.fresh(timestamp, clock.instant().getEpochSecond())) {
                clients.failed(null, address, "stale-signature");
                return out.problem(response, callback, Problem.unauthorized(EventSignature.TIMESTAMP_HEADER
                        + " is more than " + EventSignature.MAX_SKEW.toMinutes() + " minutes from the gateway's clock"));
            }
        }
        long signedAt = timestamp;
        BodyReader.read(request, maxBody).whenComplete((body, error) -> {
            if (error != null) {
                out.problem(response, callback, BodyReader.problem(error, maxBody));
                return;
            }
            if (auth.mode() == PlatformEventsAuth.Mode.HMAC
                    && !EventSignature.matches(auth.secret(), botId, signedAt, body, signature.trim().toLowerCase(Locale.ROOT))) {
                clients.failed(null, address, "bad-signature");
                out.problem(response, callback, Problem.unauthorized("the signature does not match the timestamp, bot and body"));
                return;
            }
            PlatformEvent event;
            try {
                event = parse(body);
            } catch (RichMessageReader.Invalid e) {
                out.problem(response, callback, e.problem);
                return;
            }
            sink.onEvent(botId, event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.warn("platform event for bot {} not recorded: {}", botId, failure.toString());
                    out.problem(response, callback, Problem.unavailable("the event could not be stored; send it again"));
                } else {
                    out.write(response, callback, 204, null, null);
                }
            });
        });
        return true;
    }

    /** Unix seconds, or -1 when missing or not a number. */
    private static long timestamp(String header) {
        if (header == null || !header.trim().matches("[0-9]{1,12}")) {
            return -1;
        }
        return Long.parseLong(header.trim());
    }

    private PlatformEvent parse(byte[] body) throws RichMessageReader.Invalid {
        JsonNode root = JsonInput.read(json, body);
        RichMessageReader.object(root, "body");
        String eventId = RichMessageReader.string(root.get("eventId"), "eventId", true);
        if (eventId.length() > 128) {
            throw new RichMessageReader.Invalid(Problem.invalidField("eventId", "at most 128 characters"));
        }
        String type = RichMessageReader.string(root.get("event"), "event", true);
        JsonNode rcs = RichMessageReader.object(root.get("RCSMessage"), "RCSMessage");
        JsonNode contact = RichMessageReader.object(root.get("messageContact"), "messageContact");
        String user = RichMessageReader.string(contact.get("userContact"), "messageContact.userContact", true);
        if (!Msisdn.isValid(user)) {
            throw new RichMessageReader.Invalid(Problem.invalidField("messageContact.userContact", "must be an E.164 number"));
        }
        long at = System.currentTimeMillis();
        String ts = RichMessageReader.string(rcs.get("timestamp"), "RCSMessage.timestamp", false);
        if (ts != null) {
            try {
                at = Instant.parse(ts).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new RichMessageReader.Invalid(Problem.invalidField("RCSMessage.timestamp", "must be an ISO-8601 UTC time"));
            }
        }
        if (type.equals("messageStatus")) {
            String msgId = RichMessageReader.string(rcs.get("msgId"), "RCSMessage.msgId", true);
            String status = RichMessageReader.string(rcs.get("status"), "RCSMessage.status", true);
            if (!STATUSES.contains(status)) {
                throw new RichMessageReader.Invalid(Problem.invalidField("RCSMessage.status", "must be one of " + STATUSES));
            }
            return new PlatformEvent.Status(eventId, msgId, user, status, at);
        }
        if (!FROM_USER.contains(type)) {
            throw new RichMessageReader.Invalid(Problem.invalidField("event", "must be messageStatus, message, response or isTyping"));
        }
        String msgId = RichMessageReader.string(rcs.get("msgId"), "RCSMessage.msgId", false);
        if (msgId != null && msgId.length() > 128) {
            throw new RichMessageReader.Invalid(Problem.invalidField("RCSMessage.msgId", "at most 128 characters"));
        }
        return new PlatformEvent.FromUser(eventId, type, user, body, at, msgId);
    }

    private boolean bearerMatches(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                auth.secret().getBytes(StandardCharsets.UTF_8));
    }
}
