package io.rcsgw.smpp.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.SubmitOutcome;
import io.rcsgw.smpp.SubmitPolicy;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;
import org.jsmpp.bean.SubmitSmResp;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A link's submit path: one thread takes submits from the {@link SubmitQueue} as its window,
 * the destinations' order and the TPS limit allow, and writes each on the bound session
 * without waiting for its response ({@link PipelinedSession}); the response ends it, on the
 * session's PDU thread. While no session is bound a submit is looked at again every few
 * milliseconds, until the response timeout says the link is down; the thread does not wait.
 */
final class PipelinedSubmitter implements AutoCloseable {

    /** How often a submit waiting for a bind looks again. */
    private static final long BIND_POLL_MILLIS = 20;

    private final String link;
    private final SubmitQueue queue;
    private final RateLimiter tps;
    private final Supplier<PipelinedSession> bound;
    private final Runnable lost;
    private final SubmitPolicy policy;
    private final long timeoutMillis;
    private final SmscListener listener;
    private final AtomicInteger queued;
    private final java.util.function.BooleanSupplier mayWrite;
    private final Thread sender;
    private final ScheduledExecutorService waiting;
    /** Submits looking again for a bind: ended as link-down if the link closes first. */
    private final java.util.Set<SubmitQueue.Pending> parked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param bound  the session submits go on, or null while none is bound
     * @param lost   told when a write failed (the session is gone)
     * @param queued   counts submits taken by the link and not yet ended
     * @param mayWrite false while nothing may be written: the sender waits, the queue keeps its order
     */
    PipelinedSubmitter(String link, SubmitQueue queue, RateLimiter tps, Supplier<PipelinedSession> bound, Runnable lost,
                       SubmitPolicy policy, Duration responseTimeout, SmscListener listener, AtomicInteger queued,
                       java.util.function.BooleanSupplier mayWrite) {
        this.mayWrite = mayWrite;
        this.link = link;
        this.queue = queue;
        this.tps = tps;
        this.bound = bound;
        this.lost = lost;
        this.policy = policy;
        this.timeoutMillis = responseTimeout.toMillis();
        this.listener = listener;
        this.queued = queued;
        this.sender = new Thread(this::run, "smsc-" + link + "-submit");
        this.sender.setDaemon(true);
        this.waiting = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smsc-" + link + "-unbound");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        sender.start();
    }

    private void run() {
        while (true) {
            SubmitQueue.Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                break;
            }
            if (p == null) {
                break;
            }
            try {
                if (tps != null) {
                    tps.acquirePermission();
                }
                send(p, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
            } catch (RuntimeException e) {
                end(p, new SubmitOutcome.Unknown(e.toString()));
            }
        }
    }

    /** Writes it on the bound session, or looks again shortly while none is, until {@code deadline}. */
    private void send(SubmitQueue.Pending p, long deadline) {
        PipelinedSession s = bound.get();
        if (s == null) {
            if (System.nanoTime() - deadline >= 0) {
                end(p, new SubmitOutcome.LinkDown("not bound"));
            } else {
                parked.add(p);
                try {
                    waiting.schedule(() -> {
                        if (parked.remove(p)) {
                            send(p, deadline);
                        }
                    }, BIND_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    if (parked.remove(p)) {
                        end(p, new SubmitOutcome.LinkDown("link closed"));
                    }
                }
            }
            return;
        }
        while (!mayWrite.getAsBoolean()) {
            // checked last before the write: a node paused past its lease finds it false when let go on
            try {
                Thread.sleep(BIND_POLL_MILLIS);
            } catch (InterruptedException e) {
                end(p, new SubmitOutcome.LinkDown("link closed"));
                return;
            }
        }
        try {
            s.submit(p.pdu(), tlvs(p.pdu()), timeoutMillis).whenComplete((r, e) -> end(p, outcome(r, e)));
        } catch (PDUException e) {
            end(p, new SubmitOutcome.Invalid(e.getMessage()));
        } catch (IOException | IllegalStateException e) {
            // not written: the session is not bound, or its socket went
            lost.run();
            end(p, new SubmitOutcome.LinkDown(e.getMessage()));
        }
    }

    private SubmitOutcome outcome(Command r, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new SubmitOutcome.Unknown("response timeout");
        }
        if (cause instanceof InvalidResponseException) {
            return new SubmitOutcome.Unknown("invalid response: " + cause.getMessage());
        }
        if (cause != null) {
            return new SubmitOutcome.Unknown("connection lost: " + cause.getMessage()); // written: it may be at the SMSC
        }
        if (r.getCommandStatus() != 0) {
            return new SubmitOutcome.Rejected(r.getCommandStatus(), policy.retryable(r.getCommandStatus()));
        }
        return new SubmitOutcome.Accepted(((SubmitSmResp) r).getMessageId());
    }

    /** A throttled submit goes back to the head of the queue; anything else ends it. */
    private void end(SubmitQueue.Pending p, SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Rejected r && policy.throttles(r.commandStatus())
                && p.throttles() + 1 < JsmppSmscLink.MAX_THROTTLES) {
            queue.throttled(p); // resent by this link, ahead of what came after it
            listener.onThrottled(link);
            return;
        }
        queue.done(p);
        queued.decrementAndGet();
        p.future().complete(outcome);
    }

    private static OptionalParameter[] tlvs(ShortMessagePdu pdu) {
        List<OptionalParameter> tlvs = new ArrayList<>(3);
        if (pdu.sar() != null) {
            // the short overload: jSMPP's int overload casts through byte, losing the high 8 bits
            tlvs.add(OptionalParameters.newSarMsgRefNum((short) pdu.sar().reference()));
            tlvs.add(OptionalParameters.newSarTotalSegments(pdu.sar().total()));
            tlvs.add(OptionalParameters.newSarSegmentSeqnum(pdu.sar().sequence()));
        }
        if (pdu.messagePayload() != null) {
            tlvs.add(new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), pdu.messagePayload()));
        }
        return tlvs.toArray(new OptionalParameter[0]);
    }

    @Override
    public void close() {
        sender.interrupt();
        waiting.shutdownNow();
        for (SubmitQueue.Pending p : parked) {
            if (parked.remove(p)) {
                end(p, new SubmitOutcome.LinkDown("link closed"));
            }
        }
    }
}
