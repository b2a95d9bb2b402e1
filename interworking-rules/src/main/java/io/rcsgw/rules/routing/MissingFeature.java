package io.rcsgw.rules.routing;

import io.rcsgw.rules.model.WireNames;

/** What a rule does when an RCS handset lacks a feature the content needs (richcard, carousel, fileTransfer). */
public enum MissingFeature {
    /** Sent as it is; the platform and handset make of it what they can. */
    SEND,
    /** Sent over RCS as text: the content's SMS rendering, as an RCS textMessage. */
    DEGRADE,
    /** Sent as SMS (reason fallback:missing-feature). */
    SMS;

    public String wireName() {
        return WireNames.of(this);
    }

    public static MissingFeature parse(String s) {
        return WireNames.parse(MissingFeature.class, s);
    }
}
