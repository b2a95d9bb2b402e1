package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.ContentKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlinesTest {

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    static InFlight message() {
        return new InFlight(1, new MessageKey("b", "m"), "+447700900123", "hi", 0, MessageState.RCS_SENT, 1, null, null,
                new MessageFacts("b", "+447700900123", Set.of(ContentKind.TEXT), null, Set.of(), null));
    }

    @Test
    void theStoredFormRoundTrips() {
        EnumMap<TimerKind, Long> d = new EnumMap<>(TimerKind.class);
        d.put(TimerKind.UNDELIVERED, 1_700_000_000_123L);
        d.put(TimerKind.EXPIRY, 1_700_000_999_000L);
        String text = Deadlines.encode(d);
        assertThat(text).isEqualTo("undelivered=1700000000123\nexpiry=1700000999000\n");
        assertThat(Deadlines.decode(text)).isEqualTo(d);
        assertThat(Deadlines.decode("")).isEmpty();
        assertThat(Deadlines.decode(null)).isEmpty();
    }

    @Test
    void aTimerFiresAtItsDeadlineAndAPassedOneAtOnce() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        Clock clock = Clock.systemUTC();
        Deadlines deadlines = new Deadlines(scheduler, clock, (f, kind, at) -> fired.add(kind + "@" + (clock.millis() - at)));
        InFlight f = message();
        long now = clock.millis();
        synchronized (f) {
            deadlines.schedule(f, TimerKind.UNDELIVERED, now + 200);
            deadlines.schedule(f, TimerKind.EXPIRY, now - 5_000); // passed while the gateway was down
            deadlines.schedule(f, TimerKind.RECEIPT, now + 100);
            deadlines.cancel(f, TimerKind.RECEIPT);
        }
        Thread.sleep(600);
        assertThat(fired).hasSize(2);
        assertThat(fired.get(0)).startsWith("EXPIRY@");
        assertThat(fired.get(1)).startsWith("UNDELIVERED@");
        long late = Long.parseLong(fired.get(1).substring("UNDELIVERED@".length()));
        assertThat(late).as("ms after its deadline").isBetween(0L, 150L);
        assertThat(f.timers).doesNotContainKey(TimerKind.RECEIPT);
    }
}
