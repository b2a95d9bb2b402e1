package io.rcsgw.rules.routing;

import java.util.Locale;

/** What a rule does when an RCS handset lacks a feature the content needs (richcard, carousel, fileTransfer). */
public enum MissingFeature {
    /** Sent as it is; the platform and handset make of it what they can. */
    SEND,
    /** Sent over RCS as text: the content's SMS rendering, as an RCS textMessage. */
    DEGRADE,
    /** Sent as SMS (reason fallback:missing-feature). */
    SMS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MissingFeature parse(String s) {
        for (MissingFeature m : values()) {
            if (m.wireName().equals(s)) {
                return m;
            }
        }
        return null;
    }
}
