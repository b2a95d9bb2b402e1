package io.rcsgw.rules.lifecycle;

import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.FallbackPolicy;
import io.rcsgw.rules.routing.FallbackReason;
import io.rcsgw.rules.routing.MissingFeature;
import io.rcsgw.rules.routing.ReceiptPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.rcsgw.rules.model.MessageState.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Every event in every state it can meet: the moves and effects it makes, or that it is late. */
class LifecycleTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final FallbackPolicy ALL = FallbackPolicy.all(Duration.ofMinutes(15));
    static final FallbackPolicy NONE = new FallbackPolicy(false, MissingFeature.SEND, false, false, null, false);
    static final FallbackPolicy NO_SEND_IF_REVOKE_FAILS = new FallbackPolicy(true, MissingFeature.SEND, true, true,
            Duration.ofMinutes(15), false);

    static MessageSnapshot at(MessageState s, FallbackPolicy p) {
        return new MessageSnapshot(s, p, ReceiptPolicy.DEFAULT, 0);
    }

    record Row(String name, MessageSnapshot m, MessageEvent e, String moves, String effects, boolean late) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Row row(String name, MessageState s, FallbackPolicy p, MessageEvent e, String moves, String effects) {
        return new Row(name, at(s, p), e, moves, effects, false);
    }

    static Row late(String name, MessageState s, MessageEvent e) {
        return new Row(name, at(s, ALL), e, "", "", true);
    }

    static MessageEvent rcs(String word) {
        return new MessageEvent.RcsStatus(MessageEvent.RcsStatus.Status.parse(word));
    }

    static MessageEvent revoke(RevokePurpose p, RevokeOutcome o) {
        return new MessageEvent.RevokeAnswered(p, o);
    }

    static MessageEvent timer(TimerKind k) {
        return new MessageEvent.TimerFired(k);
    }

    static Stream<Row> table() {
        return Stream.of(
                row("taken: RCS_SENT and the undelivered timer", ACCEPTED, ALL, new MessageEvent.RcsTaken("channel:rcs"),
                        "RCS_SENT channel:rcs", "Arm UNDELIVERED 2026-12-01T12:15:00Z"),
                row("taken without an undelivered trigger: no timer", ACCEPTED, NONE, new MessageEvent.RcsTaken("upgrade:rcs"),
                        "RCS_SENT upgrade:rcs", ""),
                row("taken after the bot revoked it: revoke at the platform", CANCELLED, ALL,
                        new MessageEvent.RcsTaken("channel:rcs"), "", "Revoke CLIENT"),
                row("taken after it expired: revoke at the platform", EXPIRED, ALL, new MessageEvent.RcsTaken("channel:rcs"),
                        "", "Revoke EXPIRY"),
                row("send failed, trigger on: SMS", ACCEPTED, ALL,
                        new MessageEvent.RcsSendFailed(FallbackReason.PLATFORM_UNAVAILABLE, "rcs-http-503"), "",
                        "SendSms fallback:rcs-http-503"),
                row("send failed, trigger off: FAILED", ACCEPTED, NONE,
                        new MessageEvent.RcsSendFailed(FallbackReason.PLATFORM_UNAVAILABLE, "timeout"), "FAILED rcs:timeout", ""),
                row("send found no RCS user: SMS", ACCEPTED, ALL,
                        new MessageEvent.RcsSendFailed(FallbackReason.NOT_CAPABLE, null), "", "SendSms fallback:not-capable"),
                row("unreadable content always goes SMS", ACCEPTED, NONE,
                        new MessageEvent.RcsSendFailed(FallbackReason.BAD_CONTENT, null), "", "SendSms fallback:bad-content"),
                row("send failed after a revoke: nothing", CANCELLED, ALL,
                        new MessageEvent.RcsSendFailed(FallbackReason.NOT_CAPABLE, null), "", ""),
                row("delivered", RCS_SENT, ALL, rcs("delivered"), "DELIVERED rcs:delivered",
                        "Disarm UNDELIVERED, Disarm EXPIRY"),
                row("displayed before delivered: both", RCS_SENT, ALL, rcs("displayed"),
                        "DELIVERED rcs:displayed, DISPLAYED rcs:displayed", "Disarm UNDELIVERED, Disarm EXPIRY"),
                row("displayed after delivered", DELIVERED, ALL, rcs("displayed"), "DISPLAYED rcs:displayed", ""),
                row("delivered twice: nothing", DELIVERED, ALL, rcs("delivered"), "", ""),
                row("delivered after displayed: nothing", DISPLAYED, ALL, rcs("delivered"), "", ""),
                row("failed, trigger on: SMS", RCS_SENT, ALL, rcs("failed"), "",
                        "Disarm UNDELIVERED, SendSms fallback:rcs-failed"),
                row("failed, trigger off: FAILED", RCS_SENT, NONE, rcs("failed"), "FAILED rcs:failed", ""),
                late("delivered after a revoke", CANCELLED, rcs("delivered")),
                late("delivered after the fallback to SMS", SMS_QUEUED, rcs("delivered")),
                late("delivered after the SMS was submitted", SMS_SUBMITTED, rcs("delivered")),
                late("delivered after expiry", EXPIRED, rcs("delivered")),
                late("failed once delivered", DELIVERED, rcs("failed")),
                row("undelivered in time: revoke first", RCS_SENT, ALL, timer(TimerKind.UNDELIVERED), "", "Revoke FALLBACK"),
                row("undelivered timer after delivery: nothing", DELIVERED, ALL, timer(TimerKind.UNDELIVERED), "", ""),
                row("revoked: SMS", RCS_SENT, ALL, revoke(RevokePurpose.FALLBACK, RevokeOutcome.REVOKED), "",
                        "SendSms fallback:rcs-undelivered"),
                row("revoke failed, rule sends anyway (OTP)", RCS_SENT, ALL,
                        revoke(RevokePurpose.FALLBACK, RevokeOutcome.UNKNOWN), "", "SendSms fallback:rcs-undelivered"),
                row("revoke failed, rule does not (promotion)", RCS_SENT, NO_SEND_IF_REVOKE_FAILS,
                        revoke(RevokePurpose.FALLBACK, RevokeOutcome.UNKNOWN), "", ""),
                row("too late to revoke: it was delivered, no SMS", RCS_SENT, ALL,
                        revoke(RevokePurpose.FALLBACK, RevokeOutcome.TOO_LATE), "", ""),
                row("revoke answered after delivery: nothing", DELIVERED, ALL,
                        revoke(RevokePurpose.FALLBACK, RevokeOutcome.REVOKED), "", ""),
                row("expiry before it left", ACCEPTED, ALL, timer(TimerKind.EXPIRY), "EXPIRED expiry", ""),
                row("expiry on RCS: revoke", RCS_SENT, ALL, timer(TimerKind.EXPIRY), "", "Revoke EXPIRY"),
                row("expiry revoked", RCS_SENT, ALL, revoke(RevokePurpose.EXPIRY, RevokeOutcome.REVOKED), "EXPIRED expiry", ""),
                row("expiry, platform unreachable: expired all the same", RCS_SENT, ALL,
                        revoke(RevokePurpose.EXPIRY, RevokeOutcome.UNKNOWN), "EXPIRED expiry", ""),
                row("expiry too late to revoke: delivered", RCS_SENT, ALL,
                        revoke(RevokePurpose.EXPIRY, RevokeOutcome.TOO_LATE), "", ""),
                row("expiry while queued for SMS, no part out", SMS_QUEUED, ALL, timer(TimerKind.EXPIRY), "EXPIRED expiry", ""),
                new Row("expiry while queued, parts out: the SMSC has them", new MessageSnapshot(SMS_QUEUED, ALL,
                        ReceiptPolicy.DEFAULT, 1), timer(TimerKind.EXPIRY), "", "", false),
                row("expiry once submitted: the SMSC's validity rules", SMS_SUBMITTED, ALL, timer(TimerKind.EXPIRY), "", ""),
                row("client revoke before it left", ACCEPTED, ALL, new MessageEvent.RevokeRequested(), "CANCELLED revoked", ""),
                row("client revoke on RCS", RCS_SENT, ALL, new MessageEvent.RevokeRequested(), "", "Revoke CLIENT"),
                row("client revoke answered", RCS_SENT, ALL, revoke(RevokePurpose.CLIENT, RevokeOutcome.REVOKED),
                        "CANCELLED revoked:rcs", ""),
                row("client revoke too late", RCS_SENT, ALL, revoke(RevokePurpose.CLIENT, RevokeOutcome.TOO_LATE), "", ""),
                row("client revoke of an SMS: nothing", SMS_SUBMITTED, ALL, new MessageEvent.RevokeRequested(), "", ""),
                row("all parts accepted: submitted, receipt due", SMS_QUEUED, ALL,
                        new MessageEvent.PartsAccepted(Duration.ofHours(49)), "SMS_SUBMITTED smsc:accepted",
                        "Arm RECEIPT 2026-12-03T13:00:00Z"),
                row("receipt timeout", SMS_SUBMITTED, ALL, timer(TimerKind.RECEIPT), "UNDELIVERABLE receipt-timeout", ""),
                row("receipt timeout once delivered: nothing", DELIVERED, ALL, timer(TimerKind.RECEIPT), "", ""),
                row("deferred window opens: decide again", ACCEPTED, ALL, timer(TimerKind.DEFER), "", "Decide"),
                row("submit rejected", SMS_QUEUED, ALL, new MessageEvent.SubmitFailed(REJECTED, "smsc:0x0b"),
                        "REJECTED smsc:0x0b", ""),
                row("submit failure after the end: nothing", CANCELLED, ALL,
                        new MessageEvent.SubmitFailed(FAILED, "smsc:unknown-outcome"), "", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void applies(Row row) {
        Step step = Lifecycle.on(row.m(), row.e(), NOW);
        assertThat(String.join(", ", step.moves().stream().map(mv -> mv.to() + " " + mv.reason()).toList()))
                .as("moves").isEqualTo(row.moves());
        assertThat(String.join(", ", step.effects().stream().map(LifecycleTest::effect).toList()))
                .as("effects").isEqualTo(row.effects());
        assertThat(step.late() != null).as("late").isEqualTo(row.late());
        Lifecycle.path(row.m().state(), step); // every move is one the state machine allows
    }

    static String effect(Effect e) {
        if (e instanceof Effect.SendSms s) {
            return "SendSms " + s.reason();
        }
        if (e instanceof Effect.Revoke r) {
            return "Revoke " + r.purpose();
        }
        if (e instanceof Effect.Arm a) {
            return "Arm " + a.kind() + " " + a.at();
        }
        if (e instanceof Effect.Disarm d) {
            return "Disarm " + d.kind();
        }
        return e.getClass().getSimpleName();
    }

    @Test
    void anExpiredMessageIsNeverSentAsSmsWhateverCallsForIt() {
        MessageSnapshot expired = new MessageSnapshot(RCS_SENT, ALL, ReceiptPolicy.DEFAULT, 0, false, NOW.minusSeconds(1),
                false, true);
        // the undelivered revoke answered after the expiry passed, or a failed event then
        assertThat(Lifecycle.on(expired, revoke(RevokePurpose.FALLBACK, RevokeOutcome.REVOKED), NOW).moves())
                .containsExactly(new Move(EXPIRED, Lifecycle.EXPIRY));
        assertThat(Lifecycle.on(expired, rcs("failed"), NOW).moves()).containsExactly(new Move(EXPIRED, Lifecycle.EXPIRY));
        MessageSnapshot accepted = new MessageSnapshot(ACCEPTED, ALL, ReceiptPolicy.DEFAULT, 0, false, NOW, false, true);
        assertThat(Lifecycle.on(accepted, new MessageEvent.RcsSendFailed(FallbackReason.NOT_CAPABLE, null), NOW).moves())
                .containsExactly(new Move(EXPIRED, Lifecycle.EXPIRY));
        // not yet expired: SMS as usual
        MessageSnapshot alive = new MessageSnapshot(RCS_SENT, ALL, ReceiptPolicy.DEFAULT, 0, false, NOW.plusSeconds(1),
                false, true);
        assertThat(Lifecycle.on(alive, rcs("failed"), NOW).effects()).anyMatch(e -> e instanceof Effect.SendSms);
    }

    @Test
    void aClientRevokeInTheFallbackWindowCancelsTheSms() {
        MessageSnapshot leaving = new MessageSnapshot(RCS_SENT, ALL, ReceiptPolicy.DEFAULT, 0, true);
        assertThat(Lifecycle.on(leaving, new MessageEvent.RevokeRequested(), NOW).moves())
                .containsExactly(new Move(CANCELLED, "revoked"));
    }

    @Test
    void anUpgradedTextEndsDelivered() {
        MessageSnapshot upgraded = new MessageSnapshot(RCS_SENT, ALL, ReceiptPolicy.DEFAULT, 0, false, null, true, true);
        assertThat(Lifecycle.on(upgraded, rcs("displayed"), NOW).moves()).containsExactly(new Move(DELIVERED, "rcs:displayed"));
        MessageSnapshot delivered = new MessageSnapshot(DELIVERED, ALL, ReceiptPolicy.DEFAULT, 0, false, null, true, true);
        assertThat(Lifecycle.on(delivered, rcs("displayed"), NOW).isNothing()).isTrue();
    }

    @Test
    void unreadableContentGoesSmsOnlyWhereTheRuleSendsSms() {
        MessageSnapshot rcsOnly = new MessageSnapshot(ACCEPTED, NONE, ReceiptPolicy.DEFAULT, 0, false, null, false, false);
        assertThat(Lifecycle.on(rcsOnly, new MessageEvent.RcsSendFailed(FallbackReason.BAD_CONTENT, null), NOW).moves())
                .containsExactly(new Move(FAILED, "rcs:bad-content"));
    }

    @Test
    void expiryWaitsForAPartOnItsWayToTheSmsc() {
        MessageSnapshot sending = new MessageSnapshot(SMS_QUEUED, ALL, ReceiptPolicy.DEFAULT, 1);
        assertThat(Lifecycle.on(sending, timer(TimerKind.EXPIRY), NOW).isNothing()).isTrue();
    }

    @Test
    void onceOnItsWayToSmsRcsStatusesAreLate() {
        MessageSnapshot leaving = new MessageSnapshot(RCS_SENT, ALL, ReceiptPolicy.DEFAULT, 0, true);
        assertThat(Lifecycle.on(leaving, rcs("delivered"), NOW).late()).contains("after the fallback to SMS");
        assertThat(Lifecycle.on(leaving, rcs("delivered"), NOW).moves()).isEmpty();
        assertThat(Lifecycle.on(leaving, timer(TimerKind.UNDELIVERED), NOW).isNothing()).isTrue();
        assertThat(Lifecycle.on(leaving, revoke(RevokePurpose.FALLBACK, RevokeOutcome.REVOKED), NOW).isNothing()).isTrue();
        // its expiry ends it at once: nothing has gone to an SMSC yet, and RCS was given up
        assertThat(Lifecycle.on(leaving, timer(TimerKind.EXPIRY), NOW).moves()).containsExactly(
                new Move(EXPIRED, Lifecycle.EXPIRY));
    }

    @Test
    void theRulesReceiptPolicyNamesTheFinalStateAndTimeout() {
        MessageSnapshot m = new MessageSnapshot(SMS_SUBMITTED, ALL, new ReceiptPolicy(Duration.ofHours(2), EXPIRED), 2);
        assertThat(Lifecycle.on(m, timer(TimerKind.RECEIPT), NOW).moves()).containsExactly(
                new Move(EXPIRED, Lifecycle.RECEIPT_TIMEOUT));
        MessageSnapshot q = new MessageSnapshot(SMS_QUEUED, ALL, new ReceiptPolicy(Duration.ofHours(2), EXPIRED), 2);
        assertThat(Lifecycle.on(q, new MessageEvent.PartsAccepted(Duration.ofHours(49)), NOW).effects())
                .containsExactly(new Effect.Arm(TimerKind.RECEIPT, NOW.plus(Duration.ofHours(2))));
    }

    @Test
    void partsSettleWhenAllAreDeliveredOrOneFails() {
        assertThat(settle("DELIVRD", "DELIVRD")).isEqualTo("DELIVERED receipt:DELIVRD");
        assertThat(settle("DELIVRD", "SUBMITTED")).isEmpty();
        assertThat(settle("DELIVRD", null)).isEmpty();
        assertThat(settle("SUBMITTED", "UNDELIV")).isEqualTo("UNDELIVERABLE receipt:UNDELIV");
        assertThat(settle("EXPIRED")).isEqualTo("EXPIRED receipt:EXPIRED");
        assertThat(settle("REJECTD")).isEqualTo("REJECTED receipt:REJECTD");
        assertThat(settle("DELETED")).isEqualTo("UNDELIVERABLE receipt:DELETED");
        // only a submitted message settles
        assertThat(Lifecycle.on(at(RCS_SENT, ALL), new MessageEvent.Receipts(List.of("DELIVRD")), NOW).isNothing()).isTrue();
    }

    static String settle(String... parts) {
        Step s = Lifecycle.on(at(SMS_SUBMITTED, ALL), new MessageEvent.Receipts(Arrays.asList(parts)), NOW);
        return String.join(", ", s.moves().stream().map(mv -> mv.to() + " " + mv.reason()).toList());
    }
}
