package io.rcsgw.gateway.store;

import io.prometheus.client.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The store's one writer: a thread that owns a connection and commits whatever groups have
 * queued up since its last commit in one transaction (group commit). Under load a single fsync
 * covers hundreds of messages; with no load a group commits at once. A batch that fails is
 * committed again group by group, so one bad group fails alone; a batch the cluster fence
 * refuses fails whole.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    static final Histogram BATCH_GROUPS = Histogram.build("rcsgw_store_batch_groups", "Write groups per committed transaction")
            .buckets(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000).register();
    static final Histogram COMMIT_SECONDS = Histogram.build("rcsgw_store_commit_seconds", "Time to write and commit one batch")
            .buckets(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1).register();

    /** How long a webhook cursor waits to ride along with its message's next change. */
    static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Batches with fewer groups than this wait {@code commitDelay} for more. */
    static final int GATHER_BELOW = 64;

    private record Pending(List<StoreWrite> group, CompletableFuture<List<Boolean>> future) {
    }

    private final DataSource pool;
    private final int batchMaxSize;
    private final long commitDelayNanos;
    private final BatchCommit batches;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final HeldWrites<Pending> held = new HeldWrites<>(HOLD_NANOS);
    private final Thread writer;
    /**
     * Completes committed groups. Callers chain work onto their futures (HTTP answers, webhook
     * hand-offs); run on the writer thread, that work would delay the next commit. One thread,
     * so groups complete in commit order.
     */
    private final ExecutorService completer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "store-completer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile boolean flushHeld;
    /** Set once this node holds a cluster lease: then every commit is fenced by it. */
    private volatile StoreFence fence;

    GroupCommitWriter(DataSource pool, boolean postgres, int batchMaxSize, Duration commitDelay) {
        this.pool = pool;
        this.batchMaxSize = batchMaxSize;
        this.commitDelayNanos = commitDelay.toNanos();
        this.batches = new BatchCommit(postgres);
        this.writer = new Thread(this::writeLoop, "store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void fenceWith(StoreFence fence) {
        this.fence = fence;
    }

    CompletableFuture<List<Boolean>> write(List<StoreWrite> group) {
        CompletableFuture<List<Boolean>> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("store closed"));
            return f;
        }
        queue.add(new Pending(group, f));
        return f;
    }

    /** Like {@link #write}, for a group that nothing waits for: message {@code id}'s webhook cursor (see {@link HeldWrites}). */
    CompletableFuture<List<Boolean>> writeSoon(long id, List<StoreWrite> group) {
        if (closed) {
            return write(group);
        }
        CompletableFuture<List<Boolean>> f = new CompletableFuture<>();
        held.add(id, new Pending(group, f), System.nanoTime());
        return f;
    }

    /** Commits every held write now; the future completes once they are durable. */
    CompletableFuture<List<Boolean>> flush() {
        flushHeld = true;
        return write(List.of()); // an empty group wakes the writer and completes after the held ones
    }

    /** The messages whose state row the batch changes: their held cursors join it. */
    private static java.util.Set<Long> changed(List<Pending> batch) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Pending p : batch) {
            for (StoreWrite w : p.group()) {
                if (w instanceof StoreWrite.Transition t) {
                    ids.add(t.id());
                }
            }
        }
        return ids;
    }

    private static List<List<StoreWrite>> groups(List<Pending> batch) {
        List<List<StoreWrite>> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            out.add(p.group());
        }
        return out;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        boolean busy = false;
        Connection c = null;
        StoreFence fencedBy = null;
        while (!closed || !queue.isEmpty() || !held.isEmpty()) {
            try {
                Pending first = queue.poll(closed ? 0 : Math.min(HOLD_NANOS, held.dueInNanos(System.nanoTime())),
                        TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, batchMaxSize - 1);
                    if (busy && batch.size() < GATHER_BELOW && commitDelayNanos > 0) {
                        // under load, a moment's wait fills a small transaction: fewer, larger commits
                        // (a batch that is already large gains nothing from waiting)
                        java.util.concurrent.locks.LockSupport.parkNanos(commitDelayNanos);
                        queue.drainTo(batch, batchMaxSize - batch.size());
                    }
                }
                boolean all = closed || flushHeld;
                if (all) {
                    flushHeld = false;
                }
                if (!held.isEmpty()) {
                    // first: they were written before the writes that take them along, and so their
                    // futures complete before those writes' futures (flush() and its callers rely on it)
                    batch.addAll(0, held.take(changed(batch), System.nanoTime(), all));
                }
                if (batch.isEmpty()) {
                    continue;
                }
                busy = batch.size() > 1;
                if (c == null || c.isClosed()) {
                    batches.newConnection();
                    c = pool.getConnection();
                    c.setAutoCommit(false);
                    fencedBy = null;
                }
                StoreFence f = fence;
                if (f != null && f != fencedBy) {
                    f.prepare(c);
                    fencedBy = f;
                }
                Histogram.Timer t = COMMIT_SECONDS.startTimer();
                try {
                    List<List<Boolean>> results = batches.commit(c, groups(batch), f);
                    t.observeDuration();
                    BATCH_GROUPS.observe(batch.size());
                    List<Pending> done = List.copyOf(batch);
                    completer.execute(() -> {
                        for (int i = 0; i < done.size(); i++) {
                            done.get(i).future().complete(results.get(i));
                        }
                    });
                } catch (StoreFence.Refused e) {
                    rollbackQuietly(c);
                    refused(e, batch);
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    log.warn("batch of {} groups failed ({}); committing one by one", batch.size(), JdbcMessageStore.describe(e));
                    for (Pending p : batch) {
                        try {
                            List<Boolean> r = batches.commit(c, List.of(p.group()), f).get(0);
                            completer.execute(() -> p.future().complete(r));
                        } catch (SQLException one) {
                            rollbackQuietly(c);
                            JdbcMessageStore.StoreException failed = new JdbcMessageStore.StoreException("a write", one);
                            completer.execute(() -> p.future().completeExceptionally(failed));
                        }
                    }
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (Exception e) {
                log.error("store writer failed: {}", JdbcMessageStore.describe(e));
                log.debug("store writer failure", e);
                List<Pending> failed = List.copyOf(batch);
                JdbcMessageStore.StoreException why = new JdbcMessageStore.StoreException("a write", e);
                completer.execute(() -> failed.forEach(p -> p.future().completeExceptionally(why)));
                closeQuietly(c);
                c = null;
                sleep(200);
            } finally {
                batch.clear();
            }
        }
        closeQuietly(c);
    }

    private long refusedBatches;

    /** A node that lost its lease writes nothing more: every group of the batch fails (it halts at its next heartbeat). */
    private void refused(StoreFence.Refused e, List<Pending> batch) {
        if (refusedBatches++ % 1000 == 0) {
            log.error("{}; {} batches refused so far", e.getMessage(), refusedBatches);
        }
        JdbcMessageStore.StoreException why = new JdbcMessageStore.StoreException("a write", e);
        List<Pending> failed = List.copyOf(batch);
        completer.execute(() -> failed.forEach(p -> p.future().completeExceptionally(why)));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is replaced on the next failure
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to do
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commits what is queued, then stops the writer and completes what it committed. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
            completer.shutdown();
            completer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
