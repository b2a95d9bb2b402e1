package io.rcsgw.rcs.platform;

/** Told about every platform call, for metrics: the operation, its outcome (ok, or a failure reason) and its duration. */
@FunctionalInterface
public interface PlatformObserver {

    PlatformObserver NONE = (operation, outcome, seconds) -> { };

    void call(String operation, String outcome, double seconds);
}
