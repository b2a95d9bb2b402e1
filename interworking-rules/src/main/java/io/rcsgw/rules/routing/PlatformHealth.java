package io.rcsgw.rules.routing;

/**
 * Whether the RCS platform can be used right now, as the gateway knows it before trying:
 * {@code configured} false means there is no platform at all; {@code detail} says why it is
 * unavailable (breaker-open), null when it is up.
 */
public record PlatformHealth(boolean configured, String detail) {

    public static final PlatformHealth UP = new PlatformHealth(true, null);
    public static final PlatformHealth NONE = new PlatformHealth(false, "no-platform");

    public static PlatformHealth unavailable(String detail) {
        return new PlatformHealth(true, detail);
    }

    public boolean available() {
        return configured && detail == null;
    }
}
