package io.rcsgw.gateway.webhook;

import io.github.resilience4j.core.IntervalFunction;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers status events to bots' webhooks. The outbox is the store's: a message's history
 * entries past its webhook cursor. Events of one message go strictly in order: only the
 * oldest unsettled event of a message is ever in flight, and it is retried with exponential
 * backoff and jitter until the bot answers 2xx or the retry window (counted from the change
 * it reports) closes. Only then does the cursor move past it. Every POST is signed (see
 * {@link WebhookSignature}).
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookHealth health = new WebhookHealth();
    private final MessageStore store;
    private final Map<String, URI> urls;
    private final WebhookSignature signatures;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final Duration retryWindow;
    private final IntervalFunction backoff;
    private final int concurrency;
    private final HttpClient client = new HttpClient();
    private final Map<Long, ArrayDeque<Attempt>> perMessage = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Attempt> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile boolean closed;
    private volatile EventContacts contacts = EventContacts.AS_IS;
    private volatile ReceiptSink receipts;
    /** Receipts waiting for their next try: sent at once when their ESME binds. */
    private final java.util.Set<Attempt> parked = ConcurrentHashMap.newKeySet();

    public WebhookDispatcher(MessageStore store, Map<String, URI> urls, WebhookSignature signatures, Clock clock,
                             ScheduledExecutorService scheduler, Duration timeout, int concurrency, Duration retryMin,
                             Duration retryMax, Duration retryWindow) {
        this.store = store;
        this.signatures = signatures;
        this.urls = Map.copyOf(urls);
        this.clock = clock;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.retryWindow = retryWindow;
        this.concurrency = concurrency;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(retryMin.toMillis(), 2.0, 0.3, retryMax.toMillis());
        client.setMaxConnectionsPerDestination(concurrency);
        client.setMaxRequestsQueuedPerDestination(concurrency * 4);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        // the answer's listener never blocks (it only queues writes and the next send), so the
        // selector runs it itself instead of waking a pool thread for every answer
        client.getHttpClientTransport().setInvocationType(Invocable.InvocationType.NON_BLOCKING);
    }

    /** An event and how often it was tried; retries are kept in memory and start afresh after a restart. */
    private record Attempt(WebhookEvent event, int attempts, long notBefore) {
    }

    /** How events name users to bots (chatIds); set before {@link #start()}. */
    public void contacts(EventContacts contacts) {
        this.contacts = contacts;
    }

    /** A bind that takes receipts came up for this bot's ESME: its waiting receipts go now, not at their next try. */
    public void kick(String botId) {
        for (Attempt a : parked) {
            if (a.event().botId().equals(botId) && parked.remove(a)) {
                dispatch(a, 0);
            }
        }
    }

    /** Where ESMEs' receipts go; set before {@link #start()} and before events are offered. */
    public void receipts(ReceiptSink sink) {
        this.receipts = sink;
    }

    public void start() throws Exception {
        client.start();
    }

    /** Whether this bot has a webhook at all (no URL: no events are queued for it). */
    public boolean wants(String botId) {
        return urls.containsKey(botId) || receipts != null && receipts.bots().contains(botId);
    }

    public int backlog() {
        return backlog.get();
    }

    /** Age in seconds of the oldest event not yet settled (0 when none): the change it reports is that old. */
    public double oldestSeconds() {
        long oldest = Long.MAX_VALUE;
        for (ArrayDeque<Attempt> q : perMessage.values()) {
            synchronized (q) {
                Attempt head = q.peek();
                if (head != null) {
                    oldest = Math.min(oldest, head.event().at());
                }
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }

    /** A committed event: sent now if it is the oldest of its message, else after those. */
    public void offer(WebhookEvent event) {
        backlog.incrementAndGet();
        GatewayMetrics.WEBHOOK_BACKLOG.set(backlog.get());
        Attempt e = new Attempt(event, 0, 0);
        boolean head;
        ArrayDeque<Attempt> q = perMessage.computeIfAbsent(event.stream(), k -> new ArrayDeque<>());
        synchronized (q) {
            q.add(e);
            head = q.size() == 1;
        }
        if (head) {
            dispatch(e, 0);
        }
    }

    private void dispatch(Attempt e, long delayMillis) {
        if (delayMillis > 0) {
            ReceiptSink sink = receipts;
            if (sink != null && sink.handles(e.event())) {
                // a receipt waiting for its ESME: a bind coming up sends it at once ({@link #kick})
                parked.add(e);
                scheduler.schedule(() -> {
                    if (parked.remove(e)) {
                        dispatch(e, 0);
                    }
                }, delayMillis, TimeUnit.MILLISECONDS);
                return;
            }
            scheduler.schedule(() -> dispatch(e, 0), delayMillis, TimeUnit.MILLISECONDS);
            return;
        }
        if (active.incrementAndGet() > concurrency) {
            active.decrementAndGet();
            waiting.add(e);
            return;
        }
        send(e);
    }

    private void send(Attempt a) {
        if (closed) {
            active.decrementAndGet();
            return;
        }
        WebhookEvent e = a.event();
        ReceiptSink sink = receipts;
        if (sink != null && sink.handles(e)) {
            sink.deliver(e).whenComplete((ok, failure) -> {
                if (Boolean.TRUE.equals(ok)) {
                    done(a);
                } else {
                    failed(a, failure != null ? "receipt: " + failure.getClass().getSimpleName() : "receipt not taken");
                }
            });
            return;
        }
        URI url = urls.get(e.botId());
        if (url == null) {
            done(a);
            return;
        }
        String eventId = e.eventId();
        contacts.payload(e, e.payload(eventId)).whenComplete((body, failure) -> {
            if (failure != null) {
                failed(a, "contact: " + failure.getClass().getSimpleName());
            } else {
                post(a, url, eventId, body);
            }
        });
    }

    private void post(Attempt a, URI url, String eventId, byte[] body) {
        WebhookEvent e = a.event();
        String timestamp = Long.toString(clock.millis() / 1000);
        String signature = signatures.sign(e.botId(), timestamp, body);
        client.newRequest(url).method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    h.put(WebhookSignature.EVENT_ID, eventId);
                    h.put(WebhookSignature.TIMESTAMP, timestamp);
                    if (signature != null) {
                        h.put(WebhookSignature.SIGNATURE, signature);
                    }
                })
                .body(new BytesRequestContent("application/json", body))
                .send(result -> {
                    int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
                    boolean ok = result.isSucceeded() && status >= 200 && status < 300;
                    GatewayMetrics.WEBHOOK_ATTEMPTS.labels(e.botId(), ok ? "ok" : "failed").inc();
                    if (ok) {
                        health.succeeded(e.botId(), clock.millis());
                        done(a);
                    } else {
                        // the kind of failure only: an exception's message may carry the URL and its credentials
                        String why = status != 0 ? "HTTP " + status
                                : result.getFailure() == null ? "no answer" : result.getFailure().getClass().getSimpleName();
                        health.failed(e.botId(), why, clock.millis());
                        failed(a, why);
                    }
                });
    }

    /** The event is settled: the message's cursor moves past it, and its next event may go. */
    private void done(Attempt a) {
        WebhookEvent e = a.event();
        StoreWrite settled = e.settled(clock.millis());
        if (settled instanceof StoreWrite.HookSettled h) {
            store.writeSoon(h.id(), List.of(settled)); // a message's cursor may wait to share its next change's UPDATE
        } else {
            store.write(List.of(settled));
        }
        backlog.decrementAndGet();
        GatewayMetrics.WEBHOOK_BACKLOG.set(backlog.get());
        ArrayDeque<Attempt> q = perMessage.get(e.stream());
        Attempt next = null;
        if (q != null) {
            synchronized (q) {
                q.poll();
                next = q.peek();
                if (next == null) {
                    perMessage.remove(e.stream(), q);
                }
            }
        }
        release();
        if (next != null) {
            dispatch(next, Math.max(0, next.notBefore() - clock.millis()));
        }
    }

    private void failed(Attempt a, String why) {
        WebhookEvent e = a.event();
        int attempts = a.attempts() + 1;
        long now = clock.millis();
        ReceiptSink sink = receipts;
        Duration window = sink != null && sink.handles(e) ? sink.holdFor() : retryWindow;
        if (now - e.at() > window.toMillis()) {
            log.warn("webhook event {} for bot {} dropped after {} attempts: {}", e.eventId(), e.botId(), attempts, why);
            GatewayMetrics.WEBHOOK_ATTEMPTS.labels(e.botId(), "dropped").inc();
            done(a);
            return;
        }
        long delay = backoff.apply(attempts);
        log.debug("webhook event {} failed ({}); retry {} in {} ms", e.eventId(), why, attempts, delay);
        Attempt retry = new Attempt(e, attempts, now + delay);
        ArrayDeque<Attempt> q = perMessage.get(e.stream());
        if (q != null) {
            synchronized (q) {
                q.poll();
                q.addFirst(retry);
            }
        }
        release();
        dispatch(retry, delay);
    }

    private void release() {
        Attempt w = waiting.poll();
        if (w != null) {
            send(w); // hand our slot straight to a waiting event
        } else {
            active.decrementAndGet();
            // an event may have been parked between our poll and the decrement
            Attempt late = waiting.poll();
            if (late != null) {
                dispatch(late, 0);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            client.stop();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
