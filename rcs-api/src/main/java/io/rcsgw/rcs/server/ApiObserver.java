package io.rcsgw.rcs.server;

/** Told what the HTTP ports refuse, for metrics; every method does nothing unless overridden. */
public interface ApiObserver {

    ApiObserver NONE = new ApiObserver() {
    };

    /** A failed authentication: {@code client} a configured bot id or "unknown"; {@code reason} bad-secret, bad-token, bad-signature. */
    default void authFailed(String client, String reason) {
    }

    /** An attempt refused with 429 because its client or its address ({@code scope}) failed too often. */
    default void authThrottled(String scope) {
    }

    /** A connection on {@code port} closed because its request's {@code part} (headers, body) arrived too slowly. */
    default void requestCutOff(String port, String part) {
    }
}
