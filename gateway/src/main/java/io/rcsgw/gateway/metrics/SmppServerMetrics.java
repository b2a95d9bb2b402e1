package io.rcsgw.gateway.metrics;

import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.rcsgw.smpp.server.ServerObserver;

/** The SMPP server's binds, bind refusals and submits, per account. */
public final class SmppServerMetrics implements ServerObserver {

    public static final SmppServerMetrics INSTANCE = new SmppServerMetrics();

    static final Gauge BINDS = Gauge.build("rcsgw_smpp_server_binds", "ESME binds held, per account and bind type")
            .labelNames("account", "type").register();
    static final Counter BIND_REFUSALS = Counter.build("rcsgw_smpp_server_bind_refusals_total",
            "Binds refused, by command_status (hex)").labelNames("status").register();
    static final Counter SUBMITS = Counter.build("rcsgw_smpp_server_submits_total",
            "Submits from ESMEs: taken (handed to the pipeline), throttled, refused").labelNames("account", "outcome").register();
    static final Counter PDU_ERRORS = Counter.build("rcsgw_smpp_server_pdu_errors_total",
            "Submits refused before the pipeline, by command and command_status (hex)").labelNames("command", "status").register();

    /** Receipts no bind has taken yet, per account, and how long the oldest has waited. */
    public static final Gauge RECEIPTS_WAITING = Gauge.build("rcsgw_smpp_server_receipts_waiting",
            "Receipts an ESME has not taken yet (no receiver bound, refused, not answered), per account")
            .labelNames("account").register();
    public static final Gauge RECEIPT_OLDEST_SECONDS = Gauge.build("rcsgw_smpp_server_receipt_oldest_seconds",
            "How long the oldest receipt not yet taken has waited, per account").labelNames("account").register();

    /** Users' messages for ESMEs: deliver_sm tries taken or not, and ones with nothing an SMS can carry. */
    public static final Counter MO_DELIVERED = Counter.build("rcsgw_smpp_server_user_messages_total",
            "Users' messages sent to ESMEs as deliver_sm, per account: taken, not-taken (tried again)")
            .labelNames("account", "outcome").register();
    public static final Counter MO_UNDELIVERABLE = Counter.build("rcsgw_smpp_server_user_messages_dropped_total",
            "Users' messages for an ESME that could not go as SMS, per account and why").labelNames("account", "why").register();

    /** A cluster's receipts and users' messages handed to the node where their ESME is bound. */
    public static final Counter FORWARDS = Counter.build("rcsgw_smpp_server_forwards_total",
            "Receipts and users' messages handed to another node that holds the ESME's bind, per account: taken, not-taken, "
                    + "not-taken-up (withdrawn), in-doubt (its node died sending it), fenced, lost").labelNames("account", "outcome")
            .register();

    private SmppServerMetrics() {
    }

    @Override
    public void bound(String systemId, String bindType) {
        BINDS.labels(systemId, bindType).inc();
    }

    @Override
    public void unbound(String systemId, String bindType) {
        BINDS.labels(systemId, bindType).dec();
    }

    @Override
    public void bindRefused(String systemId, int status) {
        BIND_REFUSALS.labels(String.format("0x%02X", status)).inc();
    }

    @Override
    public void submitted(String systemId) {
        SUBMITS.labels(systemId, "taken").inc();
    }

    @Override
    public void throttled(String systemId) {
        SUBMITS.labels(systemId, "throttled").inc();
    }

    @Override
    public void refused(String systemId, String command, int status) {
        SUBMITS.labels(systemId, "refused").inc();
        PDU_ERRORS.labels(command, String.format("0x%02X", status)).inc();
    }
}
