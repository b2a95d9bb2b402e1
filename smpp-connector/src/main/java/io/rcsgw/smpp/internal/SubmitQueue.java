package io.rcsgw.smpp.internal;

import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SubmitOutcome;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A link's submits waiting for the SMSC, in arrival order, and the rules for sending them:
 * at most one in flight per destination (so an SMSC sees a number's messages and parts in the
 * order they were accepted), at most {@link #window()} in flight in all, and none while the
 * link is paused. A throttled submit goes back to the head of the queue, ahead of everything
 * that came after it. When the SMSC throttles again before any success, the whole link slows:
 * it narrows its window by a quarter and pauses, exponentially longer while the throttling goes
 * on. Each success widens the window again by a little, up to its configured size (additive
 * increase, multiplicative decrease, as TCP does with congestion).
 */
final class SubmitQueue {

    /** A submit waiting or in flight; {@code throttles} counts how often the SMSC throttled it. */
    record Pending(ShortMessagePdu pdu, CompletableFuture<SubmitOutcome> future, int throttles) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<String> busy = new HashSet<>();
    private final int maxWindow;
    private final long minPauseNanos;
    private final long maxPauseNanos;
    private double window;
    private int inFlight;
    private long pausedUntil = System.nanoTime();
    private long pause;
    private int throttledInARow;
    private boolean closed;

    SubmitQueue(int maxWindow, long minPauseMillis, long maxPauseMillis) {
        this.maxWindow = maxWindow;
        this.window = maxWindow;
        this.minPauseNanos = TimeUnit.MILLISECONDS.toNanos(minPauseMillis);
        this.maxPauseNanos = TimeUnit.MILLISECONDS.toNanos(maxPauseMillis);
        this.pause = minPauseNanos;
    }

    void add(Pending p) {
        lock.lock();
        try {
            queue.addLast(p);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The oldest submit that may go now; waits while none may. Null once closed (the rest are
     * handed back by {@link #drain()}).
     */
    Pending take() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                long wait = pausedUntil - System.nanoTime();
                if (wait <= 0 && inFlight < (int) window) {
                    for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
                        Pending p = it.next();
                        if (busy.add(p.pdu().destinationAddress())) {
                            it.remove();
                            inFlight++;
                            if (!queue.isEmpty() && inFlight < (int) window) {
                                changed.signal(); // more may go: pass the wake-up on to one more submitter
                            }
                            return p;
                        }
                    }
                }
                if (wait > 0) {
                    changed.awaitNanos(wait);
                } else {
                    changed.await();
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The SMSC answered (or the submit failed otherwise): the destination is free, the window widens. */
    void done(Pending p) {
        lock.lock();
        try {
            release(p);
            window = Math.min(maxWindow, window + 1.0 / window);
            pause = minPauseNanos;
            throttledInARow = 0;
        } finally {
            lock.unlock();
        }
    }

    /** The SMSC throttled {@code p}: it goes back to the head; throttled twice in a row, the link narrows and pauses. */
    void throttled(Pending p) {
        lock.lock();
        try {
            release(p);
            // one throttle among successes is resent at once; throttling again before any success
            // means the link is too fast: it narrows and pauses, longer each time
            if (++throttledInARow > 1) {
                window = Math.max(1, window * 0.75);
                pausedUntil = Math.max(pausedUntil, System.nanoTime() + pause);
                pause = Math.min(maxPauseNanos, pause * 2);
            }
            queue.addFirst(new Pending(p.pdu(), p.future(), p.throttles() + 1));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes one submitter, not all: a release lets at most one more submit go, and a submitter
     * that takes one wakes the next if more may go. Waking the whole window on every response
     * cost tens of thousands of context switches a second under load.
     */
    private void release(Pending p) {
        inFlight--;
        busy.remove(p.pdu().destinationAddress());
        changed.signal();
    }

    /** Takes out every submit still waiting (the link was disabled); those in flight finish. */
    java.util.List<Pending> removeWaiting() {
        lock.lock();
        try {
            java.util.List<Pending> rest = new java.util.ArrayList<>(queue);
            queue.clear();
            return rest;
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out submits and returns those still waiting. */
    java.util.List<Pending> drain() {
        lock.lock();
        try {
            closed = true;
            java.util.List<Pending> rest = new java.util.ArrayList<>(queue);
            queue.clear();
            changed.signalAll();
            return rest;
        } finally {
            lock.unlock();
        }
    }

    int window() {
        lock.lock();
        try {
            return (int) window;
        } finally {
            lock.unlock();
        }
    }
}
