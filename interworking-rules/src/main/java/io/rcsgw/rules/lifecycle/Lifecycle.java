package io.rcsgw.rules.lifecycle;

import io.rcsgw.rules.model.MessageLifecycle;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.FallbackReason;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.rcsgw.rules.model.MessageState.*;

/**
 * The event to state mapping of a message: given what it is now and what happened, the moves
 * to store and what to do besides. Pure; the gateway's tracker applies the result under the
 * message's lock. An event that comes too late to matter (a delivered after a revoke or a
 * fallback) is marked late: recorded, never applied.
 */
public final class Lifecycle {

    /** The reason an expired message is recorded with. */
    public static final String EXPIRY = "expiry";
    /** The reason of a message whose SMS receipt never came. */
    public static final String RECEIPT_TIMEOUT = "receipt-timeout";

    private Lifecycle() {
    }

    public static Step on(MessageSnapshot m, MessageEvent event, Instant now) {
        Step step = step(m, event, now);
        if (m.expiredAt(now) && step.effects().stream().anyMatch(e -> e instanceof Effect.SendSms)) {
            // whatever called for SMS (a fallback, a revoke answered): an expired message is never sent as SMS
            return MessageLifecycle.canMove(m.state(), EXPIRED) ? Step.of(new Move(EXPIRED, EXPIRY)) : Step.NOTHING;
        }
        return step;
    }

    private static Step step(MessageSnapshot m, MessageEvent event, Instant now) {
        if (event instanceof MessageEvent.RcsTaken t) {
            return rcsTaken(m, t, now);
        }
        if (event instanceof MessageEvent.RcsSendFailed f) {
            return sendFailed(m, f);
        }
        if (event instanceof MessageEvent.RcsStatus s) {
            return status(m, s.status());
        }
        if (event instanceof MessageEvent.TimerFired t) {
            return timer(m, t.kind());
        }
        if (event instanceof MessageEvent.RevokeAnswered r) {
            return revoked(m, r);
        }
        if (event instanceof MessageEvent.RevokeRequested) {
            return switch (m.state()) {
                case ACCEPTED -> Step.of(new Move(CANCELLED, "revoked"));
                // on its way to SMS, nothing at an SMSC yet: it ends here and the SMS leg skips it
                case RCS_SENT -> m.leftRcs() ? Step.of(new Move(CANCELLED, "revoked"))
                        : Step.effects(new Effect.Revoke(RevokePurpose.CLIENT));
                default -> Step.NOTHING; // SMS cannot be recalled once queued for an SMSC
            };
        }
        if (event instanceof MessageEvent.PartsAccepted p) {
            return m.state() != SMS_QUEUED ? Step.NOTHING : Step.of(new Move(SMS_SUBMITTED, "smsc:accepted"),
                    new Effect.Arm(TimerKind.RECEIPT, now.plus(m.receipts().timeout() != null ? m.receipts().timeout()
                            : p.receiptTimeout())));
        }
        if (event instanceof MessageEvent.Receipts r) {
            return m.state() != SMS_SUBMITTED ? Step.NOTHING : settle(r.partStates());
        }
        MessageEvent.SubmitFailed f = (MessageEvent.SubmitFailed) event;
        return !m.state().isFinal() && MessageLifecycle.canMove(m.state(), f.to()) ? Step.of(new Move(f.to(), f.reason()))
                : Step.NOTHING;
    }

    private static Step rcsTaken(MessageSnapshot m, MessageEvent.RcsTaken t, Instant now) {
        return switch (m.state()) {
            case ACCEPTED -> m.fallback().undeliveredAfter() == null ? Step.of(new Move(RCS_SENT, t.reason()))
                    : Step.of(new Move(RCS_SENT, t.reason()),
                    new Effect.Arm(TimerKind.UNDELIVERED, now.plus(m.fallback().undeliveredAfter())));
            // revoked or expired while the send was on its way: take it back at the platform
            case CANCELLED -> Step.effects(new Effect.Revoke(RevokePurpose.CLIENT));
            case EXPIRED -> Step.effects(new Effect.Revoke(RevokePurpose.EXPIRY));
            default -> Step.NOTHING;
        };
    }

    private static Step sendFailed(MessageSnapshot m, MessageEvent.RcsSendFailed f) {
        if (m.state() != ACCEPTED) {
            return Step.NOTHING; // revoked or expired meanwhile
        }
        FallbackReason r = f.reason();
        if (r.trigger() == null ? m.smsAllowed() : m.fallback().allows(r.trigger())) {
            return Step.effects(new Effect.SendSms(r.reason(f.detail())));
        }
        return Step.of(new Move(FAILED, "rcs:" + (f.detail() != null && !f.detail().isEmpty() ? f.detail() : r.word())));
    }

