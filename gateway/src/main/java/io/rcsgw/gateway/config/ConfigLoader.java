package io.rcsgw.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.Tariff;
import io.rcsgw.rules.rating.TariffTable;
import io.rcsgw.rules.sms.Concatenation;
import io.rcsgw.rules.sms.DefaultCoding;
import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.smpp.BindMode;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.TlsSettings;
import io.rcsgw.smpp.SubmitPolicy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration into {@link GatewayConfig}: substitutes {@code ${ENV}} and
 * {@code ${ENV:-default}}, refuses unknown keys, fills defaults and checks every value. Each
 * error names the key, e.g. {@code smsc[0].port: must be 1..65535}.
 */
public final class ConfigLoader {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** An SMSC's validity when a link sets none (most SMSCs keep a message two days), and the margin after it. */
    static final Duration DEFAULT_VALIDITY = Duration.ofHours(48);
    static final Duration RECEIPT_MARGIN = Duration.ofHours(1);

    private ConfigLoader() {
    }

    /** How long a receipt may take on a link that sets no validity: the SMSC's usual two days, and the margin. */
    public static Duration defaultReceiptTimeout() {
        return DEFAULT_VALIDITY.plus(RECEIPT_MARGIN);
    }

    public static GatewayConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, env);
    }

    public static GatewayConfig parse(String yaml, Map<String, String> env) {
        String substituted = substitute(yaml, env);
        YamlLines lines = new YamlLines(substituted);
        GatewayConfig raw;
        try {
            raw = read(substituted, GatewayConfig.class, "config");
        } catch (ConfigException e) {
            throw lines.located(e, null);
        }
        if (raw == null) {
            raw = new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }
        try {
            return validate(withDefaults(raw));
        } catch (ConfigException e) {
            throw lines.located(e, null);
        }
    }

    /** The top level of a rules file: {@code rules:} and nothing else. */
    public record RulesFile(List<GatewayConfig.Rule> rules) {
    }

    /**
     * The rules of a rules file, checked the way the config's own {@code rules:} are; an error
     * names the file, the key and its line. {@code source} receives the text they came from.
     */
    public static List<GatewayConfig.Rule> loadRulesFile(Path file, StringBuilder source) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("rulesFile: cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("rulesFile: cannot read " + file + ": " + e.getMessage());
        }
        YamlLines lines = new YamlLines(text);
        try {
            RulesFile r = read(text, RulesFile.class, "rules file");
            List<GatewayConfig.Rule> rules = r == null || r.rules() == null ? List.of() : r.rules();
            source.append(text);
            return rules;
        } catch (ConfigException e) {
            throw lines.located(e, file.toString());
        }
    }

    private static <T> T read(String yaml, Class<T> type, String what) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()));
        try {
            return mapper.readValue(yaml, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(path(e) + ": unknown key");
        } catch (JsonMappingException e) {
            String detail = e.getOriginalMessage();
            if (e.getCause() instanceof IllegalArgumentException iae) {
                detail = iae.getMessage();
            }
            throw new ConfigException(path(e) + ": " + detail.split("\n")[0]);
        } catch (IOException e) {
            throw new ConfigException(what + " is not valid YAML: " + e.getMessage().split("\n")[0]);
        }
    }

    /**
     * The rules a validated config runs: its {@code rules:}, or those of its {@code rulesFile},
     * compiled; a {@link ConfigException} names what is wrong (and where).
     */
    public static io.rcsgw.rules.routing.RuleSet ruleSet(GatewayConfig c) {
        List<GatewayConfig.Rule> rules = c.rules();
        String source;
        YamlLines lines = null;
        String file = null;
        if (c.rulesFile() != null) {
            StringBuilder text = new StringBuilder();
            rules = loadRulesFile(Path.of(c.rulesFile()), text);
            source = text.toString();
            lines = new YamlLines(source);
            file = c.rulesFile();
        } else {
            try {
                source = new ObjectMapper().registerModule(new SimpleModule().addSerializer(Duration.class,
                        new com.fasterxml.jackson.databind.ser.std.ToStringSerializer())).writeValueAsString(rules);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return RuleCompiler.compile(rules, c.rcs().deliveryTimeout(), c.webView().publicBaseUrl() != null, source);
        } catch (ConfigException e) {
            throw lines == null ? e : lines.located(e, file);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }

    static String substitute(String yaml, Map<String, String> env) {
        Matcher m = ENV.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigException("environment variable " + m.group(1) + " is referenced in the config but not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static GatewayConfig withDefaults(GatewayConfig c) {
        var api = or(c.api(), new GatewayConfig.Api(null, null, null, null, null, null, null));
        var lim = or(api.limits(), new GatewayConfig.Limits(null, null, null, null, null, null, null));
        var d = io.rcsgw.rules.content.ContentLimits.DEFAULT;
        lim = new GatewayConfig.Limits(or(lim.maxSuggestions(), d.maxSuggestions()), or(lim.maxCardSuggestions(), d.maxCardSuggestions()),
                or(lim.maxSuggestionText(), d.maxSuggestionText()), or(lim.maxCardTitle(), d.maxCardTitle()),
                or(lim.maxCardDescription(), d.maxCardDescription()), or(lim.maxText(), d.maxText()),
                or(lim.maxMessageBytes(), Math.min(d.maxMessageBytes(), or(api.maxBodyBytes(), 262_144))));
        api = new GatewayConfig.Api(or(api.host(), "0.0.0.0"), or(api.port(), 8080), or(api.maxBodyBytes(), 262_144),
                or(api.tokenTtl(), Duration.ofHours(1)), api.tokenKey(), or(api.maxSmsSegments(), 10), lim);
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
                    b.smsTemplate()));
        }
        var rating = or(c.rating(), new GatewayConfig.Rating(null, null));
        List<GatewayConfig.Tariff> tariffs = or(rating.tariffs(), List.<GatewayConfig.Tariff>of());
        rating = new GatewayConfig.Rating(rating.defaultTariff() != null ? rating.defaultTariff()
                : tariffs.isEmpty() || tariffs.get(0) == null ? null : tariffs.get(0).name(), tariffs);
        var cdr = or(c.cdr(), new GatewayConfig.Cdr(null, null, null, null, null));
        cdr = new GatewayConfig.Cdr(or(cdr.enabled(), true), or(cdr.export(), true),
                or(cdr.directory(), defaultCdrDirectory(store.url())),
                or(cdr.rotateRecords(), 10_000),
                or(cdr.rotateInterval(), Duration.ofMinutes(5)));
        var web = or(c.webView(), new GatewayConfig.WebView(null, null, null));
        web = new GatewayConfig.WebView(or(web.host(), "0.0.0.0"), or(web.port(), 8081),
                web.publicBaseUrl() == null || web.publicBaseUrl().isBlank() ? null : web.publicBaseUrl().replaceAll("/+$", ""));
        return new GatewayConfig(api, mgmt, admin, store, links, or(c.routes(), List.of()), sms, bots, hooks,
                sim, logging, rcs, rsim, rating, cdr, or(c.rules(), List.of()),
                c.rulesFile() == null || c.rulesFile().isBlank() ? null : c.rulesFile(), web);
    }

    private static GatewayConfig validate(GatewayConfig c) {
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
        if (c.api().tokenKey() != null && c.api().tokenKey().length() < 16) {
            throw new ConfigException("api.tokenKey: must be at least 16 characters");
        }
        if (!c.store().url().startsWith("jdbc:h2:") && !c.store().url().startsWith("jdbc:postgresql:")) {
            throw new ConfigException("store.url: must be a jdbc:h2: or jdbc:postgresql: URL");
        }
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
        Set<String> tariffNames = tariffs(c.rating());
        cdr(c.cdr());
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
        if (c.rulesFile() != null && !c.rules().isEmpty()) {
            throw new ConfigException("rulesFile: set either rules or rulesFile, not both");
        }
        RuleCompiler.templates(c.bots());
        ruleSet(c); // the rules compile, or the start stops naming the rule and key at fault
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

    /** The SMS settings of link {@code s}, checked; {@code key} names it in errors (smsc[0]). */
    public static SmsSettings smsSettings(String key, GatewayConfig.Smsc s) {
        Concatenation c = switch (s.concatenation()) {
            case "udh8" -> Concatenation.UDH_8BIT;
            case "udh16" -> Concatenation.UDH_16BIT;
            case "sar" -> Concatenation.SAR;
            case "payload" -> Concatenation.MESSAGE_PAYLOAD;
            default -> throw new ConfigException(key + ".concatenation: one of udh8, udh16, sar, payload");
        };
        DefaultCoding d = switch (s.defaultCoding()) {
            case "gsm" -> DefaultCoding.GSM_UNPACKED;
            case "gsm-packed" -> DefaultCoding.GSM_PACKED;
            case "latin1" -> DefaultCoding.LATIN1;
            default -> throw new ConfigException(key + ".defaultCoding: one of gsm, gsm-packed, latin1");
        };
        Set<NationalLanguage> languages = languages(key + ".nationalLanguages", s.nationalLanguages());
        if (d == DefaultCoding.LATIN1 && !languages.isEmpty()) {
            throw new ConfigException(key + ".nationalLanguages: national tables need defaultCoding gsm or gsm-packed");
        }
        range(key + ".maxSegments", s.maxSegments(), 1, 255);
        range(key + ".priority", s.priority(), 0, 3);
        range(key + ".shortCodeTon", s.shortCodeTon(), 0, 6);
        if (!Set.of(0, 1, 3, 4, 6, 8, 9, 10, 14, 18).contains(s.shortCodeNpi())) {
            throw new ConfigException(key + ".shortCodeNpi: one of the SMPP 3.4 NPI values 0, 1, 3, 4, 6, 8, 9, 10, 14, 18");
        }
        if (s.validityPeriod() != null && (s.validityPeriod().isNegative() || s.validityPeriod().isZero()
                || s.validityPeriod().compareTo(Duration.ofDays(63)) > 0)) {
            throw new ConfigException(key + ".validityPeriod: a positive duration of at most 63d");
        }
        positive(key + ".moReassemblyTimeout", s.moReassemblyTimeout());
        return new SmsSettings(c, d, languages, s.maxSegments(), s.validityPeriod(), s.priority(), s.shortCodeTon(),
                s.shortCodeNpi(), s.moReassemblyTimeout());
    }

    public static BindMode bindMode(String key, GatewayConfig.Smsc s) {
        return switch (s.bindMode()) {
            case "trx" -> BindMode.TRX;
            case "tx-rx" -> BindMode.TX_RX;
            default -> throw new ConfigException(key + ".bindMode: trx or tx-rx");
        };
    }

    /** The TLS settings of link {@code s}, null when it is plain TCP. */
    public static TlsSettings tls(String key, GatewayConfig.Smsc s) {
        if (!s.tls()) {
            if (s.tlsTrustStore() != null) {
                throw new ConfigException(key + ".tlsTrustStore: set only with tls: true");
            }
            return null;
        }
        Path trust = null;
        if (s.tlsTrustStore() != null && !s.tlsTrustStore().isBlank()) {
            trust = Path.of(s.tlsTrustStore());
            if (!Files.isReadable(trust)) {
                throw new ConfigException(key + ".tlsTrustStore: cannot read " + trust);
            }
        }
        return new TlsSettings(trust, s.tlsTrustStorePassword(), s.tlsVerifyHostname());
    }

    /** How link {@code s} treats errors, throttling and timeouts, checked. */
    public static SubmitPolicy submitPolicy(String key, GatewayConfig.Smsc s) {
        range(key + ".maxTps", s.maxTps(), 0, 100_000);
        for (String list : new String[]{"throttlingStatuses", "retryableStatuses"}) {
            for (Integer st : list.equals("throttlingStatuses") ? s.throttlingStatuses() : s.retryableStatuses()) {
                if (st == null || st <= 0 || st > 0xFFFF) {
                    throw new ConfigException(key + "." + list + ": command_status values such as 0x58");
                }
            }
        }
        boolean retry = switch (s.onTimeout()) {
            case "retry" -> true;
            case "fail" -> false;
            default -> throw new ConfigException(key + ".onTimeout: retry or fail");
        };
        return new SubmitPolicy(s.maxTps(), Set.copyOf(s.throttlingStatuses()), Set.copyOf(s.retryableStatuses()), retry);
    }

    /** The national language tables named, checked. */
    public static Set<NationalLanguage> languages(String key, List<String> names) {
        Set<NationalLanguage> out = EnumSet.noneOf(NationalLanguage.class);
        for (String n : names) {
            try {
                out.add(NationalLanguage.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new ConfigException(key + ": '" + n + "' is not one of turkish, spanish, portuguese");
            }
        }
        return out;
    }

    private static void sender(String key, String s) {
        boolean digits = s.chars().allMatch(Character::isDigit);
        if (s.isEmpty() || (digits ? s.length() > 20 : s.length() > 11)) {
            throw new ConfigException(key + ": a number of at most 20 digits or an alphanumeric sender of at most 11 characters");
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

    /** Next to an embedded H2 database file (./data/cdr for the default ./data/rcsgw); ./data/cdr otherwise. */
    static String defaultCdrDirectory(String storeUrl) {
        String h2 = "jdbc:h2:file:";
        if (storeUrl.startsWith(h2)) {
            Path parent = Path.of(storeUrl.substring(h2.length()).split(";", 2)[0]).getParent();
            return (parent == null ? Path.of("cdr") : parent.resolve("cdr")).toString();
        }
        return "./data/cdr";
    }

    /** Checks rating.tariffs and returns their names. */
    private static Set<String> tariffs(GatewayConfig.Rating rating) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rating.tariffs().size(); i++) {
            GatewayConfig.Tariff t = rating.tariffs().get(i);
            String k = "rating.tariffs[" + i + "]";
            if (t == null) {
                throw new ConfigException(k + ": a tariff is required");
            }
            required(k + ".name", t.name());
            if (!t.name().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ConfigException(k + ".name: 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            if (!names.add(t.name())) {
                throw new ConfigException(k + ".name: duplicate tariff name " + t.name());
            }
            if (t.currency() == null || !t.currency().matches("[A-Z]{3}")) {
                throw new ConfigException(k + ".currency: an ISO 4217 code such as EUR");
            }
            price(k + ".rcsBasic", t.rcsBasic());
            price(k + ".rcsSingle", t.rcsSingle());
            price(k + ".rcsConversation", t.rcsConversation());
            price(k + ".smsSegment", t.smsSegment());
        }
        if (rating.defaultTariff() != null && !names.contains(rating.defaultTariff())) {
            throw new ConfigException("rating.defaultTariff: no tariff named " + rating.defaultTariff() + " under rating.tariffs");
        }
        return names;
    }

    private static void price(String key, BigDecimal price) {
        if (price != null && price.signum() < 0) {
            throw new ConfigException(key + ": must not be negative");
        }
    }

    private static void cdr(GatewayConfig.Cdr cdr) {
        if (cdr.directory() == null || cdr.directory().isBlank()) {
            throw new ConfigException("cdr.directory: a directory is required");
        }
        range("cdr.rotateRecords", cdr.rotateRecords(), 1, 10_000_000);
        positive("cdr.rotateInterval", cdr.rotateInterval());
    }

    /** The tariffs of a validated config, by bot. */
    public static TariffTable tariffTable(GatewayConfig c) {
        if (c.rating().tariffs().isEmpty()) {
            return TariffTable.unpriced();
        }
        Map<String, Tariff> byName = new HashMap<>();
        for (GatewayConfig.Tariff t : c.rating().tariffs()) {
            Map<ChargeCategory, BigDecimal> prices =
                    new EnumMap<>(ChargeCategory.class);
            if (t.rcsBasic() != null) {
                prices.put(ChargeCategory.RCS_BASIC, t.rcsBasic());
            }
            if (t.rcsSingle() != null) {
                prices.put(ChargeCategory.RCS_SINGLE, t.rcsSingle());
            }
            if (t.rcsConversation() != null) {
                prices.put(ChargeCategory.RCS_CONVERSATION, t.rcsConversation());
            }
            if (t.smsSegment() != null) {
                prices.put(ChargeCategory.SMS_SEGMENT, t.smsSegment());
            }
            byName.put(t.name(), new Tariff(t.name(), t.currency(), prices));
        }
        Map<String, Tariff> byBot = new HashMap<>();
        for (GatewayConfig.Bot b : c.bots()) {
            if (b.tariff() != null) {
                byBot.put(b.id(), byName.get(b.tariff()));
            }
        }
        return new TariffTable(byBot, byName.get(c.rating().defaultTariff()));
    }

    private static void required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key + ": is required");
        }
    }

    private static void port(String key, Integer port, boolean zeroAllowed) {
        if (port == null || port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new ConfigException(key + ": must be " + (zeroAllowed ? "0" : "1") + "..65535");
        }
    }

    private static void range(String key, Integer v, int min, int max) {
        if (v == null || v < min || v > max) {
            throw new ConfigException(key + ": must be " + min + ".." + max);
        }
    }

    private static void positive(String key, Integer v) {
        if (v == null || v <= 0) {
            throw new ConfigException(key + ": must be positive");
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException(key + ": must be a positive duration such as 500ms, 30s, 5m");
        }
    }

    /** Durations as 500ms, 30s, 5m, 1h, 2d, or ISO-8601 (PT30S). */
    static Duration parseDuration(String text) {
        return io.rcsgw.rules.model.Durations.parse(text);
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return parseDuration(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }
}
