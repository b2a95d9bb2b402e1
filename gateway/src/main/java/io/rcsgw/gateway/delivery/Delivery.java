package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.PlatformEventSink;
import io.rcsgw.rcs.platform.CapabilityCache;
import io.rcsgw.rcs.platform.RcsPlatform;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscListener;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * How a message travels from acceptance to its end, wired from its parts with constructors: the
 * acceptor, the router that carries out the rules' decisions, the RCS and SMS legs, the tracker
 * that alone writes transitions, receipt correlation, platform events, the mobile-originated
 * relay and start-up recovery. This class only wires them and exposes the ports the API and
 * the SMSC links use.
 */
public final class Delivery implements AutoCloseable {

    /**
     * @param botByNumber which bot a mobile-originated SMS to a number (E.164 digits or a short code) is for
     * @param receiptTimeoutOfLink how long a link's receipts may take before a message ends without one
     * @param esmes which users' messages go to ESMEs instead of bots
     * @param maxOpen at most this many unfinished messages in memory, new ones refused beyond it (0: no bound)
     * @param retryAfter how long a client refused for that is told to wait
     */
    public record Settings(SmsDispatcher.Settings sms, int maxSmsSegments, io.rcsgw.rules.sms.SmsProfile apiProfile,
                           String webViewBase, Map<String, String> botByNumber,
                           Function<String, Duration> receiptTimeoutOfLink, EsmeMessages esmes, int maxOpen,
                           Duration retryAfter) {
    }

    /** What recovery found: open messages, SMS parts sent before the stop whose outcome is unknown, webhook events sent again. */
    public record Recovery(int unfinished, int partsInDoubt, int webhookEvents) {
    }

    private final OpenMessages open;
    private final int maxOpen;
    private final SmsDispatcher sms;
    private final ReceiptCorrelator receipts;
    private final SmscEvents smscEvents;
    private final PlatformEvents platformEvents;
    private final Messaging messaging;
    private final StartupRecovery recovery;
    private final Map<String, List<SmscLink>> binds;

    /**
     * @param links makes the SMSC links (each SMSC's binds, by SMSC name) with the listener their
     *              receipts and mobile-originated messages go to
     * @param smscByLink the SMSC each link belongs to
     * @param platform the RCS platform, or null when there is none (every message goes SMS)
     */
    public Delivery(MessageStore store, Rules rules, Charging charging, Credit credit, WebhookDispatcher webhooks,
                    Function<SmscListener, Map<String, List<SmscLink>>> links, List<SmsDispatcher.Route> routes,
                    Map<String, String> smscByLink, RcsPlatform platform, CapabilityCache capabilities, Settings settings,
                    ScheduledExecutorService scheduler, Executor background, String owner, Clock clock) {
        open = new OpenMessages(clock);
        maxOpen = settings.maxOpen();
        Legs.Handoff handoff = new Legs.Handoff();
        Tracker tracker = new Tracker(store, open, charging, webhooks, handoff, scheduler, clock);
        receipts = new ReceiptCorrelator(store, open, tracker, smscByLink, owner, clock);
        smscEvents = new SmscEvents(receipts, new MobileOriginatedRelay(store, webhooks, settings.botByNumber(),
                settings.esmes(), charging, clock));
        binds = links.apply(smscEvents);
        SubmitOutcomes outcomes = new SubmitOutcomes(store, open, tracker, receipts, settings.receiptTimeoutOfLink(), clock);
        sms = new SmsDispatcher(outcomes, binds, routes, settings.sms(), scheduler, clock);
        RcsLeg rcs = platform == null ? null : new RcsLeg(platform, capabilities, tracker, open);
        Router router = new Router(rules, rcs, sms, tracker, handoff, clock);
        Acceptor acceptor = new Acceptor(store, open, rules, router, tracker, new Acceptor.Settings(settings.maxSmsSegments(),
                settings.apiProfile(), settings.webViewBase()),
                new Admission(new Admission.Settings(settings.maxOpen(), settings.retryAfter()), open::size), charging, credit,
                owner, background, clock);
        platformEvents = new PlatformEvents(store, open, tracker, charging, webhooks, settings.esmes(), background,
                clock);
        messaging = new Messaging(acceptor, new StatusViews(store, settings.apiProfile()), tracker, open, rcs, store,
                background, new Quoting(acceptor, router, charging, settings.apiProfile(), clock),
                new UsageReports(store, charging, background));
        recovery = new StartupRecovery(store, open, tracker, router, sms, receipts, charging, credit, webhooks, rules,
                settings.receiptTimeoutOfLink(), owner, clock);
    }

    public MessagingService messaging() {
        return messaging;
    }

    public PlatformEventSink platformEvents() {
        return platformEvents;
    }

    public SmscListener smscListener() {
        return smscEvents;
    }

    /** Each SMSC's binds, by SMSC name, as the link factory made them. */
    public Map<String, List<SmscLink>> binds() {
        return binds;
    }

    /** Loads what a previous run left open and sends it on; call before the links start. */
    public Recovery recover() {
        return recovery.recover();
    }

    /**
     * Users' events that {@code from} (null: no node), a node that died, had stored but not relayed:
     * made this node's and relayed here (at least once: it may have sent some before it died).
     */
    public int relayClaimed(String from) {
        return recovery.relayClaimed(from);
    }

    /** The prepaid holds {@code node}, a node that died, reserved for messages it never stored: released; how many. */
    public int releaseHoldsOf(String node) {
        return recovery.releaseHoldsOf(node);
    }

    /** In a cluster: applies the receipts other nodes parked for this node's messages. */
    public void claimParkedReceipts() {
        receipts.claimParked();
    }

    /** How many more unfinished messages this node may hold in memory ({@code overload.maxOpen}; unbounded: MAX_VALUE). */
    public int room() {
        return maxOpen == 0 ? Integer.MAX_VALUE : Math.max(0, maxOpen - open.size());
    }

    /** Takes over messages another node owned (its lease ran out), already made this node's in the store. */
    public Recovery adopt(List<Long> ids) {
        return recovery.adopt(ids);
    }

    /** Starts submitting. */
    public void start() {
        sms.start();
    }

    /** New SMS routes for messages from now on; every SMSC they name must be running. */
    public void reroute(List<SmsDispatcher.Route> routes) {
        sms.reroute(routes);
    }

    public Set<String> smscs() {
        return sms.smscs();
    }

    /** Retention: receipts parked before {@code before} that no part claimed are dropped; returns how many. */
    public int expireOrphanReceipts(long before) {
        return receipts.expire(before);
    }

    public double oldestOpenSeconds() {
        return open.oldestOpenSeconds();
    }

    @Override
    public void close() {
        sms.close();
    }
}
