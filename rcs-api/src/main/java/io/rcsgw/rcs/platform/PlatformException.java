package io.rcsgw.rcs.platform;

/** Why a platform call did not succeed; {@link #reason()} is short and stable (it becomes a fallback reason and a label). */
public abstract sealed class PlatformException extends RuntimeException {

    private final String reason;

    PlatformException(String reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** The platform cannot be used now: breaker-open, bulkhead-full, timeout, http-5xx, io, token. */
    public static final class Unavailable extends PlatformException {
        public Unavailable(String reason, String message, Throwable cause) {
            super(reason, message, cause);
        }
    }

    /** The platform refused this request (a 4xx other than 401/404 where those mean something else). */
    public static final class Rejected extends PlatformException {
        private final int status;

        public Rejected(int status, String message) {
            super("http-" + status, message, null);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
