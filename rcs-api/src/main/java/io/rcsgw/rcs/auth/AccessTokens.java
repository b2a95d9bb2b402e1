package io.rcsgw.rcs.auth;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Issues and checks OAuth2 bearer tokens. A token is self-contained (bot id and expiry, signed
 * with HMAC-SHA256), so any node that shares the signing key accepts it with no lookup.
 */
public final class AccessTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;
    /** A keyed Mac per thread: looking one up and keying it costs far more than the HMAC itself. */
    private final ThreadLocal<Mac> macs;

    public AccessTokens(byte[] key, Duration ttl, Clock clock) {
        if (key.length < 16) {
            throw new IllegalArgumentException("token signing key must be at least 16 bytes");
        }
        this.key = key.clone();
        this.macs = ThreadLocal.withInitial(() -> Hmac.sha256(this.key));
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(String botId) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String body = B64.encodeToString((botId + "|" + expires).getBytes(StandardCharsets.UTF_8));
        return body + "." + B64.encodeToString(sign(body));
    }

    /** The bot a valid, unexpired token was issued to. */
    public Optional<String> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        byte[] given;
        try {
            given = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, sign(body))) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(B64D.decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int bar = decoded.lastIndexOf('|');
        if (bar <= 0) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(decoded.substring(bar + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= expires) {
            return Optional.empty();
        }
        return Optional.of(decoded.substring(0, bar));
    }

    private byte[] sign(String body) {
        return macs.get().doFinal(body.getBytes(StandardCharsets.US_ASCII));
    }


    /** Constant-time comparison of client secrets. */
    public static boolean secretMatches(String expected, String given) {
        return expected != null && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
