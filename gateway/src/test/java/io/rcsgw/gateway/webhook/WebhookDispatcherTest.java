package io.rcsgw.gateway.webhook;

import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox's handling of what goes to ESMEs: tried for the sink's hold time, in order, and at once on a kick. */
class WebhookDispatcherTest {

    @TempDir
    Path dir;
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    JdbcMessageStore store;
    WebhookDispatcher dispatcher;

    /** Takes events while {@link #open}, recording them; refuses them otherwise. */
    final class Sink implements ReceiptSink {
        final AtomicBoolean open = new AtomicBoolean();
        final List<String> taken = new CopyOnWriteArrayList<>();
        final Duration holdFor;

        Sink(Duration holdFor) {
            this.holdFor = holdFor;
        }

        @Override
        public Set<String> bots() {
            return Set.of("bot1");
        }

        @Override
        public boolean handles(WebhookEvent event) {
            return event.eventId().startsWith("esme-");
        }

        @Override
        public CompletableFuture<Boolean> deliver(WebhookEvent event) {
            if (open.get()) {
                taken.add(event.eventId());
            }
            return CompletableFuture.completedFuture(open.get());
        }

        @Override
        public Duration holdFor() {
            return holdFor;
        }
    }

    Sink start(Duration retryWindow, Duration holdFor, Duration retryMax) throws Exception {
        store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 100, Duration.ZERO);
        dispatcher = new WebhookDispatcher(store, Map.of(), new WebhookSignature(Map.of()), Clock.systemUTC(), scheduler,
                Duration.ofSeconds(1), 8, Duration.ofMillis(20), retryMax, retryWindow);
        Sink sink = new Sink(holdFor);
        dispatcher.receipts(sink);
        dispatcher.start();
        return sink;
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        store.close();
        scheduler.shutdownNow();
    }

    private WebhookEvent.Relay relay(String id) {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        store.write(List.of(new StoreWrite.InsertPlatformEvent("bot1", id, "sms-mo", "+447700900123", "{}",
                System.currentTimeMillis(), id))).join();
        return new WebhookEvent.Relay("bot1", id, "+447700900123", json, System.currentTimeMillis());
    }

    @Test
    void anEsmesEventOutlivesTheWebhooksRetryWindowAndKeepsItsOrder() throws Exception {
        Sink sink = start(Duration.ofMillis(100), Duration.ofMinutes(1), Duration.ofMillis(50));
        dispatcher.offer(relay("esme-1"));
        dispatcher.offer(relay("esme-2"));
        Thread.sleep(600); // six times the webhooks' retry window, refused all along
        sink.open.set(true);
        long until = System.currentTimeMillis() + 5000;
        while (sink.taken.size() < 2 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(sink.taken).containsExactly("esme-1", "esme-2");
        assertThat(dispatcher.backlog()).isZero();
    }

    @Test
    void itIsDroppedAfterTheSinksHoldTime() throws Exception {
        Sink sink = start(Duration.ofMinutes(1), Duration.ofMillis(200), Duration.ofMillis(50));
        dispatcher.offer(relay("esme-1"));
        long until = System.currentTimeMillis() + 5000;
        while (dispatcher.backlog() > 0 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(dispatcher.backlog()).as("dropped").isZero();
        sink.open.set(true);
        Thread.sleep(200);
        assertThat(sink.taken).isEmpty();
        assertThat(store.pendingRelays(null)).as("settled in the store").isEmpty();
    }

    @Test
    void aKickSendsAParkedEventAtOnce() throws Exception {
        Sink sink = start(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
        dispatcher.offer(relay("esme-1"));
        Thread.sleep(300); // refused four times, then parked: its next try is over 200 ms away (20 ms, doubling)
        sink.open.set(true);
        dispatcher.kick("bot1");
        long until = System.currentTimeMillis() + 150;
        while (sink.taken.isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        assertThat(sink.taken).containsExactly("esme-1");
    }
}
