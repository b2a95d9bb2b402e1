package io.rcsgw.rcs.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * How the RCS platform signs the events it posts: {@code X-RCS-Timestamp} is the time of
 * sending in Unix seconds and {@code X-RCS-Signature} is {@code sha256=} and the hex
 * HMAC-SHA256, under the shared secret, of {@code <timestamp>.<botId>.<body>}. Signing the bot
 * id keeps an event for one bot from being replayed to another; the timestamp, checked within
 * {@link #MAX_SKEW}, keeps an old event from being replayed at all once its id has been forgotten.
 */
public final class EventSignature {

    public static final String SIGNATURE_HEADER = "X-RCS-Signature";
    public static final String TIMESTAMP_HEADER = "X-RCS-Timestamp";
    /** How far the timestamp may be from the gateway's clock, either way. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private EventSignature() {
    }

    /** The {@code X-RCS-Signature} value for an event to {@code botId} sent at {@code epochSeconds}. */
    public static String sign(String secret, String botId, long epochSeconds, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(mac(secret, botId, epochSeconds, body));
    }

    /** Whether {@code signature} ({@code sha256=<hex>}) signs this event; compared in constant time. */
    public static boolean matches(String secret, String botId, long epochSeconds, byte[] body, String signature) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(7));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(secret, botId, epochSeconds, body));
    }

    /** Whether a timestamp is close enough to {@code nowSeconds}. */
    public static boolean fresh(long epochSeconds, long nowSeconds) {
        return Math.abs(nowSeconds - epochSeconds) <= MAX_SKEW.toSeconds();
    }

    private static byte[] mac(String secret, String botId, long epochSeconds, byte[] body) {
        Mac mac = Hmac.sha256(secret.getBytes(StandardCharsets.UTF_8));
        mac.update((epochSeconds + "." + botId + ".").getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(body);
    }
}
