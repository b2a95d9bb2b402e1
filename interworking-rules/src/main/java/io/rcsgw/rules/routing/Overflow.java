package io.rcsgw.rules.routing;

import java.util.Locale;

/** What happens to an SMS text that needs more segments than its rule allows. */
public enum Overflow {
    /** Cut at a grapheme boundary, ending with an ellipsis. */
    TRUNCATE,
    /** A short text with a link to a web view of the whole rich message. */
    WEB_VIEW,
    /** Refused at accept time (the API answers 400 naming the field). */
    REJECT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Overflow parse(String s) {
        for (Overflow o : values()) {
            if (o.wireName().equals(s)) {
                return o;
            }
        }
        return null;
    }
}
