package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.metrics.ApiMetrics;
import io.rcsgw.rcs.api.FileService;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.PlatformEventSink;
import io.rcsgw.rcs.server.PlatformEventsAuth;
import io.rcsgw.rcs.server.RcsApiConfig;
import io.rcsgw.rcs.server.RcsApiServer;
import io.rcsgw.rules.content.ContentLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** The northbound MaaP API server as the configuration sets it up: its token key, limits, bots and the platform's events. */
final class ApiSetup {

    private static final Logger log = LoggerFactory.getLogger(ApiSetup.class);

    private ApiSetup() {
    }

    /**
     * Starts the API server.
     *
     * @param eventsSecret what the RCS platform's events are checked with; null: the events endpoint is off
     * @param files the files API, or null when it is off
     */
    static RcsApiServer start(GatewayConfig config, MessagingService messaging, PlatformEventSink events, String eventsSecret,
                              FileService files, Clock clock) throws Exception {
        Map<String, String> secrets = new HashMap<>();
        config.bots().forEach(b -> secrets.put(b.id(), b.secret()));
        var l = config.api().limits();
        return new RcsApiServer(new RcsApiConfig(config.api().host(), config.api().port(), config.api().maxBodyBytes(),
                config.api().tokenTtl(), tokenKey(config),
                new ContentLimits(l.maxSuggestions(), l.maxCardSuggestions(), l.maxSuggestionText(), l.maxCardTitle(),
                        l.maxCardDescription(), l.maxText(), l.maxMessageBytes()),
                secrets, eventsSecret == null ? null : new PlatformEventsAuth(config.rcs().eventsAuth().equals("bearer")
                        ? PlatformEventsAuth.Mode.BEARER : PlatformEventsAuth.Mode.HMAC, eventsSecret),
                config.api().authFailures().settings(), config.http().limits()),
                messaging, events, new ObjectMapper(), clock, ApiMetrics.INSTANCE, files)
                .start();
    }

    /** The configured key that signs access tokens, else a random one: tokens then end with the process. */
    private static byte[] tokenKey(GatewayConfig config) {
        if (config.api().tokenKey() != null) {
            return config.api().tokenKey().getBytes(StandardCharsets.UTF_8);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        log.info("api.tokenKey not set: tokens are signed with a random key and end with this process");
        return key;
    }
}
