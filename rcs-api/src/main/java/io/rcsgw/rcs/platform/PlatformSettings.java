package io.rcsgw.rcs.platform;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach the RCS platform: its MaaP base URL (bots are under {@code bot/v1/{botId}/}), its
 * OAuth2 token URL and client credentials, the timeout of one call, the circuit breaker (opens
 * when {@code failureRateThreshold} percent of the last {@code slidingWindow} calls failed, with
 * at least {@code minimumCalls}, and stays open for {@code openDuration}), and how many calls
 * may be in flight at once (the bulkhead). {@code tokenRefreshAhead}: a token is replaced this
 * long before it expires.
 */
public record PlatformSettings(URI baseUrl, URI tokenUrl, String clientId, String clientSecret, Duration timeout,
                               int failureRateThreshold, int slidingWindow, int minimumCalls, Duration openDuration,
                               int maxConcurrentCalls, Duration tokenRefreshAhead) {

    public static PlatformSettings of(URI baseUrl, String clientId, String clientSecret) {
        return new PlatformSettings(baseUrl, baseUrl.resolve("oauth2/v1/token"), clientId, clientSecret, Duration.ofSeconds(5),
                50, 20, 10, Duration.ofSeconds(30), 200, Duration.ofSeconds(60));
    }

    public PlatformSettings withTimeout(Duration d) {
        return new PlatformSettings(baseUrl, tokenUrl, clientId, clientSecret, d, failureRateThreshold, slidingWindow,
                minimumCalls, openDuration, maxConcurrentCalls, tokenRefreshAhead);
    }

    public PlatformSettings withBreaker(int failureRate, int window, int minimum, Duration open) {
        return new PlatformSettings(baseUrl, tokenUrl, clientId, clientSecret, timeout, failureRate, window, minimum, open,
                maxConcurrentCalls, tokenRefreshAhead);
    }
}
