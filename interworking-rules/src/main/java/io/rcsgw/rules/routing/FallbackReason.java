package io.rcsgw.rules.routing;

/**
 * Why a message left (or never took) the RCS path. {@link #word()} is the stable text that
 * histories, webhook events and metric labels carry after {@code fallback:}; a platform that
 * could not be used adds its own detail instead (breaker-open, timeout, rcs-http-503...).
 */
public enum FallbackReason {
    /** The number is not an RCS user. */
    NOT_CAPABLE("not-capable", FallbackTrigger.NOT_CAPABLE),
    /** The handset lacks a feature the content needs (richcard, carousel, fileTransfer). */
    MISSING_FEATURE("missing-feature", FallbackTrigger.MISSING_FEATURE),
    /** The platform could not be asked or did not take the message: breaker open, timeout, 5xx, bulkhead. */
    PLATFORM_UNAVAILABLE("platform-unavailable", FallbackTrigger.PLATFORM_UNAVAILABLE),
    /** The platform reported the message failed. */
    RCS_FAILED("rcs-failed", FallbackTrigger.RCS_FAILED),
    /** Not delivered within the rule's time; revoked first. */
    RCS_UNDELIVERED("rcs-undelivered", FallbackTrigger.UNDELIVERED),
    /** The stored RCS content could not be read back; SMS carries its text. */
    BAD_CONTENT("bad-content", null);

    private final String word;
    private final FallbackTrigger trigger;

    FallbackReason(String word, FallbackTrigger trigger) {
        this.word = word;
        this.trigger = trigger;
    }

    public String word() {
        return word;
    }

    /** The rule switch that lets this reason send SMS; null when nothing can stop it. */
    public FallbackTrigger trigger() {
        return trigger;
    }

    /** The history reason: {@code fallback:} and the word, or the platform's own detail when it was unavailable. */
    public String reason(String detail) {
        return "fallback:" + (this == PLATFORM_UNAVAILABLE && detail != null && !detail.isEmpty() ? detail : word);
    }
}
