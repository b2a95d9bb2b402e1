package io.rcsgw.gateway;

import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.delivery.EsmeMessages;
import io.rcsgw.gateway.esme.EsmeInbox;
import io.rcsgw.gateway.esme.EsmeBindWatch;
import io.rcsgw.gateway.esme.EsmeParts;
import io.rcsgw.gateway.esme.EsmeReceipts;
import io.rcsgw.gateway.esme.EsmeSubmits;
import io.rcsgw.gateway.metrics.SmppServerMetrics;
import io.rcsgw.gateway.store.JdbcEsmeParts;
import io.rcsgw.gateway.store.JdbcEsmeSwitches;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.smpp.server.AddressRange;
import io.rcsgw.smpp.server.EsmeAccount;
import io.rcsgw.smpp.server.PasswordHash;
import io.rcsgw.smpp.server.SmppServer;
import io.rcsgw.smpp.server.ServerTls;
import io.rcsgw.smpp.server.SmppServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The gateway's SMPP face, wired in two steps: the place of receipts and users' messages in the
 * webhook outbox before it resumes (so those pending at the last stop are kept), and the server
 * itself once the pipeline it hands submits to is up.
 */
final class EsmeSetup {

    private static final Logger log = LoggerFactory.getLogger(EsmeSetup.class);
    /** How long the parts of a concatenated submit wait for the others. */
    private static final Duration PARTS_TIMEOUT = Duration.ofHours(1);

    private final GatewayConfig.SmppServer config;
    private final WebhookDispatcher webhooks;
    private final EsmeReceipts receipts;
    private final EsmeInbox inbox;

    private EsmeSetup(GatewayConfig config, WebhookDispatcher webhooks) {
        this.config = config.smppServer();
        this.webhooks = webhooks;
        this.inbox = new EsmeInbox(this.config.accounts().stream().map(a -> new EsmeInbox.Account(a.systemId(), a.bot(),
                a.numbers())).toList(), config.bots().stream().filter(b -> b.webhookUrl() != null).map(GatewayConfig.Bot::id)
                .collect(Collectors.toSet()));
        this.receipts = new EsmeReceipts(this.config.accounts().stream().map(GatewayConfig.SmppAccount::bot)
                .collect(Collectors.toSet()), inbox, this.config.holdFor());
        webhooks.receipts(receipts);
    }

    /** Null when the config has no ESME accounts. */
    static EsmeSetup prepare(GatewayConfig config, WebhookDispatcher webhooks) {
        return config.smppServer().accounts().isEmpty() ? null : new EsmeSetup(config, webhooks);
    }

    /** Which users' messages go to ESMEs. */
    static EsmeMessages messages(EsmeSetup setup) {
        return setup == null ? EsmeMessages.NONE : setup.inbox;
    }

    /** Starts the server, its receipts going out through it from then on. */
    SmppServer start(JdbcMessageStore store, MessagingService messaging, Clock clock, List<AutoCloseable> started)
            throws IOException {
        EsmeParts parts = new EsmeParts(new JdbcEsmeParts(store), clock, PARTS_TIMEOUT).start();
        started.add(parts);
        JdbcEsmeSwitches switches = new JdbcEsmeSwitches(store);
        SmppServer server = SmppServer.of(new SmppServerSettings(config.host(), config.port(), accounts(config),
                        config.bindTimeout(), config.enquireLinkInterval(), config.maxCommandLength(), config.idleTimeout(),
                        config.tls() == null ? null : new ServerTls(config.tls().port(), Path.of(config.tls().keyStore()),
                                config.tls().keyStorePassword())),
                new EsmeSubmits(messaging, store, parts, config.accounts().stream().filter(GatewayConfig.SmppAccount::upgrade)
                        .map(GatewayConfig.SmppAccount::systemId).collect(Collectors.toSet())), new EsmeBindWatch(SmppServerMetrics.INSTANCE, webhooks,
                        config.accounts().stream().collect(Collectors.toMap(GatewayConfig.SmppAccount::systemId,
                                GatewayConfig.SmppAccount::bot)), switches, clock));
        for (String id : switches.disabled()) {
            if (server.setEnabled(id, false)) {
                log.info("SMPP account {} stays disabled (POST /admin/esmes/{}/enable to enable it)", id, id);
            }
        }
        server.start();
        started.add(server);
        receipts.server(server);
        log.info("SMPP server on {}:{}{} for {} accounts", config.host(), server.port(),
                server.tlsPort() < 0 ? "" : " and TLS " + server.tlsPort(), config.accounts().size());
        return server;
    }

    /**
     * In a cluster: receipts and users' messages whose ESME is bound to another node go there,
     * and those waiting for an account are tried as soon as it binds to another node.
     */
    io.rcsgw.gateway.cluster.EsmeRelay relay(JdbcMessageStore store, io.rcsgw.gateway.cluster.ClusterNode cluster,
                                             SmppServer server) throws java.sql.SQLException {
        java.util.Map<String, String> bots = config.accounts().stream().collect(Collectors.toMap(
                GatewayConfig.SmppAccount::systemId, GatewayConfig.SmppAccount::bot));
        io.rcsgw.gateway.cluster.EsmeRelay relay = io.rcsgw.gateway.cluster.EsmeRelay.start(
                new io.rcsgw.gateway.store.JdbcEsmeForwards(store), cluster.nodeId(), cluster::epoch, cluster::fresh,
                new io.rcsgw.gateway.cluster.EsmeRelay.Local() {
                    @Override
                    public java.util.Set<String> receivingAccounts() {
                        return io.rcsgw.gateway.esme.EsmeOutlet.receivingAccounts(server);
                    }

                    @Override
                    public java.util.concurrent.CompletableFuture<Boolean> deliver(String systemId,
                                                                                     io.rcsgw.smpp.server.EsmeReceipt r) {
                        return server.deliver(systemId, r);
                    }

                    @Override
                    public java.util.concurrent.CompletableFuture<Boolean> deliver(String systemId,
                                                                                     io.rcsgw.smpp.server.EsmeMessage m) {
                        return server.deliver(systemId, m);
                    }
                }, account -> {
                    if (bots.containsKey(account)) {
                        webhooks.kick(bots.get(account));
                    }
                }, io.rcsgw.gateway.cluster.EsmeRelay.Settings.DEFAULTS);
        receipts.forwardWith(relay);
        return relay;
    }

    /** The configured accounts, as the SMPP server takes them. */
    static List<EsmeAccount> accounts(GatewayConfig.SmppServer config) {
        return config.accounts().stream().map(a -> new EsmeAccount(a.systemId(), PasswordHash.of(a.password()),
                a.allow().stream().map(AddressRange::parse).toList(), a.maxBinds(), a.tps(), a.window(), a.bot(),
                a.numbers())).toList();
    }
}
