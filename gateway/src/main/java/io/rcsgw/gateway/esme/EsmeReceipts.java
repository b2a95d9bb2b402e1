package io.rcsgw.gateway.esme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.webhook.ReceiptSink;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.smpp.server.EsmeReceipt;
import io.rcsgw.smpp.server.SmppServer;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The status events of ESMEs' messages as delivery receipts, the way each submit's
 * registered_delivery asked: a final outcome (any, failures only, or successes only), and with
 * its intermediate bit an ENROUTE once the message is on its way. An RCS outcome reads as SMPP's:
 * delivered or displayed is DELIVRD. Events that ask for no receipt are settled at once; a
 * receipt no bind took is tried again, by the webhook outbox that holds it, until one does.
 * Users' messages for the ESMEs ({@link EsmeInbox}) go the same way, both through the
 * {@link EsmeOutlet}: a bind on this node, or in a cluster another node's.
 */
public final class EsmeReceipts implements ReceiptSink {

    /** What marks an ESME's message: its clientContext, {@code esme:} and the submit's JSON. */
    static final String MARK = "esme:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> bots;
    private final EsmeInbox inbox;
    private final java.time.Duration holdFor;
    private final EsmeOutlet outlet = new EsmeOutlet();
    /** Messages whose final receipt went lately. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> finalSent = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumSize(100_000).expireAfterWrite(java.time.Duration.ofHours(1)).build();

    /**
     * @param inbox   users' messages for the ESMEs, which share the receipts' outbox
     * @param holdFor how long one waits for an ESME to take it
     */
    public EsmeReceipts(Set<String> bots, EsmeInbox inbox, java.time.Duration holdFor) {
        this.bots = Set.copyOf(bots);
        this.inbox = inbox;
        this.holdFor = holdFor;
        inbox.outlet(outlet);
    }

    @Override
    public java.time.Duration holdFor() {
        return holdFor;
    }

    /** The server receipts and users' messages go out through; until it is set they wait. */
    public void server(SmppServer server) {
        outlet.server(server);
    }

    /** Where receipts and users' messages go whose account has no receiving bind on this node (a cluster's other nodes). */
    public void forwardWith(EsmeForwarder forwarder) {
        outlet.forwarder(forwarder);
    }

    @Override
    public Set<String> bots() {
        return bots;
    }

    @Override
    public boolean handles(WebhookEvent event) {
        return event instanceof WebhookEvent.Status s && s.clientContext() != null && s.clientContext().startsWith(MARK)
                || EsmeInbox.isFor(event);
    }

    @Override
    public CompletableFuture<Boolean> deliver(WebhookEvent event) {
        if (event instanceof WebhookEvent.Relay r) {
            return inbox.deliver(r);
        }
        WebhookEvent.Status s = (WebhookEvent.Status) event;
        JsonNode submit;
        try {
            submit = JSON.readTree(s.clientContext().substring(MARK.length()));
        } catch (Exception e) {
            return CompletableFuture.completedFuture(true); // nothing to tell it with: settled
        }
        EsmeReceipt r = receipt(s, submit);
        // on RCS, displayed follows delivered: one final receipt, unless delivered never came
        if (r == null || s.state() == MessageState.DISPLAYED && finalSent.getIfPresent(s.key().msgId()) != null) {
            return CompletableFuture.completedFuture(true);
        }
        String account = submit.path("s").asText();
        return outlet.deliver(account, r).thenApply(ok -> {
            if (ok && r.messageState() != 1) {
                finalSent.put(s.key().msgId(), Boolean.TRUE);
            }
            waiting(account, s, ok);
            return ok;
        });
    }

    /** Receipts tried and not yet taken, per account: their event ids and when their outcome came. */
    private final java.util.Map<String, java.util.Map<String, Long>> untaken = new java.util.concurrent.ConcurrentHashMap<>();

    private void waiting(String account, WebhookEvent.Status s, boolean taken) {
        java.util.Map<String, Long> w = untaken.computeIfAbsent(account, EsmeReceipts::gauged);
        if (taken) {
            w.remove(s.eventId());
        } else {
            w.putIfAbsent(s.eventId(), s.at());
        }
    }

    /** An account's receipts not yet taken, read by its gauges when they are scraped (not at every try). */
    private static java.util.Map<String, Long> gauged(String account) {
        java.util.Map<String, Long> w = new java.util.concurrent.ConcurrentHashMap<>();
        io.rcsgw.gateway.metrics.SmppServerMetrics.RECEIPTS_WAITING.setChild(new io.prometheus.client.Gauge.Child() {
            @Override
            public double get() {
                return w.size();
            }
        }, account);
        io.rcsgw.gateway.metrics.SmppServerMetrics.RECEIPT_OLDEST_SECONDS.setChild(new io.prometheus.client.Gauge.Child() {
            @Override
            public double get() {
                long now = System.currentTimeMillis();
                return Math.max(0, now - w.values().stream().mapToLong(Long::longValue).min().orElse(now)) / 1000.0;
            }
        }, account);
        return w;
    }

    /** The receipt this event makes, or null when the submit asked for none of it. */
    static EsmeReceipt receipt(WebhookEvent.Status s, JsonNode submit) {
        int rd = submit.path("rd").asInt();
        MessageState state = s.state();
        if (state == MessageState.ACCEPTED || state == MessageState.SMS_QUEUED) {
            return null; // not yet on its way: nothing an ESME hears of
        }
        SmppOutcome o = SmppOutcome.of(state);
        boolean wanted = o.enRoute() ? (rd & 0x10) != 0 : switch (rd & 0x03) {
            case 1 -> true;
            case 2 -> !o.delivered();
            case 3 -> o.delivered();
            default -> false;
        };
        if (!wanted) {
            return null;
        }
        return new EsmeReceipt(s.key().msgId(), submit.path("src").asText(), s.userContact(), submit.path("at").asLong(), s.at(),
                o.stat(), o.messageState(), 0, submit.path("t").asText(""));
    }
}
