package io.rcsgw.gateway;

import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.esme.EsmeBindWatch;
import io.rcsgw.gateway.esme.EsmeParts;
import io.rcsgw.gateway.esme.EsmeReceipts;
import io.rcsgw.gateway.esme.EsmeSubmits;
import io.rcsgw.gateway.metrics.SmppServerMetrics;
import io.rcsgw.gateway.store.JdbcEsmeParts;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.smpp.server.AddressRange;
import io.rcsgw.smpp.server.EsmeAccount;
import io.rcsgw.smpp.server.PasswordHash;
import io.rcsgw.smpp.server.SmppServer;
import io.rcsgw.smpp.server.SmppServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The gateway's SMPP face, wired in two steps: the receipts' place in the webhook outbox before
 * it resumes (so receipts pending at the last stop are kept), and the server itself once the
 * pipeline it hands submits to is up.
 */
final class EsmeSetup {

    private static final Logger log = LoggerFactory.getLogger(EsmeSetup.class);
    /** How long the parts of a concatenated submit wait for the others. */
    private static final Duration PARTS_TIMEOUT = Duration.ofHours(1);

    private final GatewayConfig.SmppServer config;
    private final WebhookDispatcher webhooks;
    private final EsmeReceipts receipts;

    private EsmeSetup(GatewayConfig.SmppServer config, WebhookDispatcher webhooks) {
        this.config = config;
        this.webhooks = webhooks;
        this.receipts = new EsmeReceipts(config.accounts().stream().map(GatewayConfig.SmppAccount::bot)
                .collect(Collectors.toSet()));
        webhooks.receipts(receipts);
    }

    /** Null when the config has no ESME accounts. */
    static EsmeSetup prepare(GatewayConfig config, WebhookDispatcher webhooks) {
        return config.smppServer().accounts().isEmpty() ? null : new EsmeSetup(config.smppServer(), webhooks);
    }

    /** Starts the server, its receipts going out through it from then on. */
    SmppServer start(JdbcMessageStore store, MessagingService messaging, Clock clock, List<AutoCloseable> started)
            throws IOException {
        EsmeParts parts = new EsmeParts(new JdbcEsmeParts(store), clock, PARTS_TIMEOUT).start();
        started.add(parts);
        SmppServer server = SmppServer.of(new SmppServerSettings(config.host(), config.port(), accounts(config),
                        config.bindTimeout(), config.enquireLinkInterval(), config.maxCommandLength()),
                new EsmeSubmits(messaging, store, parts), new EsmeBindWatch(SmppServerMetrics.INSTANCE, webhooks,
                        config.accounts().stream().collect(Collectors.toMap(GatewayConfig.SmppAccount::systemId,
                                GatewayConfig.SmppAccount::bot)))).start();
        started.add(server);
        receipts.server(server);
        log.info("SMPP server on {}:{} for {} accounts", config.host(), server.port(), config.accounts().size());
        return server;
    }

    /** The configured accounts, as the SMPP server takes them. */
    static List<EsmeAccount> accounts(GatewayConfig.SmppServer config) {
        return config.accounts().stream().map(a -> new EsmeAccount(a.systemId(), PasswordHash.of(a.password()),
                a.allow().stream().map(AddressRange::parse).toList(), a.maxBinds(), a.tps(), a.window(), a.bot(),
                a.numbers())).toList();
    }
}
