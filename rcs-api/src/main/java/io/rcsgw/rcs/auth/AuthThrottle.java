package io.rcsgw.rcs.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Slows down guessing: counts failed authentications per client id and per source address in
 * fixed windows, and once either reaches its limit refuses every attempt of that client or from
 * that address, right or wrong, until its window ends (a right secret let through would tell a
 * guesser when to stop). Memory is bounded: the least recently failing keys are forgotten first.
 */
public final class AuthThrottle {

    /** {@code perClient} and {@code perAddress} failures allowed per {@code window}. */
    public record Settings(int perClient, int perAddress, Duration window) {
        public static final Settings DEFAULT = new Settings(10, 30, Duration.ofMinutes(1));

        public Settings {
            Objects.requireNonNull(window, "window");
            if (perClient < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }
    }

    /** What a failure did: counted, or the one that reached a limit (the client or address is now refused). */
    public enum Outcome { COUNTED, CLIENT_LOCKED, ADDRESS_LOCKED }

    private record Window(long startMillis, int failures) {
    }

    private final Settings settings;
    private final Clock clock;
    private final Cache<String, Window> clients;
    private final Cache<String, Window> addresses;

    public AuthThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.clients = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.window()).build();
        this.addresses = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(settings.window()).build();
    }

    /** Seconds (rounded up) until {@code clientId} (may be null) from {@code address} may try again; 0 when it may now. */
    public long retryAfterSeconds(String clientId, String address) {
        long now = clock.millis();
        long wait = Math.max(clientId == null ? 0 : wait(clients.getIfPresent(clientId), settings.perClient(), now),
                wait(addresses.getIfPresent(address), settings.perAddress(), now));
        return (wait + 999) / 1000;
    }

    /** Counts a failed attempt of {@code clientId} (null when none was named) from {@code address}. */
    public Outcome failed(String clientId, String address) {
        long now = clock.millis();
        boolean client = clientId != null && count(clients, clientId, settings.perClient(), now);
        boolean addr = count(addresses, address, settings.perAddress(), now);
        return client ? Outcome.CLIENT_LOCKED : addr ? Outcome.ADDRESS_LOCKED : Outcome.COUNTED;
    }

    private long wait(Window w, int limit, long now) {
        if (w == null || w.failures() < limit) {
            return 0;
        }
        return Math.max(0, w.startMillis() + settings.window().toMillis() - now);
    }

    /** True when this failure is the one that reaches the limit. */
    private boolean count(Cache<String, Window> cache, String key, int limit, long now) {
        long windowMillis = settings.window().toMillis();
        Window w = cache.asMap().compute(key, (k, old) -> old == null || now - old.startMillis() >= windowMillis
                ? new Window(now, 1) : new Window(old.startMillis(), old.failures() + 1));
        return w.failures() == limit;
    }
}
