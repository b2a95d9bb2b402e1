package io.rcsgw.rules.lifecycle;

import java.util.List;

/**
 * What an event does to a message: the moves to store in order, what to do besides, and
 * {@code late} when the event came too late to change anything (recorded and counted, never
 * applied: a delivered after a revoke is not charged or sent twice). All empty: nothing to do.
 */
public record Step(List<Move> moves, List<Effect> effects, String late) {

    public static final Step NOTHING = new Step(List.of(), List.of(), null);

    public Step {
        moves = List.copyOf(moves);
        effects = List.copyOf(effects);
    }

    static Step of(Move move, Effect... effects) {
        return new Step(List.of(move), List.of(effects), null);
    }

    static Step effects(Effect... effects) {
        return new Step(List.of(), List.of(effects), null);
    }

    static Step late(String what) {
        return new Step(List.of(), List.of(), what);
    }

    public boolean isNothing() {
        return moves.isEmpty() && effects.isEmpty() && late == null;
    }
}
