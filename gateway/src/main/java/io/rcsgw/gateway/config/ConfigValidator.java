package io.rcsgw.gateway.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.rcsgw.gateway.config.LinkSettings.bindMode;
import static io.rcsgw.gateway.config.LinkSettings.languages;
import static io.rcsgw.gateway.config.LinkSettings.smsSettings;
import static io.rcsgw.gateway.config.LinkSettings.submitPolicy;
import static io.rcsgw.gateway.config.LinkSettings.tls;

/** Checks every value of a configuration with its defaults filled; each error names the key. */
final class ConfigValidator {

    private ConfigValidator() {
    }

    static GatewayConfig validate(GatewayConfig c) {
        port("api.port", c.api().port(), true);
        port("management.port", c.management().port(), true);
        port("admin.port", c.admin().port(), true);
        if (!c.management().readyLinks().equals("any") && !c.management().readyLinks().equals("all")) {
            throw new ConfigException("management.readyLinks: any or all");
        }
        if (c.admin().token() != null && c.admin().token().length() < 16) {
            throw new ConfigException("admin.token: must be at least 16 characters");
        }
        if (!c.logging().format().equals("text") && !c.logging().format().equals("json")) {
            throw new ConfigException("logging.format: text or json");
        }
        positive("api.maxBodyBytes", c.api().maxBodyBytes());
        range("api.maxSmsSegments", c.api().maxSmsSegments(), 1, 255);
        positive("api.tokenTtl", c.api().tokenTtl());
        positive("api.authFailures.perClient", c.api().authFailures().perClient());
        positive("api.authFailures.perAddress", c.api().authFailures().perAddress());
        positive("api.authFailures.window", c.api().authFailures().window());
        positive("http.maxConnections", c.http().maxConnections());
        positive("http.idleTimeout", c.http().idleTimeout());
        positive("http.requestTimeout", c.http().requestTimeout());
        if (c.api().tokenKey() != null && c.api().tokenKey().length() < 16) {
            throw new ConfigException("api.tokenKey: must be at least 16 characters");
        }
        if (!c.store().url().startsWith("jdbc:h2:") && !c.store().url().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("store.url: must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        range("overload.maxOpen", c.overload().maxOpen(), 0, 100_000_000);
        positive("overload.retryAfter", c.overload().retryAfter());
        range("store.poolSize", c.store().poolSize(), 2, 200);
        range("store.batchMaxSize", c.store().batchMaxSize(), 1, 100_000);
        if (c.store().commitDelay().compareTo(Duration.ofMillis(50)) > 0) {
            throw new ConfigException("store.commitDelay: at most 50ms (it is added to every HTTP answer under load)");
        }
        Duration retention = c.store().retention();
        if (retention.isNegative() || !retention.isZero() && retention.compareTo(Duration.ofHours(1)) < 0) {
            // shorter, the gateway would still answer from its memory of recent msgIds about deleted messages
            throw new ConfigException("store.retention: at least 1h, or 0s to keep every message");
        }
        positive("store.purgeInterval", c.store().purgeInterval());
        if (c.smsc().isEmpty() && !c.simulator().enabled()) {
            throw new ConfigException("smsc: at least one SMSC link is required (or simulator.enabled: true)");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < c.smsc().size(); i++) {
            GatewayConfig.Smsc s = c.smsc().get(i);
            String k = "smsc[" + i + "]";
            required(k + ".name", s.name());
            if (!names.add(s.name())) {
                throw new ConfigException(k + ".name: duplicate link name " + s.name());
            }
            required(k + ".host", s.host());
            port(k + ".port", s.port(), false);
            required(k + ".systemId", s.systemId());
            if (s.systemId().length() > 15) {
                throw new ConfigException(k + ".systemId: at most 15 characters (SMPP 3.4)");
            }
            if (s.password().length() > 8) {
                throw new ConfigException(k + ".password: at most 8 characters (SMPP 3.4)");
            }
            range(k + ".window", s.window(), 1, 1000);
            positive(k + ".enquireLinkInterval", s.enquireLinkInterval());
            positive(k + ".responseTimeout", s.responseTimeout());
            positive(k + ".reconnectMin", s.reconnectMin());
            if (s.reconnectMax().compareTo(s.reconnectMin()) < 0) {
                throw new ConfigException(k + ".reconnectMax: must not be less than reconnectMin");
            }
            smsSettings(k, s);
            submitPolicy(k, s);
            range(k + ".binds", s.binds(), 1, 64);
            bindMode(k, s);
            tls(k, s);
            positive(k + ".receiptTimeout", s.receiptTimeout());
        }
        for (int i = 0; i < c.routes().size(); i++) {
            GatewayConfig.Route r = c.routes().get(i);
            String k = "routes[" + i + "]";
            if (r.prefix() == null || !r.prefix().matches("\\d{0,15}")) {
                throw new ConfigException(k + ".prefix: the first digits of E.164 numbers (no +), or \"\" for all");
            }
            if (r.smsc() == null || r.smsc().isEmpty()) {
                throw new ConfigException(k + ".smsc: at least one SMSC name");
            }
            for (String name : r.smsc()) {
                if (!names.contains(name)) {
                    throw new ConfigException(k + ".smsc: no SMSC named " + name);
                }
            }
            if (r.nationalLanguages() != null) {
                languages(k + ".nationalLanguages", r.nationalLanguages());
            }
        }
        required("sms.defaultSender", c.sms().defaultSender());
        sender("sms.defaultSender", c.sms().defaultSender());
        range("sms.maxSubmitAttempts", c.sms().maxSubmitAttempts(), 1, 1000);
        languages("sms.nationalLanguages", c.sms().nationalLanguages());
        positive("sms.retryDelay", c.sms().retryDelay());
        Set<String> tariffNames = TariffPlans.validate(c.rating());
        cdr(c.cdr());
        cluster(c);
        if (c.bots().isEmpty()) {
            throw new ConfigException("bots: at least one bot is required");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < c.bots().size(); i++) {
            GatewayConfig.Bot b = c.bots().get(i);
            String k = "bots[" + i + "]";
            required(k + ".id", b.id());
            if (!b.id().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException(k + ".id: 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            if (!ids.add(b.id())) {
                throw new ConfigException(k + ".id: duplicate bot id " + b.id());
            }
            required(k + ".secret", b.secret());
            if (b.secret().length() < 8) {
                throw new ConfigException(k + ".secret: must be at least 8 characters");
            }
            if (b.webhookUrl() != null) {
                httpUrl(k + ".webhookUrl", b.webhookUrl());
            }
            if (b.sender() != null) {
                sender(k + ".sender", b.sender());
            }
            if (b.webhookSecret() != null && b.webhookSecret().length() < 16) {
                throw new ConfigException(k + ".webhookSecret: must be at least 16 characters");
            }
            if (b.tariff() != null && !tariffNames.contains(b.tariff())) {
                throw new ConfigException(k + ".tariff: no tariff named " + b.tariff() + " under rating.tariffs");
            }
            if (b.prepaid() && (!c.cdr().enabled() || tariffNames.isEmpty())) {
                throw new ConfigException(k + ".prepaid: needs rating (cdr.enabled and rating.tariffs) to price what it sends");
            }
        }
        positive("webhooks.timeout", c.webhooks().timeout());
        range("webhooks.concurrency", c.webhooks().concurrency(), 1, 10_000);
        positive("webhooks.retryMin", c.webhooks().retryMin());
        positive("webhooks.retryWindow", c.webhooks().retryWindow());
        if (c.simulator().enabled()) {
            port("simulator.port", c.simulator().port(), true);
        }
        var l = c.api().limits();
        range("api.limits.maxSuggestions", l.maxSuggestions(), 0, 100);
        range("api.limits.maxCardSuggestions", l.maxCardSuggestions(), 0, 100);
        range("api.limits.maxSuggestionText", l.maxSuggestionText(), 1, 1000);
        range("api.limits.maxCardTitle", l.maxCardTitle(), 1, 10_000);
        range("api.limits.maxCardDescription", l.maxCardDescription(), 1, 100_000);
        range("api.limits.maxText", l.maxText(), 1, 100_000);
        range("api.limits.maxMessageBytes", l.maxMessageBytes(), 1, 1_000_000);
        var r = c.rcs();
        if (r.baseUrl() != null) {
            httpUrl("rcs.baseUrl", r.baseUrl());
            if (!r.baseUrl().endsWith("/")) {
                throw new ConfigException("rcs.baseUrl: must end with / (bots are under bot/v1/{botId}/ below it)");
            }
            if (r.tokenUrl() != null) {
                httpUrl("rcs.tokenUrl", r.tokenUrl());
            }
            required("rcs.clientSecret", r.clientSecret());
        }
        if (r.baseUrl() != null || c.rcsSimulator().enabled()) {
            if (r.eventsSecret() == null && !(r.baseUrl() == null && c.rcsSimulator().enabled())) {
                throw new ConfigException("rcs.eventsSecret: required with rcs.baseUrl (the platform signs or bears it on its events)");
            }
            if (r.eventsSecret() != null && r.eventsSecret().length() < 16) {
                throw new ConfigException("rcs.eventsSecret: must be at least 16 characters");
            }
            if (!r.eventsAuth().equals("hmac") && !r.eventsAuth().equals("bearer")) {
                throw new ConfigException("rcs.eventsAuth: hmac or bearer");
            }
            positive("rcs.timeout", r.timeout());
            range("rcs.breakerFailureRate", r.breakerFailureRate(), 1, 100);
            range("rcs.breakerWindow", r.breakerWindow(), 1, 10_000);
            range("rcs.breakerMinimumCalls", r.breakerMinimumCalls(), 1, 10_000);
            positive("rcs.breakerOpenDuration", r.breakerOpenDuration());
            range("rcs.maxConcurrentCalls", r.maxConcurrentCalls(), 1, 100_000);
            positive("rcs.capableTtl", r.capableTtl());
            positive("rcs.notCapableTtl", r.notCapableTtl());
            positive("rcs.capabilityRefresh", r.capabilityRefresh());
            range("rcs.capabilityCacheSize", r.capabilityCacheSize(), 1, 100_000_000);
            positive("rcs.deliveryTimeout", r.deliveryTimeout());
        }
        if (c.webView().publicBaseUrl() != null) {
            httpUrl("webView.publicBaseUrl", c.webView().publicBaseUrl());
            port("webView.port", c.webView().port(), true);
        }
        files(c.files());
        SmppServerValidator.validate(c);
        if (c.rulesFile() != null && !c.rules().isEmpty()) {
            throw new ConfigException("rulesFile: set either rules or rulesFile, not both");
        }
        RuleCompiler.templates(c.bots());
        ConfigLoader.ruleSet(c); // the rules compile, or the start stops naming the rule and key at fault
        if (c.rcsSimulator().enabled()) {
            port("rcsSimulator.port", c.rcsSimulator().port(), true);
            numbers("rcsSimulator.capable", c.rcsSimulator().capable());
            numbers("rcsSimulator.neverDeliver", c.rcsSimulator().neverDeliver());
            numbers("rcsSimulator.failing", c.rcsSimulator().failing());
            for (int i = 0; i < c.rcsSimulator().features().size(); i++) {
                GatewayConfig.SimFeatures f = c.rcsSimulator().features().get(i);
                numbers("rcsSimulator.features[" + i + "].numbers", f == null || f.numbers() == null ? List.of() : f.numbers());
                if (f.capabilities() == null) {
                    throw new ConfigException("rcsSimulator.features[" + i + "].capabilities: a list such as [chat, richcard]");
                }
            }
        }
        return c;
    }

    private static void sender(String key, String s) {
        boolean digits = s.chars().allMatch(Character::isDigit);
        if (s.isEmpty() || (digits ? s.length() > 20 : s.length() > 11)) {
            throw new ConfigException(key + ": a number of at most 20 digits or an alphanumeric sender of at most 11 characters");
        }
    }

    private static void files(GatewayConfig.Files f) {
        // uploads are held in memory while they are read and stored
        longRange("files.maxBytes", f.maxBytes(), 1, 100L * 1024 * 1024);
        longRange("files.maxBytesPerBot", f.maxBytesPerBot(), f.maxBytes(), Long.MAX_VALUE);
        positive("files.maxRetention", f.maxRetention());
        positive("files.fetch.timeout", f.fetch().timeout());
        for (int i = 0; i < f.types().size(); i++) {
            String t = f.types().get(i);
            if (t == null || !t.matches("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")) {
                throw new ConfigException("files.types[" + i + "]: a lower-case MIME type such as image/jpeg");
            }
        }
        for (int i = 0; i < f.fetch().allow().size(); i++) {
            String key = "files.fetch.allow[" + i + "]";
            String a = f.fetch().allow().get(i);
            httpUrl(key, a);
            URI u = URI.create(a);
            if (u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null) {
                throw new ConfigException(key + ": a URL prefix such as https://cdn.example.com/media/, without user, query or fragment");
            }
        }
    }

    private static void longRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(key + ": between " + min + " and " + max);
        }
    }

    private static void httpUrl(String key, String url) {
        try {
            URI u = URI.create(url);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": must be an http:// or https:// URL");
        }
    }

