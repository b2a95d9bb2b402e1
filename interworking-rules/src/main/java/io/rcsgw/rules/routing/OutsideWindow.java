package io.rcsgw.rules.routing;

import io.rcsgw.rules.model.WireNames;

/** What a rule does with a message that matches it outside its time window. */
public enum OutsideWindow {
    /** The rule does not apply; the next rule is tried. */
    SKIP,
    /** The message waits (accepted, stored) until the window opens. */
    DEFER,
    /** The message is refused at accept time. */
    REFUSE;

    public String wireName() {
        return WireNames.of(this);
    }

    public static OutsideWindow parse(String s) {
        return WireNames.parse(OutsideWindow.class, s);
    }
}
