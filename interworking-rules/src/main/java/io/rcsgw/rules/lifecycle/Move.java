package io.rcsgw.rules.lifecycle;

import io.rcsgw.rules.model.MessageState;

import java.util.Objects;

/** One state change to store, with its reason. */
public record Move(MessageState to, String reason) {
    public Move {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
