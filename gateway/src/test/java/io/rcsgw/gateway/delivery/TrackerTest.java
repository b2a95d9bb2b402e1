package io.rcsgw.gateway.delivery;

import io.prometheus.client.CollectorRegistry;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.gateway.webhook.WebhookSignature;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.rules.lifecycle.RevokeOutcome;
import io.rcsgw.rules.lifecycle.RevokePurpose;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.RuleAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracker over a real H2 store: what an event moves is stored with its reason, deadlines are
 * stored and fire, and what the step calls for is handed to the legs (recorded here).
 */
class TrackerTest {

    @TempDir
    Path dir;
    JdbcMessageStore store;
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    final List<String> legs = new CopyOnWriteArrayList<>();
    Tracker tracker;
    OpenMessages open;

    /** The legs as the tracker sees them: what it asked for, in order. */
    final class RecordingLegs implements Legs {
        @Override
        public void sendSms(InFlight f) {
            legs.add("sms " + f.smsReason);
        }

        @Override
        public void revoke(InFlight f, RevokePurpose purpose) {
            legs.add("revoke " + purpose);
        }

        @Override
        public void decide(InFlight f) {
            legs.add("decide");
        }

        @Override
        public void ended(InFlight f) {
            legs.add("ended");
        }
    }

    @BeforeEach
    void start() {
        store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 100, Duration.ofMillis(1));
        Clock clock = Clock.systemUTC();
        open = new OpenMessages(clock);
        WebhookDispatcher hooks = new WebhookDispatcher(store, Map.of(), new WebhookSignature(Map.of()), clock, scheduler,
                Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1));
        tracker = new Tracker(store, open, new Charging(null, () -> 0, false, bot -> ""), hooks, new RecordingLegs(), scheduler, clock);
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        store.close();
    }

    private InFlight accepted(String msgId, Duration undeliveredAfter) {
        long id = store.newMessageId();
        long now = System.currentTimeMillis();
        store.write(List.of(new StoreWrite.InsertMessage(id, new MessageKey("b", msgId), "fp", "+447700900123", "hi", now,
                null, "r", "", null, null))).join();
        InFlight f = new InFlight(id, new MessageKey("b", msgId), "+447700900123", "hi", now, MessageState.ACCEPTED, 0, null,
                null, new MessageFacts("b", "+447700900123", Set.of(ContentKind.TEXT), null, Set.of(), null));
        f.action = RuleAction.rcsFirst(undeliveredAfter);
        f.channel = Channel.RCS;
        f.rule = "r";
        open.add(f);
        return f;
    }

    private StoredMessage stored(InFlight f) {
        return store.findById(f.id).orElseThrow();
    }

    @Test
    void anUndeliveredMessageIsRevokedByItsStoredDeadlineThenHandedToSms() throws Exception {
        InFlight f = accepted("m1", Duration.ofMillis(300));
        tracker.on(f, new MessageEvent.RcsTaken("channel:rcs")).join();
        StoredMessage sent = stored(f);
        assertThat(sent.state()).isEqualTo(MessageState.RCS_SENT);
        assertThat(sent.history().get(1).reason()).isEqualTo("channel:rcs");
        assertThat(Deadlines.decode(sent.deadlines())).containsKey(TimerKind.UNDELIVERED);
        long deadline = Deadlines.decode(sent.deadlines()).get(TimerKind.UNDELIVERED);
        assertThat(deadline - f.acceptedAt).isBetween(300L, 1000L);

        Thread.sleep(700);
        assertThat(legs).containsExactly("revoke FALLBACK");
        assertThat(Deadlines.decode(stored(f).deadlines())).doesNotContainKey(TimerKind.UNDELIVERED);

        tracker.on(f, new MessageEvent.RevokeAnswered(RevokePurpose.FALLBACK, RevokeOutcome.REVOKED)).join();
        Thread.sleep(100); // the hand-off runs once stored
        assertThat(legs).containsExactly("revoke FALLBACK", "sms fallback:rcs-undelivered");
        synchronized (f) {
            assertThat(f.channel).isEqualTo(Channel.SMS);
            assertThat(f.state).isEqualTo(MessageState.RCS_SENT); // until the SMS leg stores SMS_QUEUED
        }
        // a delivered now is late: no move, counted
        double late = late("delivered");
        tracker.on(f, new MessageEvent.RcsStatus(MessageEvent.RcsStatus.Status.DELIVERED)).join();
        assertThat(stored(f).state()).isEqualTo(MessageState.RCS_SENT);
        assertThat(late("delivered")).isEqualTo(late + 1);
        assertThat(stored(f).late()).extracting(StoredMessage.Late::what).containsExactly(
                "rcs delivered after the fallback to SMS");
    }

    @Test
    void aFinalStateEndsTheMessageClearsItsDeadlinesAndFreesItsLegs() throws Exception {
        InFlight f = accepted("m2", Duration.ofMinutes(15));
        tracker.on(f, new MessageEvent.RcsTaken("channel:rcs")).join();
        tracker.on(f, new MessageEvent.RcsStatus(MessageEvent.RcsStatus.Status.DISPLAYED)).join();
        StoredMessage m = stored(f);
        assertThat(m.history()).extracting(StoredMessage.Event::state).containsExactly(MessageState.ACCEPTED,
                MessageState.RCS_SENT, MessageState.DELIVERED, MessageState.DISPLAYED);
        assertThat(m.deadlines()).isEmpty();
        assertThat(legs).containsExactly("ended");
        assertThat(open.get(f.id)).isNull();
        synchronized (f) {
            assertThat(f.timers).isEmpty();
        }
    }

    @Test
    void aDecisionIsStoredWithTheNextTransition() {
        InFlight f = accepted("m3", Duration.ofMinutes(15));
        synchronized (f) {
            f.decision = new Decision("r", "rcs", "channel:rcs", List.of(), null);
            f.decisionDirty = true;
        }
        assertThat(stored(f).decision()).isNull();
        tracker.on(f, new MessageEvent.RcsTaken("channel:rcs")).join();
        assertThat(stored(f).decision()).contains("\"rule\":\"r\"", "\"channel\":\"rcs\"");
        assertThat(stored(f).rule()).isEqualTo("r");
    }

    private static double late(String status) {
        Double v = CollectorRegistry.defaultRegistry.getSampleValue("rcsgw_rcs_late_events_total", new String[]{"status"},
                new String[]{status});
        return v == null ? 0 : v;
    }
}
