package io.rcsgw.rules.routing;

import java.util.Objects;
import java.util.Set;

/**
 * What the rules see of a message: its bot, destination (E.164 with +), content kinds, traffic
 * type (null when none), tags, and what the message itself asks for.
 */
public record MessageFacts(String botId, String destination, Set<ContentKind> kinds, String trafficType, Set<String> tags,
                           Requested requested) {

    public MessageFacts {
        Objects.requireNonNull(botId, "botId");
        Objects.requireNonNull(destination, "destination");
        kinds = Set.copyOf(kinds);
        tags = Set.copyOf(tags);
        requested = requested == null ? Requested.NOTHING : requested;
    }

    /** The destination's E.164 digits, without '+'. */
    public String digits() {
        return destination.startsWith("+") ? destination.substring(1) : destination;
    }

    /** A plain text: no file, card or suggestions. */
    public boolean plainText() {
        return kinds.equals(Set.of(ContentKind.TEXT));
    }
}
