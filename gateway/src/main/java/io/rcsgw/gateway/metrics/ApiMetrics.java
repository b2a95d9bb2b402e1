package io.rcsgw.gateway.metrics;

import io.rcsgw.rcs.server.ApiObserver;

/** What the HTTP ports refuse, as Prometheus counters. */
public final class ApiMetrics implements ApiObserver {

    public static final ApiMetrics INSTANCE = new ApiMetrics();

    private ApiMetrics() {
    }

    @Override
    public void authFailed(String client, String reason) {
        GatewayMetrics.AUTH_FAILURES.labels(client, reason).inc();
    }

    @Override
    public void authThrottled(String scope) {
        GatewayMetrics.AUTH_THROTTLED.labels(scope).inc();
    }

    @Override
    public void requestCutOff(String port, String part) {
        GatewayMetrics.REQUESTS_CUT_OFF.labels(port, part).inc();
    }
}
