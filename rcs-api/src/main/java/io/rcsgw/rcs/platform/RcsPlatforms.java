package io.rcsgw.rcs.platform;

import io.rcsgw.rcs.platform.internal.HttpRcsPlatform;

import java.time.Clock;

/** Factories for {@link RcsPlatform}. */
public final class RcsPlatforms {

    private RcsPlatforms() {
    }

    /** The MaaP HTTP client, started: OAuth2 token cached and renewed, circuit breaker and bulkhead around every call. */
    public static RcsPlatform http(PlatformSettings settings, Clock clock, PlatformObserver observer) {
        return HttpRcsPlatform.start(settings, clock, observer);
    }
}
