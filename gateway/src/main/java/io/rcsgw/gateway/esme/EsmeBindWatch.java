package io.rcsgw.gateway.esme;

import io.rcsgw.gateway.store.JdbcEsmeSwitches;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.smpp.server.ServerObserver;

import java.util.Map;

/**
 * What the SMPP server reports, passed to its metrics; when a bind that takes receipts (a
 * receiver or transceiver) comes up, the receipts waiting for that account go at once; and an
 * account disabled or enabled is recorded in the store.
 */
public final class EsmeBindWatch implements ServerObserver {

    private final ServerObserver metrics;
    private final WebhookDispatcher outbox;
    /** system_id to the bot its traffic is accounted to. */
    private final Map<String, String> botByAccount;
    private final JdbcEsmeSwitches switches;
    private final java.time.Clock clock;

    public EsmeBindWatch(ServerObserver metrics, WebhookDispatcher outbox, Map<String, String> botByAccount,
                         JdbcEsmeSwitches switches, java.time.Clock clock) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.botByAccount = Map.copyOf(botByAccount);
        this.switches = switches;
        this.clock = clock;
    }

    @Override
    public void enabled(String systemId, boolean enabled) {
        switches.set(systemId, enabled, clock.millis());
    }

    @Override
    public void bound(String systemId, String bindType) {
        metrics.bound(systemId, bindType);
        String bot = botByAccount.get(systemId);
        if (bot != null && !bindType.equals("transmitter")) {
            outbox.kick(bot);
        }
    }

    @Override
    public void unbound(String systemId, String bindType) {
        metrics.unbound(systemId, bindType);
    }

    @Override
    public void bindRefused(String systemId, int status) {
        metrics.bindRefused(systemId, status);
    }

    @Override
    public void submitted(String systemId) {
        metrics.submitted(systemId);
    }

    @Override
    public void throttled(String systemId) {
        metrics.throttled(systemId);
    }

    @Override
    public void refused(String systemId, String command, int status) {
        metrics.refused(systemId, command, status);
    }
}
