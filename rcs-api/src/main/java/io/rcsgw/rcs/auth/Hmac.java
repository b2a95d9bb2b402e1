package io.rcsgw.rcs.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** HMAC-SHA256, the one MAC used for tokens, webhook signatures and platform events. */
public final class Hmac {

    private Hmac() {
    }

    /** A Mac keyed with {@code key}; not thread-safe, so callers keep one per thread where it is hot. */
    public static Mac sha256(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HMAC-SHA256 of {@code data} with a UTF-8 {@code secret}. */
    public static byte[] sha256(String secret, byte[] data) {
        return sha256(secret.getBytes(StandardCharsets.UTF_8)).doFinal(data);
    }
}
