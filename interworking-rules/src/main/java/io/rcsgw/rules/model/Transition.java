package io.rcsgw.rules.model;

import java.util.Objects;

/** One stored state change of a message: where from, where to, why, and when (epoch millis). */
public record Transition(MessageState from, MessageState to, String reason, long atMillis) {
    public Transition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
