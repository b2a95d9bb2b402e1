package io.rcsgw.rules.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A daily time-of-day window in a time zone, e.g. 09:00-20:00 Europe/London: {@code from} is in
 * it, {@code to} is not. A window whose end is before its start runs over midnight (22:00-06:00).
 */
public record TimeWindow(LocalTime from, LocalTime to, ZoneId zone) {

    public TimeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (from.equals(to)) {
            throw new IllegalArgumentException("an empty window: from and to are both " + from);
        }
    }

    public boolean contains(Instant at) {
        LocalTime t = at.atZone(zone).toLocalTime();
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** The next instant at or after {@code at} that is in the window ({@code at} itself when it is). */
    public Instant nextOpening(Instant at) {
        if (contains(at)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalDate();
        // today's opening if it is still ahead, else tomorrow's (a gap at a DST change moves it on)
        ZonedDateTime today = ZonedDateTime.of(day, from, zone);
        return (today.toInstant().isAfter(at) ? today : ZonedDateTime.of(day.plusDays(1), from, zone)).toInstant();
    }

    @Override
    public String toString() {
        return from + "-" + to + " " + zone.getId();
    }
}