    private static void numbers(String key, List<String> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            if (e == null || !e.matches("\\+\\d{0,15}(-\\+\\d{1,15})?")) {
                throw new ConfigException(key + "[" + i + "]: a prefix such as +4477 or a range such as +447700900000-+447700900499");
            }
        }
        try {
            new io.rcsgw.rcs.sim.NumberRanges(entries);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    private static void cluster(GatewayConfig c) {
        GatewayConfig.Cluster k = c.cluster();
        if (!k.enabled()) {
            return;
        }
        if (!c.store().url().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("cluster.enabled: several nodes share one PostgreSQL database (store.url "
                    + "jdbc:postgresql:...); H2 is the embedded store of a single node");
        }
        if (!k.nodeId().matches("[A-Za-z0-9._:-]{1,128}")) {
            throw new ConfigException("cluster.nodeId: 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        positive("cluster.heartbeat", k.heartbeat());
        if (k.lease().compareTo(k.heartbeat().multipliedBy(3)) < 0) {
            throw new ConfigException("cluster.lease: at least three heartbeats (" + k.heartbeat().multipliedBy(3) + ")");
        }
    }

    private static void cdr(GatewayConfig.Cdr cdr) {
        if (cdr.directory() == null || cdr.directory().isBlank()) {
            throw new ConfigException("cdr.directory: a directory is required");
        }
        range("cdr.rotateRecords", cdr.rotateRecords(), 1, 10_000_000);
        positive("cdr.rotateInterval", cdr.rotateInterval());
    }

    static void required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + ": is required");
        }
    }

    static void port(String key, Integer port, boolean zeroAllowed) {
        if (port == null || port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new ConfigException(key + ": must be " + (zeroAllowed ? "0" : "1") + "..65535");
        }
    }

    static void range(String key, Integer v, int min, int max) {
        if (v == null || v < min || v > max) {
            throw new ConfigException(key + ": must be " + min + ".." + max);
        }
    }

    static void positive(String key, Integer v) {
        if (v == null || v <= 0) {
            throw new ConfigException(key + ": must be positive");
        }
    }

    static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException(key + ": must be a positive duration such as 500ms, 30s, 5m");
        }
    }

}
