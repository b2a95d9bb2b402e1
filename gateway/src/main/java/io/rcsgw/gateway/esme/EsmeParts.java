package io.rcsgw.gateway.esme;

import io.rcsgw.gateway.store.JdbcEsmeParts;
import io.rcsgw.smpp.server.EsmeSubmit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Concatenated messages from ESMEs, put together durably: each part is stored before it is
 * answered (so an answered part survives a restart), every part of a message is answered with
 * the same message id, and the part that completes the set yields the whole message. A set
 * still incomplete after {@code timeout} is dropped (logged, without its content).
 */
public final class EsmeParts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EsmeParts.class);

    /** After a part: the set's message id, and the whole message when this part completed it. */
    public record Offered(String messageId, EsmeSubmit whole) {
    }

    private final JdbcEsmeParts store;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "esme-parts");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "esme-parts-sweep");
        t.setDaemon(true);
        return t;
    });

    public EsmeParts(JdbcEsmeParts store, Clock clock, Duration timeout) {
        this.store = store;
        this.clock = clock;
        this.timeout = timeout;
    }

    public EsmeParts start() {
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
        return this;
    }

    CompletableFuture<Offered> offer(EsmeSubmit s) {
        return CompletableFuture.supplyAsync(() -> {
            JdbcEsmeParts.Stored stored = store.put(key(s), s.messageId(), s.part().total(), s.part().sequence(), s.text(),
                    clock.millis());
            boolean complete = stored.seqs().size() >= stored.total()
                    && stored.seqs().subList(0, stored.total()).equals(java.util.stream.IntStream.rangeClosed(1, stored.total())
                    .boxed().toList());
            if (!complete) {
                return new Offered(stored.msgId(), null);
            }
            String text = String.join("", stored.texts().subList(0, stored.total()));
            return new Offered(stored.msgId(), new EsmeSubmit(s.account(), stored.msgId(), s.source(), s.destination(), text,
                    s.registeredDelivery(), null));
        }, workers);
    }

    /** The message of this part's set was taken: its parts go. */
    CompletableFuture<Void> done(EsmeSubmit s) {
        return CompletableFuture.runAsync(() -> store.delete(key(s)), workers);
    }

    private void sweep() {
        try {
            List<JdbcEsmeParts.SetKey> old = store.older(clock.millis() - timeout.toMillis(), 500);
            for (JdbcEsmeParts.SetKey k : old) {
                store.delete(k);
            }
            if (!old.isEmpty()) {
                log.warn("{} concatenated messages from ESMEs dropped: their other parts did not come within {}", old.size(),
                        timeout);
            }
        } catch (RuntimeException e) {
            log.warn("sweeping ESME message parts failed: {}", e.toString());
        }
    }

    private static JdbcEsmeParts.SetKey key(EsmeSubmit s) {
        return new JdbcEsmeParts.SetKey(s.account().systemId(), s.source(), s.destination(), s.part().reference());
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        workers.shutdown();
    }
}
