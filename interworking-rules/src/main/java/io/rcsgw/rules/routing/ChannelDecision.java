package io.rcsgw.rules.routing;

import java.time.Instant;
import java.util.List;

/**
 * How a message goes out, which rule said so and why: every condition checked, in order, is
 * in {@link #trace()}. Stored with the message and shown in the status API.
 */
public sealed interface ChannelDecision {

    String rule();

    List<Check> trace();

    /** The decision's word in the status API: rcs, sms, failed, deferred, refused. */
    String channel();

    /** The history reason the decision is recorded with. */
    String reason();

    /**
     * RCS. {@code degraded}: the handset lacks a feature, so the content goes as RCS text;
     * {@code upgraded}: an SMS-bound text goes as RCS.
     */
    record Rcs(String rule, List<Check> trace, boolean degraded, boolean upgraded) implements ChannelDecision {
        public Rcs {
            trace = List.copyOf(trace);
        }

        @Override
        public String channel() {
            return "rcs";
        }

        @Override
        public String reason() {
            return upgraded ? "upgrade:rcs" : degraded ? "channel:rcs-degraded" : "channel:rcs";
        }
    }

    /** SMS: {@code fallback} null when the rule chose SMS, else why RCS could not be used ({@code detail}: the platform's). */
    record Sms(String rule, List<Check> trace, FallbackReason fallback, String detail) implements ChannelDecision {
        public Sms {
            trace = List.copyOf(trace);
        }

        @Override
        public String channel() {
            return "sms";
        }

        @Override
        public String reason() {
            return fallback == null ? "channel:sms" : fallback.reason(detail);
        }
    }

    /** Neither channel can take it under the rule (e.g. rcs-only to a number without RCS). */
    record Fail(String rule, List<Check> trace, String reason) implements ChannelDecision {
        public Fail {
            trace = List.copyOf(trace);
        }

        @Override
        public String channel() {
            return "failed";
        }
    }

    record Defer(String rule, List<Check> trace, Instant until) implements ChannelDecision {
        public Defer {
            trace = List.copyOf(trace);
        }

        @Override
        public String channel() {
            return "deferred";
        }

        @Override
        public String reason() {
            return "deferred:window";
        }
    }

    record Refuse(String rule, List<Check> trace, String field, String detail) implements ChannelDecision {
        public Refuse {
            trace = List.copyOf(trace);
        }

        @Override
        public String channel() {
            return "refused";
        }

        @Override
        public String reason() {
            return "refused:" + field;
        }
    }
}
