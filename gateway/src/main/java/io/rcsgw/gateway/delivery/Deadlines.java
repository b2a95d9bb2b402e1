package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.lifecycle.TimerKind;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory side of messages' durable deadlines: each stored deadline has a timer that
 * fires at it (at once when it has passed, e.g. after a restart). A timer whose deadline was
 * moved or cleared since does nothing when it fires. The stored form is one
 * {@code kind=epoch millis} line per deadline.
 */
final class Deadlines {

    /** Where a due deadline goes. */
    interface Due {
        void fired(InFlight f, TimerKind kind, long at);
    }

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Due due;

    Deadlines(ScheduledExecutorService scheduler, Clock clock, Due due) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.due = due;
    }

    /** Starts the timer of a deadline set on {@code f} (caller holds its monitor). */
    void schedule(InFlight f, TimerKind kind, long at) {
        ScheduledFuture<?> old = f.timers.remove(kind);
        if (old != null) {
            old.cancel(false);
        }
        long delay = Math.max(0, at - clock.millis());
        f.timers.put(kind, scheduler.schedule(() -> due.fired(f, kind, at), delay, TimeUnit.MILLISECONDS));
    }

    /** Stops a deadline's timer (caller holds the monitor). */
    void cancel(InFlight f, TimerKind kind) {
        ScheduledFuture<?> t = f.timers.remove(kind);
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Stops every timer of a message that ended. */
    void cancelAll(InFlight f) {
        f.timers.values().forEach(t -> t.cancel(false));
        f.timers.clear();
    }

    static String encode(Map<TimerKind, Long> deadlines) {
        StringBuilder sb = new StringBuilder();
        deadlines.forEach((k, at) -> sb.append(k.wireName()).append('=').append(at).append('\n'));
        return sb.toString();
    }

    static EnumMap<TimerKind, Long> decode(String text) {
        EnumMap<TimerKind, Long> out = new EnumMap<>(TimerKind.class);
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(TimerKind.parse(line.substring(0, eq)), Long.parseLong(line.substring(eq + 1)));
            }
        }
        return out;
    }
}
