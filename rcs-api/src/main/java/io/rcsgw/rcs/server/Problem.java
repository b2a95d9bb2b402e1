package io.rcsgw.rcs.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code type} is stable per kind of error so clients can switch on
 * it; {@code field} names the offending request field as a dotted path when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    private static final String BASE = "https://rcsgw.io/problems/";

    public static Problem of(String kind, String title, int status, String detail, String field) {
        return new Problem(BASE + kind, title, status, detail, field);
    }

    public static Problem malformedJson(String detail) {
        return of("malformed-json", "Request body is not valid JSON", 400, detail, null);
    }

    public static Problem missingField(String field) {
        return of("missing-field", "Required field is missing", 400, field + " is required", field);
    }

    public static Problem invalidField(String field, String detail) {
        return of("invalid-field", "Field has an invalid value", 400, field + ": " + detail, field);
    }

    public static Problem unsupportedContent(String field) {
        return of("unsupported-content", "Content type is not supported", 400,
                field + " is not a supported content type", field);
    }

    public static Problem tooLong(String field, String detail) {
        return of("message-too-long", "Message is too long", 400, field + ": " + detail, field);
    }

    /** The operator's rules do not allow what the message asks (or this message at all, now). */
    public static Problem refusedByRule(String field, String detail) {
        return of("refused-by-rule", "Refused by the operator's rules", 422, field + ": " + detail, field);
    }

    public static Problem bodyTooLarge(int limit) {
        return of("body-too-large", "Request body is too large", 413, "the limit is " + limit + " bytes", null);
    }

    public static Problem unauthorized(String detail) {
        return of("unauthorized", "Authentication required", 401, detail, null);
    }

    public static Problem notFound(String detail) {
        return of("not-found", "Not found", 404, detail, null);
    }

    public static Problem methodNotAllowed(String method) {
        return of("method-not-allowed", "Method not allowed", 405, method + " is not allowed here", null);
    }

    public static Problem conflict(String msgId) {
        return of("msgid-conflict", "msgId already used for a different message", 409,
                "msgId " + msgId + " was already accepted with different content", "RCSMessage.msgId");
    }

    public static Problem unavailable(String detail) {
        return of("unavailable", "Service unavailable", 503, detail, null);
    }

    /** The gateway holds as many unfinished messages as it may: nothing was stored, offer it again later. */
    public static Problem overloaded(String detail) {
        return of("overloaded", "Too many messages waiting", 429, detail, null);
    }

    public static Problem unsupportedMediaType() {
        return of("unsupported-media-type", "Unsupported media type", 415, "send application/json", null);
    }
}
