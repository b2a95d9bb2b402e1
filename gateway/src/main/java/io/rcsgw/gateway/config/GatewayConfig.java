package io.rcsgw.gateway.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, as read from one YAML file. Every key is documented in
 * {@code config/example.yaml}; {@link ConfigLoader} fills defaults and validates.
 */
public record GatewayConfig(Api api, Management management, Admin admin, Store store, List<Smsc> smsc, List<Route> routes,
                            Sms sms, List<Bot> bots, Webhooks webhooks, Simulator simulator, Logging logging, Rcs rcs,
                            RcsSimulator rcsSimulator, Rating rating, Cdr cdr, List<Rule> rules, String rulesFile,
                            WebView webView, Http http, Files files, SmppServer smppServer, Overload overload,
                            Cluster cluster) {

    /**
     * Several gateways on one PostgreSQL database. {@code nodeId} names this one (default: the
     * host name and the API port); it holds a lease in the database, renewed every
     * {@code heartbeat} and lost {@code lease} after the last renewal (the database's clock).
     * The singletons (CDR export, retention) run on one live node at a time.
     */
    public record Cluster(Boolean enabled, String nodeId, Duration lease, Duration heartbeat) {
    }

    /**
     * At most {@code maxOpen} unfinished messages held (0: no bound); past it new messages are
     * refused, HTTP 429 with {@code retryAfter} and SMPP ESME_RTHROTTLED, until 90% of it remain.
     */
    public record Overload(Integer maxOpen, Duration retryAfter) {
    }

    /**
     * The SMPP server ESMEs bind to (on when it has accounts): where it listens, how long a
     * connection may take to bind, how often an idle bind is asked if it is there, the largest PDU,
     * how long a bind may go without a request ({@code idleTimeout}, 0: no limit), how long receipts
     * and users' messages wait for an ESME to take them ({@code holdFor}), and a TLS port.
     */
    public record SmppServer(String host, Integer port, Duration bindTimeout, Duration enquireLinkInterval,
                             Integer maxCommandLength, List<SmppAccount> accounts, Duration idleTimeout, Duration holdFor,
                             SmppServerTls tls) {
    }

    /** The SMPP server's TLS port and the PKCS#12 key store with its key and certificate chain. */
    public record SmppServerTls(Integer port, String keyStore, String keyStorePassword) {
    }

    /**
     * An ESME account: {@code password} plain or a PBKDF2 hash ({@code pbkdf2-sha256:...}),
     * {@code allow} the address ranges it may bind from (none: anywhere), at most {@code maxBinds}
     * binds, {@code tps} submits a second and {@code window} awaiting their response per bind;
     * its traffic is {@code bot}'s (rules, tariff, CDRs); {@code numbers} the source addresses it owns;
     * {@code upgrade}: its texts ask to go as RCS where a rule allows it (as the API's {@code upgrade}).
     */
    public record SmppAccount(String systemId, String password, List<String> allow, Integer maxBinds, Integer tps,
                              Integer window, String bot, List<String> numbers, Boolean upgrade) {
    }

    /**
     * The files API (on with {@code webView.publicBaseUrl}, where files are served at /f/{fileId}):
     * uploads of one of {@code types} up to {@code maxBytes}, at most {@code maxBytesPerBot} held by
     * one bot, each kept until its own {@code until} and never longer than {@code maxRetention}.
     */
    public record Files(Long maxBytes, Long maxBytesPerBot, Duration maxRetention, List<String> types, FileFetch fetch) {
    }

    /**
     * An upload may name a {@code fileUrl} for the gateway to fetch only under one of the {@code allow}
     * URL prefixes (none: never), within {@code timeout}; redirects are not followed.
     */
    public record FileFetch(List<String> allow, Duration timeout) {
    }

    /**
     * An operator rule: what it matches and what it does (see {@code config/example.yaml}).
     * {@code channel}: rcs-first, sms-only or rcs-only; {@code maxTtl}: the longest a message may
     * live; {@code upgrade}: an SMS-bound text may go as RCS to a capable handset.
     */
    public record Rule(String name, Match match, String channel, Fallback fallback, RuleSms sms, Duration maxTtl,
                       Boolean upgrade, Receipts receipts) {
    }

    /** Each list empty (or unset) matches anything; {@code content}: text, file, card, carousel, suggestions. */
    public record Match(List<String> bots, List<String> prefixes, List<String> content, List<String> trafficTypes,
                        List<String> tags, Window window) {
    }

    /** A daily window, "09:00" to "20:00" in {@code zone}; {@code outside}: skip (next rule), defer or refuse. */
    public record Window(String from, String to, String zone, String outside) {
    }

    /**
     * When RCS gives way to SMS: each trigger on unless set false; {@code missingFeature}: send,
     * degrade or sms; {@code undeliveredAfter}: a duration or "off"; {@code revokeFailed}: send
     * (SMS anyway) or hold (no SMS).
     */
    public record Fallback(Boolean notCapable, String missingFeature, Boolean platformUnavailable, Boolean rcsFailed,
                           String undeliveredAfter, String revokeFailed) {
    }

    /** {@code overflow}: reject, truncate or web-view, beyond {@code maxSegments}. */
    public record RuleSms(String sender, Duration validity, Integer maxSegments, String overflow, Duration webViewTtl,
                          Duration replyWindow) {
    }

    /** A receipt that has not come after {@code timeout} ends the message in {@code finalState}. */
    public record Receipts(Duration timeout, String finalState) {
    }

    /** The web views of rich messages sent as SMS: served on host:port, linked as {@code publicBaseUrl}/v/{token}; off while unset. */
    public record WebView(String host, Integer port, String publicBaseUrl) {
    }

    public record Api(String host, Integer port, Integer maxBodyBytes, Duration tokenTtl, String tokenKey,
                      Integer maxSmsSegments, Limits limits, AuthFailures authFailures) {
    }

    /**
     * Failed authentications (a wrong client secret, a bad token) allowed per {@code window}: per
     * client id and per source address; past either, that client or address gets 429 until the window ends.
     */
    public record AuthFailures(Integer perClient, Integer perAddress, Duration window) {
        public io.rcsgw.rcs.auth.AuthThrottle.Settings settings() {
            return new io.rcsgw.rcs.auth.AuthThrottle.Settings(perClient, perAddress, window);
        }
    }

    /** Every HTTP port's limits: connections at once, idle time, and how long a request may take to arrive. */
    public record Http(Integer maxConnections, Duration idleTimeout, Duration requestTimeout) {
        public io.rcsgw.rcs.server.HttpLimits limits() {
            return new io.rcsgw.rcs.server.HttpLimits(maxConnections, idleTimeout, requestTimeout);
        }
    }

    /** Limits on rich content (MaaP defaults). */
    public record Limits(Integer maxSuggestions, Integer maxCardSuggestions, Integer maxSuggestionText, Integer maxCardTitle,
                         Integer maxCardDescription, Integer maxText, Integer maxMessageBytes) {
    }

    /**
     * The operator's RCS platform. Off while {@code baseUrl} is unset (and no RCS simulator
     * runs): every message goes SMS. {@code eventsAuth}: hmac or bearer, with {@code eventsSecret}.
     * {@code deliveryTimeout}: an RCS message not delivered by then is revoked and sent as SMS.
     */
    public record Rcs(String baseUrl, String tokenUrl, String clientId, String clientSecret, Duration timeout,
                      Integer breakerFailureRate, Integer breakerWindow, Integer breakerMinimumCalls,
                      Duration breakerOpenDuration, Integer maxConcurrentCalls, Duration capableTtl, Duration notCapableTtl,
                      Duration capabilityRefresh, Integer capabilityCacheSize, String eventsAuth, String eventsSecret,
                      Duration deliveryTimeout) {
    }

    /** The in-process RCS platform simulator (for the demo and trials): numbers as prefixes (+4477) or ranges (+44770-+44779). */
    public record RcsSimulator(Boolean enabled, String host, Integer port, List<String> capable, List<String> neverDeliver,
                               Duration deliveredDelay, Duration displayedDelay, List<String> failing,
                               List<SimFeatures> features) {
    }

    /** Simulated handsets in {@code numbers} list only {@code capabilities} (e.g. no carousel). */
    public record SimFeatures(List<String> numbers, List<String> capabilities) {
    }

    /** {@code readyLinks}: ready when any link is bound (any) or only when all are (all). */
    public record Management(String host, Integer port, String readyLinks) {
    }

    /** The admin API: its own port and bearer token; off while {@code token} is unset. */
    public record Admin(String host, Integer port, String token) {
    }

    /** {@code format}: text (human-readable) or json (one JSON object per line). */
    public record Logging(String format) {
    }

    /**
     * {@code retention}: how long a message stays in the store after its last change once it is
     * closed, and a relayed platform event after it came in (0: kept for ever); a client's
     * {@code msgId} is recognised as a repeat for as long. {@code purgeInterval}: how often
     * retention runs.
     */
    public record Store(String url, String user, String password, Integer poolSize, Integer batchMaxSize,
                        Duration commitDelay, Duration retention, Duration purgeInterval) {
    }

    /**
     * One SMSC bind. {@code concatenation}: udh8, udh16, sar or payload; {@code defaultCoding}
     * (what data_coding 0 means there): gsm, gsm-packed or latin1; {@code nationalLanguages}:
     * turkish, spanish, portuguese (unset: those of {@code sms}); {@code onTimeout}: retry or fail;
     * {@code bindMode}: trx or tx-rx.
     */
    public record Smsc(String name, String host, Integer port, String systemId, String password, String systemType,
                       Integer window, Duration enquireLinkInterval, Duration responseTimeout,
                       Duration reconnectMin, Duration reconnectMax, String concatenation, String defaultCoding,
                       List<String> nationalLanguages, Integer maxSegments, Duration validityPeriod, Integer priority,
                       Integer shortCodeTon, Integer shortCodeNpi, Integer maxTps, List<Integer> throttlingStatuses,
                       List<Integer> retryableStatuses, String onTimeout, Integer binds, Duration moReassemblyTimeout,
                       String bindMode, Boolean tls, String tlsTrustStore, String tlsTrustStorePassword,
                       Boolean tlsVerifyHostname, Duration receiptTimeout) {
    }

    /**
     * Destinations whose E.164 digits start with {@code prefix} go to these SMSCs (by name), the
     * first one up first; {@code nationalLanguages}, when set, replace the links' tables for them.
     */
    public record Route(String prefix, List<String> smsc, List<String> nationalLanguages) {
    }

    /** {@code nationalLanguages}: the tables links use unless they name their own; the API counts segments with them. */
    public record Sms(String defaultSender, Integer maxSubmitAttempts, Duration retryDelay, List<String> nationalLanguages) {
    }

    /**
     * {@code webhookSecret} signs the bot's webhooks; unset, its OAuth {@code secret} does.
     * {@code smsTemplate}: its own SMS rendering of rich content (Mustache), unset: the built-in one.
     * {@code anonymous}: the bot never learns users' numbers, only their chatIds (MaaP's privacy model).
     * {@code prepaid}: the bot sends only what its credit (topped up through the admin API) covers.
     */
    public record Bot(String id, String secret, String webhookUrl, String sender, String webhookSecret, String tariff,
                      String smsTemplate, Boolean anonymous, Boolean prepaid) {
    }

    /**
     * Tariffs outcomes are rated with; a bot without a {@code tariff} of its own gets
     * {@code defaultTariff} (unset: the first one). No tariffs: records say what happened, unpriced.
     */
    public record Rating(String defaultTariff, List<Tariff> tariffs) {
    }

    /**
     * A tariff plan: {@code model} business-messaging (default) or per-segment; {@code basicLimit}
     * what a basic message's 160 counts, characters (default) or bytes; {@code rounding} of each
     * record's amount; {@code smsCharged} accepted (default: each segment an SMSC took) or delivered.
     * Its prices are the first version, in force from the start; each of {@code versions} sets
     * the prices that change from its {@code from} instant on. An unset price is 0.
     */
    public record Tariff(String name, String currency, String model, String basicLimit, Rounding rounding,
                         String smsCharged, String version, BigDecimal rcsBasic, BigDecimal rcsSingle,
                         BigDecimal rcsConversation, BigDecimal rcsA2pConversation, BigDecimal rcsP2aConversation,
                         BigDecimal rcsTextSegment, BigDecimal rcsMedia, BigDecimal smsSegment, BigDecimal smsMo,
                         BigDecimal smsUpgraded, Map<String, BigDecimal> smsByPrefix, List<PriceVersion> versions)
            implements Prices {
    }

    /** Prices from {@code from} (ISO 8601 instant) on; {@code version} names them in records (default: the instant). */
    public record PriceVersion(String version, String from, BigDecimal rcsBasic, BigDecimal rcsSingle,
                               BigDecimal rcsConversation, BigDecimal rcsA2pConversation, BigDecimal rcsP2aConversation,
                               BigDecimal rcsTextSegment, BigDecimal rcsMedia, BigDecimal smsSegment, BigDecimal smsMo,
                               BigDecimal smsUpgraded, Map<String, BigDecimal> smsByPrefix) implements Prices {
    }

    /** The price keys a tariff and each of its versions share. {@code rcsConversation} is rcsP2aConversation's older name. */
    public interface Prices {
        BigDecimal rcsBasic();

        BigDecimal rcsSingle();

        BigDecimal rcsConversation();

        BigDecimal rcsA2pConversation();

        BigDecimal rcsP2aConversation();

        BigDecimal rcsTextSegment();

        BigDecimal rcsMedia();

        BigDecimal smsSegment();

        BigDecimal smsMo();

        BigDecimal smsUpgraded();

        Map<String, BigDecimal> smsByPrefix();
    }

    /** {@code scale} decimal places (default 4), {@code mode} half-up (default), half-even, up, down, ceiling or floor. */
    public record Rounding(Integer scale, String mode) {
    }

    /**
     * Charging data records, one per message once it is final: CSV files in {@code directory}, each
     * closed (renamed from .csv.part to .csv) after {@code rotateRecords} records or {@code rotateInterval}.
     * {@code export}: this node writes the files (with several nodes on one database, exactly one should).
     * {@code maskNumbers}: recipient and sender columns hide the middle digits (default false: in full).
     * {@code perSegment}: an SMS is one record per segment an SMSC accepted (default false: one per message).
     */
    public record Cdr(Boolean enabled, Boolean export, String directory, Integer rotateRecords, Duration rotateInterval,
                      Boolean maskNumbers, Boolean perSegment) {
    }

    public record Webhooks(Duration timeout, Integer concurrency, Duration retryMin, Duration retryMax,
                           Duration retryWindow) {
    }

    /** The in-process SMSC simulator (for the demo and trials): off unless enabled. */
    public record Simulator(Boolean enabled, String host, Integer port, Duration receiptDelay) {
    }
}
