package io.rcsgw.rules.routing;

import java.time.Instant;
import java.util.List;

/**
 * Which rule a message falls under, decided at accept time: it matched one, or a rule's time
 * window refuses it or holds it back. {@code trace} is every condition checked on the way.
 */
public sealed interface Selection {

    Rule rule();

    List<Check> trace();

    record Matched(Rule rule, List<Check> trace) implements Selection {
        public Matched {
            trace = List.copyOf(trace);
        }
    }

    /** Outside the rule's window and the rule defers: the message waits until {@code until}. */
    record Deferred(Rule rule, List<Check> trace, Instant until) implements Selection {
        public Deferred {
            trace = List.copyOf(trace);
        }
    }

    /** Refused at accept time: {@code field} is the request field at fault, {@code detail} says why. */
    record Refused(Rule rule, List<Check> trace, String field, String detail) implements Selection {
        public Refused {
            trace = List.copyOf(trace);
        }
    }
}
