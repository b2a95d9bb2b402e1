package io.rcsgw.rcs.api;

import java.util.concurrent.CompletableFuture;

/**
 * Where the RCS platform's events go (the gateway implements it). The future completes once the
 * event is durably recorded; an event id seen before completes without effect.
 */
public interface PlatformEventSink {

    CompletableFuture<Void> onEvent(String botId, PlatformEvent event);
}
