package io.rcsgw.rcs.server;

import io.rcsgw.rules.content.ContentLimits;

import java.time.Duration;
import java.util.Map;

/**
 * The northbound API's settings. {@code bots} maps each bot id to its OAuth client secret;
 * {@code limits} bound rich content (how long its SMS text may be is the gateway's rules' to say);
 * {@code eventsAuth} checks the RCS platform's events (null: the events endpoint is off).
 */
public record RcsApiConfig(String host, int port, int maxBodyBytes, Duration tokenTtl, byte[] tokenKey,
                           ContentLimits limits, Map<String, String> bots, PlatformEventsAuth eventsAuth) {

    public RcsApiConfig {
        bots = Map.copyOf(bots);
        limits = limits == null ? ContentLimits.DEFAULT : limits;
    }
}