    private static Step status(MessageSnapshot m, MessageEvent.RcsStatus.Status s) {
        MessageState state = m.state();
        if (m.leftRcs()) {
            return Step.late(s.name().toLowerCase(java.util.Locale.ROOT) + " after the fallback to SMS");
        }
        switch (s) {
            case DELIVERED -> {
                if (state == RCS_SENT) {
                    return Step.of(new Move(DELIVERED, "rcs:delivered"), new Effect.Disarm(TimerKind.UNDELIVERED),
                            new Effect.Disarm(TimerKind.EXPIRY));
                }
                if (state == DELIVERED || state == DISPLAYED) {
                    return Step.NOTHING; // a repeat, or overtaken by displayed
                }
            }
            case DISPLAYED -> {
                if (state == RCS_SENT) {
                    // displayed overtook delivered (or the platform sends no delivered): it was delivered too
                    List<Move> moves = m.upgraded() ? List.of(new Move(DELIVERED, "rcs:displayed"))
                            : List.of(new Move(DELIVERED, "rcs:displayed"), new Move(DISPLAYED, "rcs:displayed"));
                    return new Step(moves, List.of(new Effect.Disarm(TimerKind.UNDELIVERED),
                            new Effect.Disarm(TimerKind.EXPIRY)), null);
                }
                if (state == DELIVERED) {
                    // an upgraded text reads as SMS to its sender: delivered is where it ends
                    return m.upgraded() ? Step.NOTHING : Step.of(new Move(DISPLAYED, "rcs:displayed"));
                }
                if (state == DISPLAYED) {
                    return Step.NOTHING;
                }
            }
            case FAILED -> {
                if (state == RCS_SENT) {
                    return m.fallback().rcsFailed()
                            ? Step.effects(new Effect.Disarm(TimerKind.UNDELIVERED),
                            new Effect.SendSms(FallbackReason.RCS_FAILED.reason(null)))
                            : Step.of(new Move(FAILED, "rcs:failed"));
                }
            }
        }
        // e.g. delivered after a revoke, or after it fell back to SMS: recorded and counted, never applied
        return Step.late(s.name().toLowerCase(java.util.Locale.ROOT) + " in " + state);
    }

    private static Step timer(MessageSnapshot m, TimerKind kind) {
        MessageState state = m.state();
        if (m.leftRcs() && kind == TimerKind.UNDELIVERED) {
            return Step.NOTHING;
        }
        return switch (kind) {
            case UNDELIVERED -> state == RCS_SENT ? Step.effects(new Effect.Revoke(RevokePurpose.FALLBACK)) : Step.NOTHING;
            case EXPIRY -> switch (state) {
                case ACCEPTED -> Step.of(new Move(EXPIRED, EXPIRY));
                // on its way to SMS, RCS given up already: it ends here and the SMS leg skips it
                case RCS_SENT -> m.leftRcs() ? Step.of(new Move(EXPIRED, EXPIRY))
                        : Step.effects(new Effect.Revoke(RevokePurpose.EXPIRY));
                // parts already with an SMSC (or on their way to it) are its to deliver; none yet: it never goes
                case SMS_QUEUED -> m.partsSent() == 0 ? Step.of(new Move(EXPIRED, EXPIRY)) : Step.NOTHING;
                default -> Step.NOTHING;
            };
            case RECEIPT -> state == SMS_SUBMITTED ? Step.of(new Move(m.receipts().finalState(), RECEIPT_TIMEOUT))
                    : Step.NOTHING;
            case DEFER -> state == ACCEPTED ? Step.effects(new Effect.Decide()) : Step.NOTHING;
        };
    }

    private static Step revoked(MessageSnapshot m, MessageEvent.RevokeAnswered r) {
        if (m.state() != RCS_SENT || m.leftRcs()) {
            return Step.NOTHING;
        }
        return switch (r.purpose()) {
            case FALLBACK -> switch (r.outcome()) {
                case REVOKED -> Step.effects(new Effect.SendSms(FallbackReason.RCS_UNDELIVERED.reason(null)));
                case UNKNOWN -> m.fallback().sendIfRevokeFails()
                        ? Step.effects(new Effect.SendSms(FallbackReason.RCS_UNDELIVERED.reason(null)))
                        : Step.NOTHING; // it stays on RCS: delivered later, or expired
                case TOO_LATE -> Step.NOTHING; // delivered: its event is on its way
            };
            case EXPIRY -> r.outcome() == RevokeOutcome.TOO_LATE ? Step.NOTHING : Step.of(new Move(EXPIRED, EXPIRY));
            case CLIENT -> r.outcome() == RevokeOutcome.REVOKED ? Step.of(new Move(CANCELLED, "revoked:rcs")) : Step.NOTHING;
        };
    }

    /** Once submitted: delivered when every part is, failed as soon as one part fails. */
    static Step settle(List<String> partStates) {
        boolean all = !partStates.isEmpty();
        for (String s : partStates) {
            if (s == null || s.equals("SUBMITTED")) {
                all = false;
                continue;
            }
            if (!s.equals("DELIVRD")) {
                MessageState to = switch (s) {
                    case "EXPIRED" -> EXPIRED;
                    case "REJECTD" -> REJECTED;
                    default -> UNDELIVERABLE;
                };
                return Step.of(new Move(to, "receipt:" + s));
            }
        }
        return all ? Step.of(new Move(DELIVERED, "receipt:DELIVRD")) : Step.NOTHING;
    }

    /** Every move a step would make, checked against the state machine from {@code from}. */
    public static List<MessageState> path(MessageState from, Step step) {
        List<MessageState> out = new ArrayList<>();
        MessageState at = from;
        for (Move mv : step.moves()) {
            MessageLifecycle.move(at, mv.to(), mv.reason(), 0);
            out.add(mv.to());
            at = mv.to();
        }
        return out;
    }
}
