package io.rcsgw.rules.lifecycle;

import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.FallbackReason;

import java.time.Duration;
import java.util.List;

/** Something that happened to a message; {@link Lifecycle#on} says what it changes. */
public sealed interface MessageEvent {

    /** The platform took the RCS send; {@code reason} is the decision's (channel:rcs, upgrade:rcs...). */
    record RcsTaken(String reason) implements MessageEvent {
    }

    /** The RCS send did not go through: why, and the platform's detail (timeout, rcs-http-503...). */
    record RcsSendFailed(FallbackReason reason, String detail) implements MessageEvent {
    }

    /** A messageStatus event from the platform. */
    record RcsStatus(Status status) implements MessageEvent {
        public enum Status {
            DELIVERED, DISPLAYED, FAILED;

            /** From the MaaP word (delivered, displayed, failed); null for any other. */
            public static Status parse(String word) {
                return switch (word) {
                    case "delivered" -> DELIVERED;
                    case "displayed" -> DISPLAYED;
                    case "failed" -> FAILED;
                    default -> null;
                };
            }
        }
    }

    record TimerFired(TimerKind kind) implements MessageEvent {
    }

    record RevokeAnswered(RevokePurpose purpose, RevokeOutcome outcome) implements MessageEvent {
    }

    /** The bot asked to revoke the message. */
    record RevokeRequested() implements MessageEvent {
    }

    /** The SMSC acknowledged every part; a receipt is due within {@code receiptTimeout}. */
    record PartsAccepted(Duration receiptTimeout) implements MessageEvent {
    }

    /** The parts' states after a receipt: null (not acknowledged), SUBMITTED, or the receipt's stat (DELIVRD, UNDELIV...). */
    record Receipts(List<String> partStates) implements MessageEvent {
    }

    /** A submit failed for good: the message ends in {@code to} (REJECTED, FAILED) for {@code reason}. */
    record SubmitFailed(MessageState to, String reason) implements MessageEvent {
    }
}
