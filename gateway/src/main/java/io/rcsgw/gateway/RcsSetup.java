package io.rcsgw.gateway;

import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.metrics.ScrapeTime;
import io.rcsgw.rcs.platform.CapabilityCache;
import io.rcsgw.rcs.platform.PlatformSettings;
import io.rcsgw.rcs.platform.RcsPlatform;
import io.rcsgw.rcs.platform.RcsPlatforms;
import io.rcsgw.rcs.sim.NumberRanges;
import io.rcsgw.rcs.sim.RcsPlatformSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The RCS side of the gateway, when RCS is configured or the RCS simulator runs (started here,
 * and used when no platform URL is given): the platform client, the capability cache and their
 * metrics. {@code eventsSecret} checks the platform's events; everything is null when RCS is off.
 */
record RcsSetup(RcsPlatformSimulator simulator, RcsPlatform platform, CapabilityCache capabilities, String eventsSecret) {

    private static final Logger log = LoggerFactory.getLogger(RcsSetup.class);

    /** @param started what is started is added here, to be closed in reverse order */
    static RcsSetup start(GatewayConfig config, Clock clock, List<AutoCloseable> started)
            throws Exception {
        GatewayConfig.Rcs r = config.rcs();
        GatewayConfig.RcsSimulator rs = config.rcsSimulator();
        String eventsSecret = r.eventsSecret();
        String clientSecret = r.clientSecret();
        RcsPlatformSimulator simulator = null;
        if (rs.enabled()) {
            if (eventsSecret == null) {
                eventsSecret = randomSecret();
            }
            if (clientSecret == null) {
                clientSecret = randomSecret();
            }
            simulator = RcsPlatformSimulator.start(RcsPlatformSimulator.Options.defaults().withPort(rs.port())
                    .withCapable(new NumberRanges(rs.capable())).withNeverDeliver(new NumberRanges(rs.neverDeliver()))
                    .withDelays(rs.deliveredDelay(), rs.displayedDelay()).withClient(r.clientId(), clientSecret)
                    .withFailing(new NumberRanges(rs.failing()))
                    .withFeatures(rs.features().stream().map(f -> new RcsPlatformSimulator.Features(
                            new NumberRanges(f.numbers()), f.capabilities())).toList()));
            started.add(simulator);
        }
        String base = r.baseUrl() != null ? r.baseUrl() : simulator != null ? simulator.baseUrl() : null;
        if (base == null) {
            return new RcsSetup(null, null, null, null);
        }
        URI baseUrl = URI.create(base);
        PlatformSettings settings = new PlatformSettings(baseUrl, r.tokenUrl() != null ? URI.create(r.tokenUrl())
                : baseUrl.resolve("oauth2/v1/token"), r.clientId(), clientSecret, r.timeout(), r.breakerFailureRate(),
                r.breakerWindow(), r.breakerMinimumCalls(), r.breakerOpenDuration(), r.maxConcurrentCalls(), Duration.ofSeconds(60));
        RcsPlatform platform = RcsPlatforms.http(settings, clock, (operation, outcome, seconds) ->
                GatewayMetrics.PLATFORM_SECONDS.labels(operation, outcome).observe(seconds));
        started.add(platform);
        // its upkeep on the thread that writes it (a new number per message, mostly), as for the
        // other per-message caches: a pool would be woken for nearly every write
        CapabilityCache capabilities = new CapabilityCache(platform, r.capableTtl(), r.notCapableTtl(), r.capabilityRefresh(),
                r.capabilityCacheSize(), Runnable::run);
        started.add(metrics(platform, capabilities));
        log.info("RCS platform at {}", base);
        return new RcsSetup(simulator, platform, capabilities, eventsSecret);
    }

    /** Breaker state and capability cache figures, read at scrape time. */
    private static AutoCloseable metrics(RcsPlatform p, CapabilityCache cache) {
        return ScrapeTime.register(List.of(
                ScrapeTime.gauge("rcsgw_rcs_breaker_state", "RCS platform circuit breaker: 0 closed, 1 open, 2 half-open, 3 other",
                        () -> switch (p.circuitBreaker().getState()) {
                            case CLOSED -> 0;
                            case OPEN, FORCED_OPEN -> 1;
                            case HALF_OPEN -> 2;
                            default -> 3;
                        }),
                ScrapeTime.counter("rcsgw_capability_cache_hits_total", "Capability lookups answered from the cache",
                        () -> cache.stats().hitCount()),
                ScrapeTime.counter("rcsgw_capability_cache_misses_total", "Capability lookups that asked the platform",
                        () -> cache.stats().missCount()),
                ScrapeTime.gauge("rcsgw_capability_cache_hit_ratio", "Share of capability lookups answered from the cache",
                        () -> cache.stats().requestCount() == 0 ? 0 : cache.stats().hitRate()),
                ScrapeTime.gauge("rcsgw_capability_cache_entries", "Numbers in the capability cache", cache::size)));
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
