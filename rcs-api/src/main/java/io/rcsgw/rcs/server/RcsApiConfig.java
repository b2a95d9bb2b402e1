package io.rcsgw.rcs.server;

import io.rcsgw.rcs.auth.AuthThrottle;
import io.rcsgw.rules.content.ContentLimits;

import java.time.Duration;
import java.util.Map;

/**
 * The northbound API's settings. {@code bots} maps each bot id to its OAuth client secret;
 * {@code limits} bound rich content (how long its SMS text may be is the gateway's rules' to say);
 * {@code eventsAuth} checks the RCS platform's events (null: the events endpoint is off);
 * {@code authFailures} how many failed authentications a client or an address gets; {@code http}
 * the port's connection limits.
 */
public record RcsApiConfig(String host, int port, int maxBodyBytes, Duration tokenTtl, byte[] tokenKey,
                           ContentLimits limits, Map<String, String> bots, PlatformEventsAuth eventsAuth,
                           AuthThrottle.Settings authFailures, HttpLimits http) {

    public RcsApiConfig {
        bots = Map.copyOf(bots);
        limits = limits == null ? ContentLimits.DEFAULT : limits;
        authFailures = authFailures == null ? AuthThrottle.Settings.DEFAULT : authFailures;
        http = http == null ? HttpLimits.DEFAULT : http;
    }
}
