package io.rcsgw.rules.routing;

import java.util.Locale;

/** What a rule does with a message that matches it outside its time window. */
public enum OutsideWindow {
    /** The rule does not apply; the next rule is tried. */
    SKIP,
    /** The message waits (accepted, stored) until the window opens. */
    DEFER,
    /** The message is refused at accept time. */
    REFUSE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutsideWindow parse(String s) {
        for (OutsideWindow o : values()) {
            if (o.wireName().equals(s)) {
                return o;
            }
        }
        return null;
    }
}
