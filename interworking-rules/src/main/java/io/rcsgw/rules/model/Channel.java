package io.rcsgw.rules.model;

/** The way a message leaves the gateway. */
public enum Channel {
    RCS, SMS;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
