package io.rcsgw.rcs.server;

import java.time.Duration;
import java.util.Map;

/**
 * The northbound API's settings. {@code bots} maps each bot id to its OAuth client secret;
 * {@code maxSmsSegments} bounds how long a text may be once rendered as SMS.
 */
public record RcsApiConfig(String host, int port, int maxBodyBytes, Duration tokenTtl, byte[] tokenKey,
                           int maxSmsSegments, Map<String, String> bots) {

    public RcsApiConfig {
        bots = Map.copyOf(bots);
    }
}
