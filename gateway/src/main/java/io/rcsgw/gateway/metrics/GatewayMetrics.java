package io.rcsgw.gateway.metrics;

import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;

/** The gateway's own Prometheus metrics; label values are bounded (bots and links from config). */
public final class GatewayMetrics {

    public static final Counter ACCEPTED = Counter.build("rcsgw_messages_accepted_total", "Messages accepted and stored")
            .labelNames("bot", "api").register();
    public static final Counter REPEATS = Counter.build("rcsgw_messages_repeated_total", "Requests answered from an earlier accept (same msgId)")
            .labelNames("bot").register();
    public static final Counter TRANSITIONS = Counter.build("rcsgw_message_transitions_total", "State changes by target state and reason")
            .labelNames("state", "reason").register();
    public static final Counter FINAL = Counter.build("rcsgw_messages_final_total", "Messages that reached a final state")
            .labelNames("channel", "state").register();
    public static final Histogram END_TO_END = Histogram.build("rcsgw_message_end_to_end_seconds", "Accept to final state")
            .labelNames("channel").buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600).register();
    public static final Counter SUBMITS = Counter.build("rcsgw_smpp_submits_total", "submit_sm outcomes per link")
            .labelNames("link", "outcome").register();
    public static final Counter RECEIPTS = Counter.build("rcsgw_smpp_receipts_total", "Delivery receipts per link and stat")
            .labelNames("link", "stat").register();
    public static final Counter ORPHAN_RECEIPTS = Counter.build("rcsgw_smpp_orphan_receipts_total",
            "Receipts that arrived before their submit_sm_resp was recorded").register();
    public static final Counter RESENT_IN_DOUBT = Counter.build("rcsgw_sms_resent_in_doubt_total",
            "Parts sent again after a restart although the SMSC may already have them (submitted, no response recorded)").register();
    public static final Counter THROTTLES = Counter.build("rcsgw_smpp_throttles_total",
            "Submits the SMSC throttled; the link paused, narrowed its window and resent them itself").labelNames("link").register();
    public static final Counter FAILOVERS = Counter.build("rcsgw_smpp_failovers_total",
            "Messages moved to another SMSC of their route because their bind was down").labelNames("link").register();
    public static final Counter MOBILE_ORIGINATED = Counter.build("rcsgw_sms_mobile_originated_total",
            "Mobile-originated messages received, reassembled (complete) or given up after the reassembly timeout (partial)")
            .labelNames("link", "parts").register();
    public static final Histogram SUBMIT_SECONDS = Histogram.build("rcsgw_smpp_submit_seconds",
            "From handing a submit_sm to the link to the SMSC's answer (waiting in the link's queue included)")
            .labelNames("link").buckets(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10).register();
    public static final Histogram RECEIPT_SECONDS = Histogram.build("rcsgw_smpp_receipt_seconds",
            "From the SMSC accepting a part to its final receipt").labelNames("link")
            .buckets(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 86400).register();
    public static final Counter RECONNECTS = Counter.build("rcsgw_smpp_reconnects_total",
            "Binds made again after a link lost its bind").labelNames("link").register();
    public static final Gauge LINK_BOUND = Gauge.build("rcsgw_smpp_link_bound", "1 when the link is bound").labelNames("link").register();
    public static final Gauge LINK_OUTSTANDING = Gauge.build("rcsgw_smpp_link_outstanding",
            "Submits written to the SMSC and waiting for their response, read at scrape").labelNames("link").register();
    public static final Gauge LINK_QUEUED = Gauge.build("rcsgw_smpp_link_queued",
            "Submits a link has taken and not yet written (waiting for the window, a bind or a number's earlier part)")
            .labelNames("link").register();
    public static final Counter WEBHOOK_ATTEMPTS = Counter.build("rcsgw_webhook_attempts_total", "Webhook POSTs by outcome")
            .labelNames("bot", "outcome").register();
    public static final Gauge WEBHOOK_BACKLOG = Gauge.build("rcsgw_webhook_backlog", "Webhook events not yet delivered").register();
    public static final Gauge IN_FLIGHT = Gauge.build("rcsgw_messages_in_flight", "Messages not yet in a final state").register();
    public static final Gauge SHEDDING = Gauge.build("rcsgw_overload_shedding",
            "1 while new messages are refused because overload.maxOpen messages are open").register();
    public static final Counter SHED = Counter.build("rcsgw_messages_shed_total",
            "Messages refused (HTTP 429, SMPP ESME_RTHROTTLED) because overload.maxOpen messages were open")
            .labelNames("bot", "api").register();

    public static final Counter DECISIONS = Counter.build("rcsgw_channel_decisions_total",
            "Channel chosen per message, and why (channel:rcs, fallback:not-capable, fallback:breaker-open...)")
            .labelNames("channel", "reason").register();
    public static final Counter FALLBACKS = Counter.build("rcsgw_fallbacks_total",
            "Messages that went SMS instead of RCS, by reason").labelNames("reason").register();
    public static final Histogram PLATFORM_SECONDS = Histogram.build("rcsgw_rcs_platform_request_seconds",
            "RCS platform calls by operation and outcome (ok or a failure reason)").labelNames("operation", "outcome")
            .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register();
    public static final Counter PLATFORM_EVENTS = Counter.build("rcsgw_rcs_platform_events_total",
            "Events from the RCS platform by kind (messageStatus:delivered, message, response, isTyping, duplicate)")
            .labelNames("kind").register();
    public static final Counter LATE_EVENTS = Counter.build("rcsgw_rcs_late_events_total",
            "Platform statuses for messages already final (e.g. delivered after a revoke or a fallback); recorded, not applied")
            .labelNames("status").register();

    private GatewayMetrics() {
    }

    public static final Counter RULE_MATCHES = Counter.build("rcsgw_rule_matches_total",
            "Messages accepted under each rule (default: the implicit last rule)").labelNames("rule").register();
    public static final Counter REFUSED = Counter.build("rcsgw_messages_refused_total",
            "Messages refused at accept time: by a rule (window, narrowing) or for their SMS length").labelNames("bot", "reason")
            .register();
    public static final Gauge RULES_INFO = Gauge.build("rcsgw_rules_info", "The rules version in force (1 for it)")
            .labelNames("version").register();
    public static final Counter TIMERS_FIRED = Counter.build("rcsgw_message_timers_fired_total",
            "Durable message deadlines that came due: undelivered, expiry, receipt, defer").labelNames("kind").register();
    public static final Counter AUTH_FAILURES = Counter.build("rcsgw_api_auth_failures_total",
            "Failed authentications by client (a configured bot id, or unknown) and reason (bad-secret, bad-token, "
                    + "bad-signature, stale-signature, bad-platform-token)").labelNames("client", "reason").register();
    public static final Counter AUTH_THROTTLED = Counter.build("rcsgw_api_auth_throttled_total",
            "Attempts refused with 429 because their client or address failed too often (scope: client, address)")
            .labelNames("scope").register();
    public static final Counter REQUESTS_CUT_OFF = Counter.build("rcsgw_http_requests_cut_off_total",
            "Connections closed because a request's headers or body took longer than http.requestTimeout to arrive")
            .labelNames("port", "part").register();
    public static final Counter WEB_VIEWS = Counter.build("rcsgw_web_views_total",
            "Web view requests: served, expired or unknown (not found)").labelNames("outcome").register();
    public static final Counter SMS_REPLIES = Counter.build("rcsgw_sms_replies_total",
            "Numeric SMS answers to rendered suggestions: matched (relayed as a response) or not").labelNames("outcome").register();

    public static final Counter CDR_RECORDS = Counter.build("rcsgw_cdr_records_total",
            "Charging data records written to CDR files").register();
    public static final Counter CDR_FILES = Counter.build("rcsgw_cdr_files_total", "CDR files closed (rotated)").register();
    public static final Gauge CDR_BACKLOG = Gauge.build("rcsgw_cdr_outbox_records",
            "Charging data records waiting in the store for export").register();
    public static final Gauge CDR_OLDEST = Gauge.build("rcsgw_cdr_outbox_oldest_seconds",
            "How long the next charging data record to export has waited (0 when none wait)").register();
    public static final Counter RATED_AMOUNT = Counter.build("rcsgw_rated_amount_total",
            "Amount rated for final outcomes, in units of the currency").labelNames("category", "currency").register();
    public static final Counter RULES_RELOADS = Counter.build("rcsgw_rules_reloads_total", "Rule reloads, by outcome")
            .labelNames("outcome").register();
    public static final Counter CLUSTER_LEASES_LOST = Counter.build("rcsgw_cluster_leases_lost_total",
            "Times this node found its lease expired or taken over (it stopped its singletons and joined again)").register();
    public static final Counter RECEIPTS_FOR_OTHER_NODES = Counter.build("rcsgw_cluster_receipts_parked_total",
            "Receipts that came over this node's bind for another node's message, parked in the store for it").register();
    public static final Counter CLUSTER_TAKEN_OVER = Counter.build("rcsgw_cluster_messages_taken_over_total",
            "Open messages this node took over from nodes whose lease ran out").register();
    public static final Gauge CLUSTER_SINGLETON = Gauge.build("rcsgw_cluster_singleton",
            "1 while this node runs the singleton (cdr-export, retention)").labelNames("singleton").register();
    public static final Counter RATED_UNITS = Counter.build("rcsgw_rated_units_total",
            "Units rated for final outcomes: RCS messages, SMS segments").labelNames("category").register();
    public static final Counter PURGED = Counter.build("rcsgw_store_purged_total",
            "Rows deleted by retention: message, platform_event, conversation, orphan_receipt").labelNames("kind").register();
    public static final Counter PURGE_FAILURES = Counter.build("rcsgw_store_purge_failures_total",
            "Retention runs that failed (the next run tries again)").register();

    /** A link's submits on the wire and waiting in it, read when the metrics are scraped. */
    public static void gaugeLink(io.rcsgw.smpp.SmscLink link) {
        LINK_OUTSTANDING.setChild(new Gauge.Child() {
            @Override
            public double get() {
                return link.onTheWire();
            }
        }, link.name());
        LINK_QUEUED.setChild(new Gauge.Child() {
            @Override
            public double get() {
                return Math.max(0, link.outstanding() - link.onTheWire());
            }
        }, link.name());
    }
}
