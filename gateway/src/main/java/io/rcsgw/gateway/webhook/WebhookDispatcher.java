package io.rcsgw.gateway.webhook;

import io.github.resilience4j.core.IntervalFunction;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
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
 * Delivers the persisted webhook outbox to bots. Events of one message go strictly in order:
 * only the oldest undelivered event of a message is ever in flight, and it is retried with
 * exponential backoff and jitter until it succeeds or the retry window closes. An event is
 * deleted from the outbox only after the bot answered 2xx.
 */
public final class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final MessageStore store;
    private final Map<String, URI> urls;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final Duration retryWindow;
    private final IntervalFunction backoff;
    private final int concurrency;
    private final HttpClient client = new HttpClient();
    private final Map<MessageKey, ArrayDeque<MessageStore.OutboxEntry>> perMessage = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<MessageStore.OutboxEntry> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger backlog = new AtomicInteger();
    private volatile boolean closed;

    public WebhookDispatcher(MessageStore store, Map<String, URI> urls, Clock clock, ScheduledExecutorService scheduler,
                             Duration timeout, int concurrency, Duration retryMin, Duration retryMax, Duration retryWindow) {
        this.store = store;
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
    }

    public void start() throws Exception {
        client.start();
        List<MessageStore.OutboxEntry> pending = store.outbox();
        for (MessageStore.OutboxEntry e : pending) {
            offer(e);
        }
        if (!pending.isEmpty()) {
            log.info("resuming {} undelivered webhook events", pending.size());
        }
    }

    /** Whether this bot has a webhook at all (no URL: no events are queued for it). */
    public boolean wants(String botId) {
        return urls.containsKey(botId);
    }

    public int backlog() {
        return backlog.get();
    }

    /** A committed outbox event: sent now if it is the oldest of its message, else after those. */
    public void offer(MessageStore.OutboxEntry e) {
        backlog.incrementAndGet();
        GatewayMetrics.WEBHOOK_BACKLOG.set(backlog.get());
        boolean head;
        ArrayDeque<MessageStore.OutboxEntry> q = perMessage.computeIfAbsent(e.key(), k -> new ArrayDeque<>());
        synchronized (q) {
            q.add(e);
            head = q.size() == 1;
        }
        if (head) {
            dispatch(e, Math.max(0, e.nextAttemptAt() - clock.millis()));
        }
    }

    private void dispatch(MessageStore.OutboxEntry e, long delayMillis) {
        if (delayMillis > 0) {
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

    private void send(MessageStore.OutboxEntry e) {
        if (closed) {
            active.decrementAndGet();
            return;
        }
        URI url = urls.get(e.key().botId());
        if (url == null) {
            done(e, true);
            return;
        }
        client.newRequest(url).method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> h.put("X-Rcsgw-Event-Id", e.eventId()))
                .body(new StringRequestContent("application/json", e.payload()))
                .send(result -> {
                    int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
                    boolean ok = result.isSucceeded() && status >= 200 && status < 300;
                    GatewayMetrics.WEBHOOK_ATTEMPTS.labels(e.key().botId(), ok ? "ok" : "failed").inc();
                    if (ok) {
                        done(e, true);
                    } else {
                        failed(e, result.getFailure() != null ? result.getFailure().toString() : "HTTP " + status);
                    }
                });
    }

    private void done(MessageStore.OutboxEntry e, boolean delete) {
        if (delete) {
            store.write(List.of(new StoreWrite.DeleteWebhook(e.eventId())));
        }
        backlog.decrementAndGet();
        GatewayMetrics.WEBHOOK_BACKLOG.set(backlog.get());
        ArrayDeque<MessageStore.OutboxEntry> q = perMessage.get(e.key());
        MessageStore.OutboxEntry next = null;
        if (q != null) {
            synchronized (q) {
                q.poll();
                next = q.peek();
                if (next == null) {
                    perMessage.remove(e.key(), q);
                }
            }
        }
        release();
        if (next != null) {
            dispatch(next, Math.max(0, next.nextAttemptAt() - clock.millis()));
        }
    }

    private void failed(MessageStore.OutboxEntry e, String why) {
        int attempts = e.attempts() + 1;
        long now = clock.millis();
        if (now - e.createdAt() > retryWindow.toMillis()) {
            log.warn("webhook event {} for bot {} dropped after {} attempts: {}", e.eventId(), e.key().botId(), attempts, why);
            GatewayMetrics.WEBHOOK_ATTEMPTS.labels(e.key().botId(), "dropped").inc();
            done(e, true);
            return;
        }
        long delay = backoff.apply(attempts);
        log.debug("webhook event {} failed ({}); retry {} in {} ms", e.eventId(), why, attempts, delay);
        store.write(List.of(new StoreWrite.RescheduleWebhook(e.eventId(), attempts, now + delay)));
        MessageStore.OutboxEntry retry = new MessageStore.OutboxEntry(e.eventId(), e.key(), e.seq(), e.payload(), attempts,
                now + delay, e.createdAt());
        ArrayDeque<MessageStore.OutboxEntry> q = perMessage.get(e.key());
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
        MessageStore.OutboxEntry w = waiting.poll();
        if (w != null) {
            send(w); // hand our slot straight to a waiting event
        } else {
            active.decrementAndGet();
            // an event may have been parked between our poll and the decrement
            MessageStore.OutboxEntry late = waiting.poll();
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
