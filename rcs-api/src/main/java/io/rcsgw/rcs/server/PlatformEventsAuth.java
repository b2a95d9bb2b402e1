package io.rcsgw.rcs.server;

/**
 * How the RCS platform proves its events are its own: an HMAC-SHA256 over the raw body with a
 * shared secret (header {@code X-RCS-Signature: sha256=<hex>}), or a bearer token.
 */
public record PlatformEventsAuth(Mode mode, String secret) {

    public enum Mode { HMAC, BEARER }

    public PlatformEventsAuth {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the events secret must be at least 16 characters");
        }
    }
}
