package io.rcsgw.gateway.config;

import io.rcsgw.smpp.SubmitPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The defaults of every key that may be left out, in one place (documented in {@code config/example.yaml}). */
final class ConfigDefaults {

    /** An SMSC's validity when a link sets none (most SMSCs keep a message two days), and the margin after it. */
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(48);
    static final Duration RECEIPT_MARGIN = Duration.ofHours(1);

    private ConfigDefaults() {
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    static GatewayConfig withDefaults(GatewayConfig c) {
        var api = or(c.api(), new GatewayConfig.Api(null, null, null, null, null, null, null, null));
        var af = or(api.authFailures(), new GatewayConfig.AuthFailures(null, null, null));
        af = new GatewayConfig.AuthFailures(or(af.perClient(), 10), or(af.perAddress(), 30), or(af.window(), Duration.ofMinutes(1)));
        var http = or(c.http(), new GatewayConfig.Http(null, null, null));
        http = new GatewayConfig.Http(or(http.maxConnections(), 1000), or(http.idleTimeout(), Duration.ofSeconds(30)),
                or(http.requestTimeout(), Duration.ofSeconds(10)));
        var lim = or(api.limits(), new GatewayConfig.Limits(null, null, null, null, null, null, null));
        var d = io.rcsgw.rules.content.ContentLimits.DEFAULT;
        lim = new GatewayConfig.Limits(or(lim.maxSuggestions(), d.maxSuggestions()), or(lim.maxCardSuggestions(), d.maxCardSuggestions()),
                or(lim.maxSuggestionText(), d.maxSuggestionText()), or(lim.maxCardTitle(), d.maxCardTitle()),
                or(lim.maxCardDescription(), d.maxCardDescription()), or(lim.maxText(), d.maxText()),
                or(lim.maxMessageBytes(), Math.min(d.maxMessageBytes(), or(api.maxBodyBytes(), 262_144))));
        api = new GatewayConfig.Api(or(api.host(), "0.0.0.0"), or(api.port(), 8080), or(api.maxBodyBytes(), 262_144),
                or(api.tokenTtl(), Duration.ofHours(1)), api.tokenKey(), or(api.maxSmsSegments(), 10), lim, af);
        var rcs = or(c.rcs(), new GatewayConfig.Rcs(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null));
        rcs = new GatewayConfig.Rcs(rcs.baseUrl(), rcs.tokenUrl(), or(rcs.clientId(), "rcsgw"), rcs.clientSecret(),
                or(rcs.timeout(), Duration.ofSeconds(5)), or(rcs.breakerFailureRate(), 50), or(rcs.breakerWindow(), 20),
                or(rcs.breakerMinimumCalls(), 10), or(rcs.breakerOpenDuration(), Duration.ofSeconds(30)),
                or(rcs.maxConcurrentCalls(), 200), or(rcs.capableTtl(), Duration.ofHours(24)),
                or(rcs.notCapableTtl(), Duration.ofHours(1)), or(rcs.capabilityRefresh(), Duration.ofMinutes(50)),
                or(rcs.capabilityCacheSize(), 1_000_000), or(rcs.eventsAuth(), "hmac"), rcs.eventsSecret(),
                or(rcs.deliveryTimeout(), Duration.ofMinutes(15)));
        var rsim = or(c.rcsSimulator(), new GatewayConfig.RcsSimulator(null, null, null, null, null, null, null, null, null));
        rsim = new GatewayConfig.RcsSimulator(or(rsim.enabled(), false), or(rsim.host(), "127.0.0.1"), or(rsim.port(), 0),
                or(rsim.capable(), List.of("+")), or(rsim.neverDeliver(), List.of()),
                or(rsim.deliveredDelay(), Duration.ofMillis(100)), or(rsim.displayedDelay(), Duration.ofMillis(500)),
                or(rsim.failing(), List.of()), or(rsim.features(), List.of()));
        var mgmt = or(c.management(), new GatewayConfig.Management(null, null, null));
        mgmt = new GatewayConfig.Management(or(mgmt.host(), "0.0.0.0"), or(mgmt.port(), 9400), or(mgmt.readyLinks(), "any"));
        var store = or(c.store(), new GatewayConfig.Store(null, null, null, null, null, null, null, null));
        store = new GatewayConfig.Store(or(store.url(), "jdbc:h2:file:./data/rcsgw"), or(store.user(), "sa"),
                or(store.password(), ""), or(store.poolSize(), 8), or(store.batchMaxSize(), 1000),
                or(store.commitDelay(), Duration.ofMillis(1)), or(store.retention(), Duration.ofDays(7)),
                or(store.purgeInterval(), Duration.ofMinutes(1)));
        var sms = or(c.sms(), new GatewayConfig.Sms(null, null, null, null));
        sms = new GatewayConfig.Sms(or(sms.defaultSender(), "rcsgw"), or(sms.maxSubmitAttempts(), 10),
                or(sms.retryDelay(), Duration.ofMillis(500)), or(sms.nationalLanguages(), List.of()));
        List<GatewayConfig.Smsc> links = new ArrayList<>();
        for (GatewayConfig.Smsc s : or(c.smsc(), List.<GatewayConfig.Smsc>of())) {
            links.add(new GatewayConfig.Smsc(s.name(), s.host(), s.port(), s.systemId(), or(s.password(), ""),
                    or(s.systemType(), ""), or(s.window(), 50), or(s.enquireLinkInterval(), Duration.ofSeconds(30)),
                    or(s.responseTimeout(), Duration.ofSeconds(10)), or(s.reconnectMin(), Duration.ofMillis(200)),
                    or(s.reconnectMax(), Duration.ofSeconds(30)), or(s.concatenation(), "udh8"), or(s.defaultCoding(), "gsm"),
                    or(s.nationalLanguages(), sms.nationalLanguages()), or(s.maxSegments(), 255), s.validityPeriod(),
                    or(s.priority(), 0), or(s.shortCodeTon(), 3), or(s.shortCodeNpi(), 0), or(s.maxTps(), 0),
                    or(s.throttlingStatuses(), List.copyOf(SubmitPolicy.DEFAULT.throttlingStatuses())),
                    or(s.retryableStatuses(), List.copyOf(SubmitPolicy.DEFAULT.retryableStatuses())), or(s.onTimeout(), "retry"),
                    or(s.binds(), 1), or(s.moReassemblyTimeout(), Duration.ofSeconds(60)), or(s.bindMode(), "trx"),
                    or(s.tls(), false), s.tlsTrustStore(), s.tlsTrustStorePassword(), or(s.tlsVerifyHostname(), true),
                    or(s.receiptTimeout(), or(s.validityPeriod(), DEFAULT_VALIDITY).plus(RECEIPT_MARGIN))));
        }
        var hooks = or(c.webhooks(), new GatewayConfig.Webhooks(null, null, null, null, null));
        hooks = new GatewayConfig.Webhooks(or(hooks.timeout(), Duration.ofSeconds(5)), or(hooks.concurrency(), 128),
                or(hooks.retryMin(), Duration.ofSeconds(1)), or(hooks.retryMax(), Duration.ofMinutes(5)),
                or(hooks.retryWindow(), Duration.ofHours(24)));
        var sim = or(c.simulator(), new GatewayConfig.Simulator(null, null, null, null));
        sim = new GatewayConfig.Simulator(or(sim.enabled(), false), or(sim.host(), "127.0.0.1"), or(sim.port(), 2776),
                or(sim.receiptDelay(), Duration.ofMillis(50)));
        var admin = or(c.admin(), new GatewayConfig.Admin(null, null, null));
        admin = new GatewayConfig.Admin(or(admin.host(), "127.0.0.1"), or(admin.port(), 9401),
                admin.token() == null || admin.token().isBlank() ? null : admin.token());
        var logging = new GatewayConfig.Logging(or(c.logging() == null ? null : c.logging().format(), "text"));
        List<GatewayConfig.Bot> bots = new ArrayList<>();
        for (GatewayConfig.Bot b : or(c.bots(), List.<GatewayConfig.Bot>of())) {
            // an empty ${ENV:-} leaves the webhook secret unset
            bots.add(b == null ? null : new GatewayConfig.Bot(b.id(), b.secret(), b.webhookUrl(), b.sender(),
                    b.webhookSecret() == null || b.webhookSecret().isBlank() ? null : b.webhookSecret(), b.tariff(),
                    b.smsTemplate(), or(b.anonymous(), false), or(b.prepaid(), false)));
        }
        var rating = or(c.rating(), new GatewayConfig.Rating(null, null));
        List<GatewayConfig.Tariff> tariffs = or(rating.tariffs(), List.<GatewayConfig.Tariff>of());
        rating = new GatewayConfig.Rating(rating.defaultTariff() != null ? rating.defaultTariff()
                : tariffs.isEmpty() || tariffs.get(0) == null ? null : tariffs.get(0).name(), tariffs);
        var cdr = or(c.cdr(), new GatewayConfig.Cdr(null, null, null, null, null, null, null));
        cdr = new GatewayConfig.Cdr(or(cdr.enabled(), true), or(cdr.export(), true),
                or(cdr.directory(), defaultCdrDirectory(store.url())),
                or(cdr.rotateRecords(), 10_000),
                or(cdr.rotateInterval(), Duration.ofMinutes(5)), or(cdr.maskNumbers(), false),
                or(cdr.perSegment(), false));
        var web = or(c.webView(), new GatewayConfig.WebView(null, null, null));
        web = new GatewayConfig.WebView(or(web.host(), "0.0.0.0"), or(web.port(), 8081),
                web.publicBaseUrl() == null || web.publicBaseUrl().isBlank() ? null : web.publicBaseUrl().replaceAll("/+$", ""));
        var files = or(c.files(), new GatewayConfig.Files(null, null, null, null, null));
        var fetch = or(files.fetch(), new GatewayConfig.FileFetch(null, null));
        files = new GatewayConfig.Files(or(files.maxBytes(), 10L * 1024 * 1024), or(files.maxBytesPerBot(), 1024L * 1024 * 1024),
                or(files.maxRetention(), Duration.ofDays(30)), or(files.types(), FILE_TYPES),
                new GatewayConfig.FileFetch(or(fetch.allow(), List.of()), or(fetch.timeout(), Duration.ofSeconds(10))));
        var smpp = or(c.smppServer(), new GatewayConfig.SmppServer(null, null, null, null, null, null, null, null,
                null));
        List<GatewayConfig.SmppAccount> accounts = new ArrayList<>();
        for (GatewayConfig.SmppAccount a : or(smpp.accounts(), List.<GatewayConfig.SmppAccount>of())) {
            accounts.add(a == null ? null : new GatewayConfig.SmppAccount(a.systemId(), a.password(), or(a.allow(), List.of()),
                    or(a.maxBinds(), 4), or(a.tps(), 100), or(a.window(), 100), a.bot(), or(a.numbers(), List.of()),
                    or(a.upgrade(), false)));
        }
        smpp = new GatewayConfig.SmppServer(or(smpp.host(), "0.0.0.0"), or(smpp.port(), 2775),
                or(smpp.bindTimeout(), Duration.ofSeconds(10)), or(smpp.enquireLinkInterval(), Duration.ofSeconds(30)),
                or(smpp.maxCommandLength(), 70_000), accounts, or(smpp.idleTimeout(), Duration.ofMinutes(5)),
                or(smpp.holdFor(), Duration.ofDays(3)), smpp.tls() == null ? null : new GatewayConfig.SmppServerTls(
                        or(smpp.tls().port(), 3550), smpp.tls().keyStore(), smpp.tls().keyStorePassword()));
        var overload = or(c.overload(), new GatewayConfig.Overload(null, null));
        overload = new GatewayConfig.Overload(or(overload.maxOpen(), 100_000), or(overload.retryAfter(), Duration.ofSeconds(1)));
        var cluster = or(c.cluster(), new GatewayConfig.Cluster(null, null, null, null));
        cluster = new GatewayConfig.Cluster(or(cluster.enabled(), false),
                cluster.nodeId() == null || cluster.nodeId().isBlank() ? defaultNodeId(api.port()) : cluster.nodeId(),
                or(cluster.lease(), Duration.ofSeconds(10)), or(cluster.heartbeat(), Duration.ofSeconds(3)));
        return new GatewayConfig(api, mgmt, admin, store, links, or(c.routes(), List.of()), sms, bots, hooks,
                sim, logging, rcs, rsim, rating, cdr, or(c.rules(), List.of()),
                c.rulesFile() == null || c.rulesFile().isBlank() ? null : c.rulesFile(), web, http, files, smpp, overload,
                cluster);
    }

    /** The host name and the API port, e.g. gw-2:8080; "rcsgw:PORT" when the host has no name. */
    static String defaultNodeId(int apiPort) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "rcsgw";
        }
        return host + ":" + apiPort;
    }

    /** What RCS clients show or play, and the documents bots commonly send. */
    static final List<String> FILE_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4",
            "video/3gpp", "video/webm", "audio/mpeg", "audio/mp4", "audio/aac", "audio/amr", "audio/ogg", "audio/wav",
            "application/pdf", "text/vcard", "text/x-vcard", "text/calendar", "text/plain");

    /** Next to an embedded H2 database file (./data/cdr for the default ./data/rcsgw); ./data/cdr otherwise. */
    static String defaultCdrDirectory(String storeUrl) {
        String h2 = "jdbc:h2:file:";
        if (storeUrl.startsWith(h2)) {
            Path parent = Path.of(storeUrl.substring(h2.length()).split(";", 2)[0]).getParent();
            return (parent == null ? Path.of("cdr") : parent.resolve("cdr")).toString();
        }
        return "./data/cdr";
    }

}
