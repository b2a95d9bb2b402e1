package io.rcsgw.rules.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * When an RCS attempt gives way to SMS. Each trigger is a switch; with one off, the event it
 * names ends the message instead ({@code FAILED}, or for {@code undeliveredAfter} null: it stays
 * on RCS until delivered or expired). {@code sendIfRevokeFails}: after the undelivered timeout the
 * RCS message is revoked first and SMS goes only once the revoke succeeded; when the revoke fails
 * or the platform cannot be asked, true sends the SMS anyway (a possible duplicate, right for an
 * OTP) and false gives up on SMS (right for promotions). A platform that answers "too late" has
 * delivered the message: no SMS then, whatever this says.
 */
public record FallbackPolicy(boolean notCapable, MissingFeature missingFeature, boolean platformUnavailable,
                             boolean rcsFailed, Duration undeliveredAfter, boolean sendIfRevokeFails) {

    /** Every trigger on, rich content sent as it is, undelivered after {@code undeliveredAfter}. */
    public static FallbackPolicy all(Duration undeliveredAfter) {
        return new FallbackPolicy(true, MissingFeature.SEND, true, true, undeliveredAfter, true);
    }

    /** No SMS ever: what rcs-only means. A missing feature that would have sent SMS degrades to RCS text instead. */
    public static FallbackPolicy none(MissingFeature missing) {
        return new FallbackPolicy(false, missing == MissingFeature.SMS ? MissingFeature.DEGRADE : missing, false, false, null,
                false);
    }

    public FallbackPolicy {
        Objects.requireNonNull(missingFeature, "missingFeature");
        if (undeliveredAfter != null && (undeliveredAfter.isNegative() || undeliveredAfter.isZero())) {
            throw new IllegalArgumentException("undeliveredAfter must be positive");
        }
    }

    public boolean allows(FallbackTrigger t) {
        return switch (t) {
            case NOT_CAPABLE -> notCapable;
            case MISSING_FEATURE -> missingFeature == MissingFeature.SMS;
            case PLATFORM_UNAVAILABLE -> platformUnavailable;
            case RCS_FAILED -> rcsFailed;
            case UNDELIVERED -> undeliveredAfter != null;
        };
    }

    public FallbackPolicy withUndeliveredAfter(Duration d) {
        return new FallbackPolicy(notCapable, missingFeature, platformUnavailable, rcsFailed, d, sendIfRevokeFails);
    }
}
