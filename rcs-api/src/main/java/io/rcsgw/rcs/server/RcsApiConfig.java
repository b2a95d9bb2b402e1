package io.rcsgw.rcs.server;

import io.rcsgw.rules.content.ContentLimits;
import io.rcsgw.rules.sms.SmsProfile;

import java.time.Duration;
import java.util.Map;

/**
 * The northbound API's settings. {@code bots} maps each bot id to its OAuth client secret;
 * {@code maxSmsSegments} bounds how long a text may be once rendered as SMS with {@code smsProfile};
 * {@code limits} bound rich content; {@code eventsAuth} checks the RCS platform's events (null: the
 * events endpoint is off).
 */
public record RcsApiConfig(String host, int port, int maxBodyBytes, Duration tokenTtl, byte[] tokenKey,
                           int maxSmsSegments, SmsProfile smsProfile, ContentLimits limits, Map<String, String> bots,
                           PlatformEventsAuth eventsAuth) {

    public RcsApiConfig {
        bots = Map.copyOf(bots);
        smsProfile = smsProfile == null ? SmsProfile.DEFAULT : smsProfile;
        limits = limits == null ? ContentLimits.DEFAULT : limits;
    }
}
