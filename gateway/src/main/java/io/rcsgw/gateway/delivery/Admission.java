package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.rcs.api.AcceptResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Bounds the messages the gateway holds in memory: once {@code maxOpen} are unfinished, new
 * messages are refused (HTTP 429 with Retry-After, SMPP ESME_RTHROTTLED) with nothing stored,
 * until the open count falls to {@link #RESUME_SHARE} of the bound. The gap between the two marks
 * keeps it from flapping on every message that ends. Everything already accepted goes on as before.
 */
final class Admission {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    /** Accepting resumes once the open messages fall to this share of {@code maxOpen}. */
    static final double RESUME_SHARE = 0.9;

    /** {@code maxOpen}: at most this many unfinished messages (0: no bound); {@code retryAfter}: what refused clients are told. */
    record Settings(int maxOpen, Duration retryAfter) {

        static final Settings UNBOUNDED = new Settings(0, Duration.ofSeconds(1));

        Settings {
            if (maxOpen < 0) {
                throw new IllegalArgumentException("maxOpen must not be negative");
            }
        }
    }

    private final Settings settings;
    private final IntSupplier openCount;
    private final int resumeAt;
    private final long retryAfterSeconds;
    private final java.util.concurrent.atomic.AtomicBoolean shedding = new java.util.concurrent.atomic.AtomicBoolean();

    Admission(Settings settings, IntSupplier openCount) {
        this.settings = settings;
        this.openCount = openCount;
        this.resumeAt = (int) Math.floor(settings.maxOpen() * RESUME_SHARE);
        // Retry-After is whole seconds; a client told 0 would come straight back
        this.retryAfterSeconds = Math.max(1, (settings.retryAfter().toMillis() + 999) / 1000);
        GatewayMetrics.SHEDDING.setChild(new io.prometheus.client.Gauge.Child() {
            @Override
            public double get() {
                return shedding() ? 1 : 0;
            }
        });
    }

    /** Null when a new message may be taken, else the answer that refuses it. */
    AcceptResult.Busy refusal() {
        if (settings.maxOpen() == 0) {
            return null;
        }
        int open = openCount.getAsInt();
        if (shedding.get() ? open > resumeAt : open >= settings.maxOpen()) {
            turn(true, open);
            return new AcceptResult.Busy(retryAfterSeconds, open + " messages are waiting to be sent or to end, the most this "
                    + "gateway holds; nothing was stored: offer it again after " + retryAfterSeconds + " s");
        }
        turn(false, open);
        return null;
    }

    /** Whether the next message would be refused; read at scrape, so it falls back once the open messages do, offered or not. */
    boolean shedding() {
        return shedding.get() && openCount.getAsInt() > resumeAt;
    }

    private void turn(boolean on, int open) {
        if (shedding.get() == on || !shedding.compareAndSet(!on, on)) {
            return; // already so, or another thread turned it (and logs it)
        }
        if (on) {
            log.warn("{} messages open, the most allowed (overload.maxOpen {}): new messages are refused until {} remain",
                    open, settings.maxOpen(), resumeAt);
        } else {
            log.warn("{} messages open: new messages are taken again", open);
        }
    }
}
