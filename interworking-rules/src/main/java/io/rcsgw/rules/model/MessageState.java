package io.rcsgw.rules.model;

/**
 * Every state a message can be in, on either channel. The allowed moves between them live in
 * {@link MessageLifecycle}; the MaaP status a client sees is {@link #maapStatus()}.
 */
public enum MessageState {
    ACCEPTED("pending"),
    RCS_SENT("sent"),
    SMS_QUEUED("pending"),
    SMS_SUBMITTED("sent"),
    DELIVERED("delivered"),
    DISPLAYED("displayed"),
    UNDELIVERABLE("failed"),
    EXPIRED("failed"),
    REJECTED("failed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String maapStatus;

    MessageState(String maapStatus) {
        this.maapStatus = maapStatus;
    }

    /** The status word of the GSMA MaaP API for this state. */
    public String maapStatus() {
        return maapStatus;
    }

    /** True when no further transition is possible except a DELIVERED message being DISPLAYED. */
    public boolean isFinal() {
        return switch (this) {
            case ACCEPTED, RCS_SENT, SMS_QUEUED, SMS_SUBMITTED -> false;
            default -> true;
        };
    }

    public boolean isFailure() {
        return switch (this) {
            case UNDELIVERABLE, EXPIRED, REJECTED, FAILED -> true;
            default -> false;
        };
    }
}
