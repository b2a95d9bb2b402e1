package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.client.hotspot.DefaultExports;
import io.rcsgw.gateway.admin.AdminServer;
import io.rcsgw.gateway.cdr.CdrExporter;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.gateway.config.LinkSettings;
import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.config.RuleCompiler;
import io.rcsgw.gateway.cluster.ClusterNode;
import io.rcsgw.gateway.delivery.Charging;
import io.rcsgw.gateway.delivery.Credit;
import io.rcsgw.gateway.delivery.Delivery;
import io.rcsgw.gateway.delivery.Rules;
import io.rcsgw.gateway.delivery.SmsDispatcher;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.metrics.ApiMetrics;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.metrics.ScrapeTime;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.gateway.webhook.WebhookSignature;
import io.rcsgw.rcs.platform.CapabilityCache;
import io.rcsgw.rcs.platform.RcsPlatform;
import io.rcsgw.rcs.sim.RcsPlatformSimulator;
import io.rcsgw.rcs.server.RcsApiServer;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscLinkConfig;
import io.rcsgw.smpp.SmscLinks;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The composition root: builds every part from the configuration with plain constructors,
 * starts them in dependency order and stops them in reverse.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static volatile boolean jvmMetrics;

    private final GatewayConfig config;
    private final List<AutoCloseable> started = new ArrayList<>();
    private SmscSimulator simulator;
    private RcsPlatformSimulator rcsSimulator;
    private RcsPlatform platform;
    private CapabilityCache capabilities;
    private MessageStore store;
    private Delivery delivery;
    /** Null when no bot is prepaid. */
    private Credit credit;
    /** Null unless cluster.enabled. */
    private volatile ClusterNode cluster;
    private final List<ClusterNode.Singleton> singletons = new ArrayList<>();
    private List<SmscLink> links;
    private Map<String, String> smscByLink;
    private RcsApiServer api;
    private ManagementServer management;
    private int adminPort = -1;
    private io.rcsgw.smpp.server.SmppServer smppServer;
    private io.rcsgw.rcs.server.WebViewServer webView;
    private Supplier<GatewayConfig> reloadSource;

    private Gateway(GatewayConfig config) {
        this.config = config;
    }

    /** Each SMSC's binds (name, or name-1, name-2... with several), reporting to {@code listener}. */
    private static Map<String, List<SmscLink>> links(List<GatewayConfig.Smsc> smscs, io.rcsgw.smpp.SmscListener listener) {
        Map<String, List<SmscLink>> binds = new LinkedHashMap<>();
        for (int i = 0; i < smscs.size(); i++) {
            GatewayConfig.Smsc s = smscs.get(i);
            for (int b = 1; b <= s.binds(); b++) {
                String name = s.binds() == 1 ? s.name() : s.name() + "-" + b;
                SmscLinkConfig lc = new SmscLinkConfig(name, s.host(), s.port(), s.systemId(), s.password(), s.systemType(),
                        s.window(), s.enquireLinkInterval(), s.responseTimeout(), s.reconnectMin(), s.reconnectMax(),
                        LinkSettings.smsSettings("smsc[" + i + "]", s), LinkSettings.submitPolicy("smsc[" + i + "]", s),
                        LinkSettings.bindMode("smsc[" + i + "]", s), LinkSettings.tls("smsc[" + i + "]", s));
                binds.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(SmscLinks.jsmpp(lc, listener));
            }
        }
        return binds;
    }

    /** The SMS routes of a validated config. */
    static List<SmsDispatcher.Route> routes(GatewayConfig config) {
        return config.routes().stream().map(r -> new SmsDispatcher.Route(r.prefix(), r.smsc(), r.nationalLanguages() == null
                ? null : LinkSettings.languages("routes", r.nationalLanguages()))).toList();
    }

    public static Gateway start(GatewayConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * @param reloadSource reads the configuration again for a rules reload (the admin API's
     *                     {@code POST /admin/rules/reload}); null: the rules are fixed
     */
    public static Gateway start(GatewayConfig config, Supplier<GatewayConfig> reloadSource) throws Exception {
        return start(config, reloadSource, Clock.systemUTC());
    }

    /** With the clock every timestamp and age is read from (tests move it to age messages). */
    static Gateway start(GatewayConfig config, Supplier<GatewayConfig> reloadSource, Clock clock) throws Exception {
        Gateway g = new Gateway(config);
        g.reloadSource = reloadSource;
        try {
            g.startAll(clock);
        } catch (Exception e) {
            g.close();
            throw e;
        }
        return g;
    }

    private void startAll(Clock clock) throws Exception {
        synchronized (Gateway.class) {
            if (!jvmMetrics) {
                DefaultExports.initialize();
                // registered with the rest, so a scrape names them before the SMPP server has had a bind
                io.rcsgw.gateway.metrics.SmppServerMetrics.INSTANCE.getClass();
                jvmMetrics = true;
            }
        }
        List<GatewayConfig.Smsc> smscs = new ArrayList<>(config.smsc());
        if (config.simulator().enabled()) {
            simulator = SmscSimulator.start(SmscSimulator.Options.defaults()
                    .withHost(config.simulator().host()).withPort(config.simulator().port())
                    .withReceiptDelay(config.simulator().receiptDelay()).withRecordSubmits(false));
            started.add(simulator);
            if (smscs.isEmpty()) {
                smscs.add(new GatewayConfig.Smsc("simulator", config.simulator().host(), simulator.port(), "rcsgw", "",
                        "", 50, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(30), "udh8", "gsm",
                        config.sms().nationalLanguages(), 255, null, 0, 3, 0, 0, List.of(0x58), List.of(0x14, 0x08, 0x64),
                        "retry", 1, java.time.Duration.ofSeconds(60), "trx", false, null, null, true,
                        LinkSettings.defaultReceiptTimeout()));
            }
            log.info("SMSC simulator listening on {}:{}", config.simulator().host(), simulator.port());
        }
        java.util.concurrent.ScheduledThreadPoolExecutor scheduler = new java.util.concurrent.ScheduledThreadPoolExecutor(2,
                daemon("scheduler"));
        // every open message has a deadline timer (a receipt's runs for days): one cancelled at the message's end
        // leaves the queue then, not when it would have fired
        scheduler.setRemoveOnCancelPolicy(true);
        ExecutorService background = Executors.newFixedThreadPool(4, daemon("background"));
        started.add(scheduler::shutdownNow);
        started.add(background::shutdownNow);

        JdbcMessageStore jdbc = new JdbcMessageStore(config.store().url(), config.store().user(), config.store().password(),
                config.store().poolSize(), config.store().batchMaxSize(), config.store().commitDelay());
        store = jdbc;
        started.add(store);

        Map<String, String> botSenders = new HashMap<>();
        config.bots().forEach(b -> botSenders.put(b.id(), b.sender() != null ? b.sender() : config.sms().defaultSender()));
        java.util.Set<String> prepaid = new java.util.HashSet<>();
        config.bots().stream().filter(GatewayConfig.Bot::prepaid).forEach(b -> prepaid.add(b.id()));
        credit = prepaid.isEmpty() ? null : new Credit(prepaid, store, clock);
        Charging charging = new Charging(config.cdr().enabled() ? ConfigLoader.tariffTable(config) : null, store::newMessageId,
                config.cdr().maskNumbers(), config.cdr().perSegment(), bot -> botSenders.getOrDefault(bot,
                config.sms().defaultSender()), credit);
        if (config.cdr().enabled()) {
            if (config.rating().tariffs().isEmpty()) {
                log.info("rating.tariffs not set: charging data records are written without prices");
            }
            if (config.cdr().export()) {
                // closed before the store (the list stops in reverse): what it holds at the stop is exported
                java.util.function.Supplier<AutoCloseable> exporter = () -> {
                    try {
                        return new CdrExporter(store, Path.of(config.cdr().directory()), config.cdr().rotateRecords(),
                                config.cdr().rotateInterval(), clock,
                                () -> cluster == null || cluster.holds(ClusterSetup.CDR_EXPORT))
                                .start(java.time.Duration.ofSeconds(1));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
                if (config.cluster().enabled()) {
                    singletons.add(ClusterSetup.cdrExport(exporter));
                } else {
                    started.add(exporter.get());
                }
            }
        }
        Rules rules = new Rules(ConfigLoader.ruleSet(config), RuleCompiler.templates(config.bots()));
        GatewayMetrics.RULES_INFO.labels(rules.version()).set(1);
        log.info("rules {} in force: {} rules and the implicit default", rules.version(), rules.set().rules().size());
        Map<String, String> senders = new HashMap<>();
        Map<String, URI> hooks = new HashMap<>();
        Map<String, String> hookSecrets = new HashMap<>();
        for (GatewayConfig.Bot b : config.bots()) {
            if (b.sender() != null) {
                senders.put(b.id(), b.sender());
            }
            if (b.webhookUrl() != null) {
                hooks.put(b.id(), URI.create(b.webhookUrl()));
            }
            hookSecrets.put(b.id(), b.webhookSecret() != null ? b.webhookSecret() : b.secret());
        }
        var wh = config.webhooks();
        WebhookDispatcher webhooks = new WebhookDispatcher(store, hooks, new WebhookSignature(hookSecrets), clock, scheduler,
                wh.timeout(), wh.concurrency(), wh.retryMin(), wh.retryMax(), wh.retryWindow());
        io.rcsgw.gateway.contacts.ChatIds chatIds = new io.rcsgw.gateway.contacts.ChatIds(
                new io.rcsgw.gateway.store.JdbcChatIds(jdbc),
                config.bots().stream().filter(GatewayConfig.Bot::anonymous).map(GatewayConfig.Bot::id)
                        .collect(java.util.stream.Collectors.toSet()), background, clock);
        webhooks.contacts(new io.rcsgw.gateway.contacts.ChatIdContacts(chatIds));
        RcsSetup rcs = RcsSetup.start(config, clock, started);
        rcsSimulator = rcs.simulator();
        platform = rcs.platform();
        capabilities = rcs.capabilities();
        String eventsSecret = rcs.eventsSecret();
        // several binds to one SMSC share its load; each is a link of its own (name-1, name-2, ...)
        smscByLink = new HashMap<>();
        Map<String, java.time.Duration> receiptTimeouts = new HashMap<>();
        int totalWindow = 0;
        for (GatewayConfig.Smsc s : smscs) {
            for (int b = 1; b <= s.binds(); b++) {
                String name = s.binds() == 1 ? s.name() : s.name() + "-" + b;
                smscByLink.put(name, s.name());
                receiptTimeouts.put(name, s.receiptTimeout());
            }
            totalWindow += s.window() * s.binds();
        }
        Map<String, String> botByNumber = new HashMap<>();
        for (GatewayConfig.Bot b : config.bots()) {
            String number = b.sender() != null ? b.sender() : config.sms().defaultSender();
            if (number.matches("\\+?\\d+")) {
                botByNumber.putIfAbsent(number.startsWith("+") ? number.substring(1) : number, b.id());
            }
        }
        SmsProfile apiProfile = SmsProfile.DEFAULT.withLanguages(LinkSettings.languages("sms.nationalLanguages",
                config.sms().nationalLanguages()));
        java.time.Duration fallbackReceipts = LinkSettings.defaultReceiptTimeout();
        // ESMEs' receipts and users' messages: known to the outbox before it resumes, sent once the SMPP server is up
        EsmeSetup esmes = EsmeSetup.prepare(config, webhooks);
        Delivery.Settings settings = new Delivery.Settings(new SmsDispatcher.Settings(totalWindow, senders,
                config.sms().defaultSender(), config.sms().maxSubmitAttempts(), config.sms().retryDelay()),
                config.api().maxSmsSegments(), apiProfile, config.webView().publicBaseUrl(), botByNumber,
                link -> receiptTimeouts.getOrDefault(link, fallbackReceipts), EsmeSetup.messages(esmes),
                config.overload().maxOpen(), config.overload().retryAfter());
        String owner = config.cluster().enabled() ? config.cluster().nodeId() : null;
        delivery = new Delivery(store, rules, charging, credit, webhooks, listener -> links(smscs, listener), routes(config), smscByLink,
                platform, capabilities, settings, scheduler, background, owner, clock);
        links = new ArrayList<>();
        delivery.binds().values().forEach(links::addAll);
        if (config.cluster().enabled()) {
            // the last check before a submit is written: a node that may have lost its lease sends nothing
            links.forEach(l -> l.gateWrites(() -> cluster != null && cluster.fresh()));
        }

        // stop order is the reverse of this list: links unbind before the store closes
        started.add(() -> {
            // the lease goes last but for the store: what the node still writes while it stops is fenced by it
            if (cluster != null) {
                store.flush(); // the webhook cursors the store holds back, while the lease still covers them
                cluster.close();
            }
        });
        webhooks.start();
        started.add(webhooks);
        Delivery forRetention = delivery;
        java.util.function.Supplier<AutoCloseable> retention = () -> RetentionTask.start(config.store(), store, forRetention,
                clock);
        if (config.cluster().enabled()) {
            singletons.add(ClusterSetup.retention(retention));
            singletons.add(ClusterSetup.takeover(() -> cluster, store, forRetention, config.cluster()));
            cluster = ClusterSetup.join(config, singletons);
            ClusterSetup.fence(cluster, config.cluster(), jdbc, credit);
        } else {
            started.add(retention.get());
        }
        Delivery.Recovery resumed = delivery.recover();
        if (resumed.unfinished() > 0) {
            log.info("resuming {} unfinished messages; {} parts were submitted before the stop without a recorded "
                    + "response and are sent again; {} webhook events are sent again", resumed.unfinished(),
                    resumed.partsInDoubt(), resumed.webhookEvents());
        }
        if (cluster != null) {
            cluster.begin();
            started.add(ClusterSetup.claimParkedReceipts(delivery));
            ClusterSetup.reportLinks(cluster, links, smscByLink);
        }
        delivery.start();
        started.add(delivery);
        for (SmscLink l : links) {
            l.start();
            started.add(l);
        }

        io.rcsgw.gateway.files.GatewayFiles files = null;
        io.rcsgw.rcs.api.MessagingService messaging = new io.rcsgw.gateway.contacts.ChatAddressing(delivery.messaging(), chatIds);
        if (config.webView().publicBaseUrl() != null) {
            // files are served where the web views are: the public side of the gateway
            files = new io.rcsgw.gateway.files.GatewayFiles(new io.rcsgw.gateway.store.JdbcFileStore(jdbc), config.files(),
                    config.webView().publicBaseUrl(), clock).start();
            started.add(files);
            messaging = new io.rcsgw.gateway.files.FileReferences(messaging, files, config.webView().publicBaseUrl(), background);
        }
        api = ApiSetup.start(config, messaging, delivery.platformEvents(), eventsSecret, files, clock);
        started.add(api);
        if (esmes != null) {
            smppServer = esmes.start(jdbc, messaging, clock, started);
            if (cluster != null) {
                started.add(esmes.relay(jdbc, cluster, smppServer));
            }
        }
        if (rcsSimulator != null) {
            rcsSimulator.sendEventsTo("http://" + loopbackOr(config.api().host()) + ":" + api.port() + "/rcs/platform/v1/{botId}/events",
                    eventsSecret);
        }
        if (config.webView().publicBaseUrl() != null) {
            webView = new io.rcsgw.rcs.server.WebViewServer(config.webView().host(), config.webView().port(),
                    new io.rcsgw.gateway.delivery.StoredWebViews(store, clock),
                    outcome -> GatewayMetrics.WEB_VIEWS.labels(outcome).inc(), config.http().limits(), ApiMetrics.INSTANCE, files).start();
            started.add(webView);
            log.info("web views on {}:{}, linked as {}/v/...", config.webView().host(), webView.port(),
                    config.webView().publicBaseUrl());
        }
        registerAges(delivery, webhooks);
        ObjectMapper json = new ObjectMapper().registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                .addSerializer(java.time.Duration.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer()));
        // a rules file is watched even when the gateway was given its config as an object (its rules come from the file)
        Supplier<GatewayConfig> source = reloadSource != null ? reloadSource : config.rulesFile() != null ? () -> config : null;
        RulesReloader reloader = source == null ? null : new RulesReloader(source, config, charging, rules, delivery, json);
        if (config.rulesFile() != null) {
            started.add(new RulesFileWatcher(Path.of(config.rulesFile()), reloader).start(java.time.Duration.ofSeconds(1)));
        }
        if (cluster != null && reloader != null) {
            ClusterSetup.shareReloads(cluster, reloader);
        }
        if (config.admin().token() != null) {
            AdminServer admin = new AdminServer(config.admin().host(), config.admin().port(), config.admin().token(), links,
                    smscByLink, store, json.valueToTree(config), json, platform, capabilities,
                    reloadSource == null ? null : reloader, config.http().limits(), smppServer, credit, charging::currency, cluster).start();
            started.add(admin);
            adminPort = admin.port();
            log.info("admin API on {}:{}", config.admin().host(), admin.port());
        }
        management = new ManagementServer(config.management().host(), config.management().port(), config.http().limits(),
                () -> store.isReachable() && (config.management().readyLinks().equals("all")
                        ? links.stream().allMatch(SmscLink::isBound) : links.stream().anyMatch(SmscLink::isBound))).start();
        started.add(management);
        log.info("rcsgw started: API on {}:{}, management on {}:{}", config.api().host(), api.port(),
                config.management().host(), management.port());
    }

    private static String loopbackOr(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    /** Gauges read at scrape time from this gateway's state; unregistered when it stops. */
    private void registerAges(Delivery p, WebhookDispatcher w) {
        started.add(ScrapeTime.register(List.of(
                ScrapeTime.gauge("rcsgw_messages_oldest_open_seconds", "Age of the oldest message not yet in a final state",
                        p::oldestOpenSeconds),
                ScrapeTime.gauge("rcsgw_webhook_oldest_seconds", "Age of the oldest webhook event not yet delivered",
                        w::oldestSeconds))));
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The SMPP server's port, or -1 when it is off. */
    public int smppServerPort() {
        return smppServer == null ? -1 : smppServer.port();
    }

    public int apiPort() {
        return api.port();
    }

    /** The northbound API's routes, as "METHOD /template". */
    public List<String> apiRoutes() {
        return api.routes();
    }

    /** The admin API's port, or -1 when it is off (no admin.token). */
    public int adminPort() {
        return adminPort;
    }

    /** The web view server's port, or -1 when web views are off. */
    public int webViewPort() {
        return webView == null ? -1 : webView.port();
    }

    public int managementPort() {
        return management.port();
    }

    public SmscSimulator simulator() {
        return simulator;
    }

    /** The in-process RCS platform simulator, or null when it is off. */
    public RcsPlatformSimulator rcsSimulator() {
        return rcsSimulator;
    }

    public boolean linksBound() {
        return links.stream().allMatch(SmscLink::isBound);
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping: {}", e.toString());
            }
        }
        started.clear();
    }
}
