package io.rcsgw.gateway.store;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HeldWritesTest {

    private static final long HOLD = 100;

    @Test
    void aWriteIsHeldUntilItIsDue() {
        HeldWrites<String> held = new HeldWrites<>(HOLD);
        held.add(7, "a", 1_000);
        assertThat(held.dueInNanos(1_040)).isEqualTo(60);
        assertThat(held.take(Set.of(), 1_099, false)).isEmpty();
        assertThat(held.take(Set.of(), 1_100, false)).containsExactly("a");
        assertThat(held.isEmpty()).isTrue();
        assertThat(held.dueInNanos(1_200)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void everyHeldWriteOfAMessageJoinsABatchThatChangesIt() {
        HeldWrites<String> held = new HeldWrites<>(HOLD);
        held.add(7, "7-first", 1_000);
        held.add(8, "8", 1_010);
        held.add(7, "7-second", 1_020);
        assertThat(held.take(Set.of(7L), 1_030, false)).containsExactly("7-first", "7-second");
        assertThat(held.dueInNanos(1_030)).as("8 still held, due at 1,110").isEqualTo(80);
        assertThat(held.take(Set.of(9L), 1_030, false)).isEmpty();
    }

    @Test
    void aDueWriteTakesTheLaterOnesOfItsMessageAlong() {
        HeldWrites<String> held = new HeldWrites<>(HOLD);
        held.add(7, "7-first", 1_000);
        held.add(8, "8", 1_010);
        held.add(7, "7-second", 1_050);
        assertThat(held.take(Set.of(), 1_100, false)).containsExactly("7-first", "7-second");
        assertThat(held.take(Set.of(), 1_105, false)).isEmpty();
        assertThat(held.take(Set.of(), 1_110, false)).containsExactly("8");
    }

    @Test
    void allIsEveryHeldWrite() {
        HeldWrites<String> held = new HeldWrites<>(HOLD);
        held.add(7, "7", 1_000);
        held.add(8, "8", 1_010);
        assertThat(held.take(Set.of(), 1_001, true)).containsExactlyInAnyOrder("7", "8");
        assertThat(held.isEmpty()).isTrue();
    }
}
