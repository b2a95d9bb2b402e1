package io.rcsgw.rules.lifecycle;

import java.time.Instant;

/** Something the gateway must do because of an event, besides storing the moves. */
public sealed interface Effect {

    /** Hand the message to the SMS leg; its SMS_QUEUED entry records {@code reason}. */
    record SendSms(String reason) implements Effect {
    }

    /** Ask the platform to revoke the RCS message. */
    record Revoke(RevokePurpose purpose) implements Effect {
    }

    /** Set (or move) a durable deadline. */
    record Arm(TimerKind kind, Instant at) implements Effect {
    }

    /** Clear a deadline that no longer applies. */
    record Disarm(TimerKind kind) implements Effect {
    }

    /** Run the channel decision again (a deferred message whose window opened). */
    record Decide() implements Effect {
    }
}
