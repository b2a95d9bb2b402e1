package io.rcsgw.rules.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeWindowTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final TimeWindow DAY = new TimeWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), LONDON);

    @Test
    void fromIsInToIsNot() {
        assertThat(DAY.contains(Instant.parse("2026-12-01T09:00:00Z"))).isTrue();
        assertThat(DAY.contains(Instant.parse("2026-12-01T19:59:59Z"))).isTrue();
        assertThat(DAY.contains(Instant.parse("2026-12-01T20:00:00Z"))).isFalse();
        assertThat(DAY.contains(Instant.parse("2026-12-01T08:59:59Z"))).isFalse();
    }

    @Test
    void theZoneCountsInSummerTime() {
        // 08:30 UTC is 09:30 in London in July
        assertThat(DAY.contains(Instant.parse("2026-07-01T08:30:00Z"))).isTrue();
        assertThat(DAY.contains(Instant.parse("2026-07-01T19:30:00Z"))).isFalse();
    }

    @Test
    void aWindowOverMidnight() {
        TimeWindow night = new TimeWindow(LocalTime.of(22, 0), LocalTime.of(6, 0), LONDON);
        assertThat(night.contains(Instant.parse("2026-12-01T23:00:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-12-01T05:59:00Z"))).isTrue();
        assertThat(night.contains(Instant.parse("2026-12-01T12:00:00Z"))).isFalse();
        assertThat(night.nextOpening(Instant.parse("2026-12-01T12:00:00Z"))).isEqualTo(Instant.parse("2026-12-01T22:00:00Z"));
    }

    @Test
    void nextOpeningIsTodayOrTomorrow() {
        assertThat(DAY.nextOpening(Instant.parse("2026-12-01T07:00:00Z"))).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(DAY.nextOpening(Instant.parse("2026-12-01T21:00:00Z"))).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
        Instant inside = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(DAY.nextOpening(inside)).isEqualTo(inside);
        // the night before the clocks go forward (29 March 2026, 01:00 UTC): 09:00 BST is 08:00 UTC
        assertThat(DAY.nextOpening(Instant.parse("2026-03-28T21:00:00Z"))).isEqualTo(Instant.parse("2026-03-29T08:00:00Z"));
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new TimeWindow(LocalTime.NOON, LocalTime.NOON, LONDON)).hasMessageContaining("empty window");
    }
}
