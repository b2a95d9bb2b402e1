package io.rcsgw.rules.routing;

import io.rcsgw.rules.model.WireNames;

/** How a rule lets a message travel: RCS with SMS as fallback, SMS only, or RCS only. */
public enum ChannelPolicy {
    RCS_FIRST, SMS_ONLY, RCS_ONLY;

    /** The config and API spelling: rcs-first, sms-only, rcs-only. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses the wire name; null when it is none of them. */
    public static ChannelPolicy parse(String s) {
        return WireNames.parse(ChannelPolicy.class, s);
    }

    /** Whether a message under {@code this} may ask to travel as {@code requested} (only ever narrower). */
    public boolean allows(ChannelPolicy requested) {
        return this == requested || this == RCS_FIRST;
    }
}
