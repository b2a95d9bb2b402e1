package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.sms.Concatenation;
import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.rules.sms.SmsText;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SubmitOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes accepted messages in order, picks each a bound link (round robin), renders it as SMS
 * the way that link wants and submits its parts there. A global permit count keeps the links'
 * windows full without queueing unboundedly in front of them. Retryable outcomes are tried
 * again after a delay; the rest end the message.
 */
public final class SmsDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmsDispatcher.class);

    private final SubmitOutcomes outcomes;
    /** Replaced whole when the rules are reloaded; a message looks it up once per decision. */
    private volatile Routes routes;
    private final Map<String, List<SmscLink>> binds;
    private final PartRenderer renderer;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final ScheduledExecutorService scheduler;
    private final BlockingQueue<InFlight> queue = new LinkedBlockingQueue<>();
    /** Messages marked queued under one wait for the store. */
    private static final int BATCH = 256;
    /**
     * Permits per window slot of the links: a part holds one from before it is marked queued until
     * its SMSC id is stored, so this many times the summed windows is the most a crash can leave
     * in doubt, and the most parts on their way at once.
     */
    public static final int PERMITS_PER_WINDOW_SLOT = 4;
    /** Parts submitted whose outcome is not yet settled: the most a crash can leave in doubt. */
    private final Semaphore permits;
    private final int permitsTotal;
    private final AtomicInteger next = new AtomicInteger();
    private final ConcatReferences references = new ConcatReferences();
    private final Thread worker;
    private volatile boolean closed;

    /**
     * @param binds each SMSC's binds by SMSC name, in configuration order
     * @param routes destination prefixes and the SMSCs (by name, preferred first) that carry them; empty: all carry all
     */
    SmsDispatcher(SubmitOutcomes outcomes, Map<String, List<SmscLink>> binds, List<Route> routes, Settings settings,
                  ScheduledExecutorService scheduler, java.time.Clock clock) {
        this.outcomes = outcomes;
        this.binds = Map.copyOf(binds);
        this.routes = routesOf(routes);
        binds.values().forEach(list -> list.forEach(GatewayMetrics::gaugeLink));
        this.renderer = new PartRenderer(settings.senderByBot(), settings.defaultSender(), clock);
        this.maxAttempts = settings.maxAttempts();
        this.retryDelay = settings.retryDelay();
        this.scheduler = scheduler;
        // parts between "marked queued" and "SMSC id stored": two commit waits and a round trip long
        this.permitsTotal = Math.max(1, settings.totalWindow() * PERMITS_PER_WINDOW_SLOT);
        this.permits = new Semaphore(permitsTotal);
        this.worker = new Thread(this::run, "sms-dispatcher");
        worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    void enqueue(InFlight f) {
        queue.add(f);
    }

    /**
     * A route: destinations starting with {@code prefix} (E.164 digits) go to these SMSCs, the
     * first one up first; {@code languages}, when not null, replace the links' national tables.
     */
    private Routes routesOf(List<Route> routes) {
        return new Routes(routes.stream().map(r -> new Routes.Route(r.prefix(), r.smscs(), r.languages())).toList(), binds);
    }

    /** New routes for messages from now on; every SMSC they name must be one of this dispatcher's. */
    public void reroute(List<Route> routes) {
        for (Route r : routes) {
            for (String smsc : r.smscs()) {
                if (!binds.containsKey(smsc)) {
                    throw new IllegalArgumentException("no SMSC " + smsc);
                }
            }
        }
        this.routes = routesOf(routes);
    }

    /** The SMSCs this dispatcher has links to, by name. */
    public Set<String> smscs() {
        return binds.keySet();
    }

    public record Route(String prefix, List<String> smscs, Set<NationalLanguage> languages) {
    }

    /**
     * {@code totalWindow}: the links' windows summed (it sizes the permits); senders by bot and the
     * default; how often and how far apart a retryable submit is tried.
     */
    public record Settings(int totalWindow, Map<String, String> senderByBot, String defaultSender, int maxAttempts,
                           Duration retryDelay) {
    }

    /**
     * One message ready to go: its parts rendered for one route choice ({@code generation});
     * {@code stored} completes when a new reference is durable.
     */
    private record Rendered(InFlight f, List<ShortMessagePdu> pdus, int generation, CompletableFuture<?> stored,
                            int permits) {
    }

    private void run() {
        List<Rendered> batch = new ArrayList<>();
        Rendered carried = null; // rendered, but no permits were free for it: first in the next batch
        while (!closed) {
            try {
                Rendered first = carried != null ? carried : render(queue.take());
                carried = null;
                if (first == null) {
                    continue;
                }
                permits.acquire(first.permits());
                batch.add(first);
                // more of the queue, as far as permits are free now: a batch never waits on the window
                while (batch.size() < BATCH) {
                    InFlight f = queue.poll();
                    if (f == null) {
                        break;
                    }
                    Rendered r = render(f);
                    if (r == null) {
                        continue;
                    }
                    if (!permits.tryAcquire(r.permits())) {
                        carried = r;
                        break;
                    }
                    batch.add(r);
                }
                dispatch(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.error("dispatch of {} messages failed", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Marks the messages SMS_QUEUED and waits until that is durable before the first part goes
     * out: after a crash, ACCEPTED then means "never sent", and only SMS_QUEUED parts without a
     * recorded response are in doubt. The permits for their parts are already held, so no part
     * is marked before it can go out, and what a crash leaves in doubt stays within the permits.
     * A whole batch shares one wait, so this costs one commit latency per batch, not per message.
     */
    private void dispatch(List<Rendered> ready) throws InterruptedException {
        CompletableFuture<?> stored = CompletableFuture.completedFuture(null);
        for (Rendered r : ready) {
            if (r.stored() != null) {
                stored = r.stored();
            }
            CompletableFuture<?> write = outcomes.queued(r.f(), r.pdus().size());
            if (write != null) {
                stored = write; // groups commit in order: the last one written covers the batch
            }
        }
        try {
            stored.get();
        } catch (ExecutionException e) {
            log.warn("{} messages not marked queued ({}); trying again", ready.size(), e.getCause().toString());
            for (Rendered r : ready) {
                permits.release(r.permits());
                schedule(() -> enqueue(r.f()), retryDelay.toMillis());
            }
            return;
        }
        for (Rendered r : ready) {
            int held = r.permits();
            for (int i = 0; i < r.pdus().size(); i++) {
                if (held > 0) {
                    if (send(r.f(), i, r.pdus().get(i), r.generation())) {
                        held--;
                    }
                } else {
                    submit(r.f(), i, r.pdus().get(i), r.generation()); // more parts than permits exist: one at a time
                }
            }
            permits.release(held); // parts that turned out done
        }
    }

    /**
     * Picks the message's link (kept for all its parts, so they share its settings), renders
     * the text the way that link wants it and gives a long message its concatenation reference.
     * Null when no link can carry it; the message has failed then.
     */
    private Rendered render(InFlight f) {
        SmscLink link = linkFor(f);
        if (link == null) {
            outcomes.partFailed(f, MessageState.FAILED, "sms:no-route");
            return null;
        }
        String destination = f.recipient.substring(1);
        SmsText text = PartRenderer.text(f.body, link, routes.languagesFor(destination)); // national tables per destination
        if (text.segmentCount() > link.sms().maxSegments()) {
            outcomes.partFailed(f, MessageState.FAILED, "sms:too-many-segments");
            return null;
        }
        int reference;
        int generation;
        CompletableFuture<?> stored = null;
        synchronized (f) {
            f.link = link.name();
            f.smsEncoding = text.encoding().name();
            generation = f.routeGeneration;
            if (f.concatReference < 0 && text.isConcatenated()) {
                int modulus = link.sms().concatenation() == Concatenation.UDH_8BIT ? 0x100 : 0x10000;
                f.concatReference = references.allocate(destination, modulus);
                stored = outcomes.referenceChosen(f);
            }
            reference = Math.max(0, f.concatReference);
        }
        List<ShortMessagePdu> pdus = renderer.pdus(f, link, text, reference);
        int toSend = 0;
        synchronized (f) {
            for (int i = 0; i < pdus.size(); i++) {
                if (i >= f.partKeys.length || f.partKeys[i] == null) {
                    toSend++; // a resumed message sends only the parts the SMSC has not acknowledged
                }
            }
        }
        // a message with more parts than there are permits takes them one part at a time
        return new Rendered(f, pdus, generation, stored, Math.min(toSend, permitsTotal));
    }

    /** The reference of a finished message may be used again for its destination. */
    void released(InFlight f) {
        if (f.concatReference >= 0) {
            references.release(f.recipient.substring(1), f.concatReference);
        }
    }

    /** A resumed message keeps the reference its first parts went out with. */
    void resumed(InFlight f) {
        if (f.concatReference >= 0) {
            references.reserve(f.recipient.substring(1), f.concatReference);
        }
    }

    /**
     * Submits one part, taking a permit for it, unless it is done already. The permit is
     * returned when the outcome is settled; for an accepted part that is when its SMSC id is
     * durable, so a crash can leave at most as many parts in doubt as there are permits.
     */
    private void submit(InFlight f, int part, ShortMessagePdu pdu, int generation) throws InterruptedException {
        if (!pending(f, part, generation)) {
            return;
        }
        permits.acquire();
        if (!send(f, part, pdu, generation)) {
            permits.release();
        }
    }

    private static boolean pending(InFlight f, int part, int generation) {
        synchronized (f) {
            // not done yet, and not rendered again for another SMSC meanwhile
            return f.partKeys[part] == null && !f.state.isFinal() && f.routeGeneration == generation;
        }
    }

    /** Sends a part with a permit the caller holds; false (the permit unused) when the part is done already. */
    private boolean send(InFlight f, int part, ShortMessagePdu pdu, int generation) {
        synchronized (f) {
            if (!pending(f, part, generation)) {
                return false;
            }
            f.partSent[part] = true; // from here an SMSC may have it: an expiry leaves it to the SMSC
        }
        SmscLink link = linkFor(f);
        long started = System.nanoTime();
        link.submit(pdu).whenComplete((outcome, error) -> {
            GatewayMetrics.SUBMIT_SECONDS.labels(link.name()).observe((System.nanoTime() - started) / 1e9);
            handle(f, part, pdu, generation, link,
                    outcome != null ? outcome : new SubmitOutcome.Unknown(String.valueOf(error)))
                    .whenComplete((done, failed) -> permits.release());
        });
        return true;
    }

    /**
     * The message's SMSC is down. When none of its parts went out yet and another SMSC of its
     * route is up, it fails over: rendered again for that SMSC. True when it did (or already had).
     */
    private boolean failOver(InFlight f, int generation, SmscLink down) {
        synchronized (f) {
            if (f.routeGeneration != generation) {
                return true;
            }
            for (String k : f.partKeys) {
                if (k != null) {
                    return false; // the rest must follow the parts already sent
                }
            }
            if (!routes.upElsewhere(down, f.recipient.substring(1))) {
                return false;
            }
            f.routeGeneration++;
            f.link = null;
        }
        GatewayMetrics.FAILOVERS.labels(down.name()).inc();
        enqueue(f);
        return true;
    }

    /** The message's bind: see {@link Routes#bindFor}. */
    private SmscLink linkFor(InFlight f) {
        String chosen;
        synchronized (f) {
            chosen = f.link;
        }
        return routes.bindFor(chosen, f.recipient.substring(1), next::getAndIncrement);
    }

    private CompletableFuture<?> handle(InFlight f, int part, ShortMessagePdu pdu, int generation, SmscLink link,
                                        SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Accepted a) {
            GatewayMetrics.SUBMITS.labels(link.name(), "accepted").inc();
            return outcomes.partAccepted(f, part, link.name(), a.messageId());
        } else if (outcome instanceof SubmitOutcome.Rejected r) {
            GatewayMetrics.SUBMITS.labels(link.name(), String.format("0x%02x", r.commandStatus())).inc();
            if (r.retryable()) {
                retry(f, part, pdu, generation, r.reason());
            } else {
                outcomes.partFailed(f, MessageState.REJECTED, r.reason());
            }
        } else if (outcome instanceof SubmitOutcome.Unknown) {
            // the SMSC may have it: sending again risks a duplicate, not sending risks a loss; the link says which
            GatewayMetrics.SUBMITS.labels(link.name(), "unknown").inc();
            if (link.policy().retryOnTimeout()) {
                retry(f, part, pdu, generation, "smsc:unknown-outcome");
            } else {
                outcomes.partFailed(f, MessageState.FAILED, "smsc:unknown-outcome");
            }
        } else if (outcome instanceof SubmitOutcome.LinkDown) {
            GatewayMetrics.SUBMITS.labels(link.name(), "link-down").inc();
            if (!failOver(f, generation, link)) {
                resubmit(f, part, pdu, generation, retryDelay.toMillis());
            }
        } else if (outcome instanceof SubmitOutcome.Invalid) {
            GatewayMetrics.SUBMITS.labels(link.name(), "invalid").inc();
            outcomes.partFailed(f, MessageState.FAILED, "smsc:invalid-pdu");
        }
        return CompletableFuture.completedFuture(null);
    }

    private void retry(InFlight f, int part, ShortMessagePdu pdu, int generation, String reason) {
        int attempt;
        synchronized (f) {
            attempt = ++f.attempts[part];
        }
        if (attempt >= maxAttempts) {
            outcomes.partFailed(f, MessageState.FAILED, reason + "-gave-up");
            return;
        }
        resubmit(f, part, pdu, generation, retryDelay.toMillis() * attempt);
    }

    /**
     * Sends a part again after a delay. Scheduler threads also serve webhook retries, so they
     * never wait for a permit: with none free the part tries again shortly.
     */
    private void resubmit(InFlight f, int part, ShortMessagePdu pdu, int generation, long delayMillis) {
        schedule(() -> {
            if (!pending(f, part, generation)) {
                return;
            }
            if (!permits.tryAcquire()) {
                resubmit(f, part, pdu, generation, 10);
            } else if (!send(f, part, pdu, generation)) {
                permits.release();
            }
        }, delayMillis);
    }

    private void schedule(Runnable r, long delayMillis) {
        if (!closed) { // when closed, the store still has it; the next start resumes it
            scheduler.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
