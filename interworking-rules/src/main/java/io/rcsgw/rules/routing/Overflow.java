package io.rcsgw.rules.routing;

import io.rcsgw.rules.model.WireNames;

/** What happens to an SMS text that needs more segments than its rule allows. */
public enum Overflow {
    /** Cut at a grapheme boundary, ending with an ellipsis. */
    TRUNCATE,
    /** A short text with a link to a web view of the whole rich message. */
    WEB_VIEW,
    /** Refused at accept time (the API answers 400 naming the field). */
    REJECT;

    public String wireName() {
        return WireNames.of(this);
    }

    public static Overflow parse(String s) {
        return WireNames.parse(Overflow.class, s);
    }
}
