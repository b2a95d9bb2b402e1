package io.rcsgw.gateway.webhook;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where events about ESMEs' messages go instead of a webhook: delivery receipts over SMPP. An
 * event it {@link #handles} is settled once {@link #deliver} completes true, and tried again
 * (with the webhooks' backoff) while it completes false, for {@link #holdFor} from its change.
 */
public interface ReceiptSink {

    /** The bots whose events may be receipts (their messages' events are kept even without a webhook). */
    Set<String> bots();

    boolean handles(WebhookEvent event);

    CompletableFuture<Boolean> deliver(WebhookEvent event);

    /** How long an event is tried before it is dropped: an ESME may stay away longer than a webhook. */
    java.time.Duration holdFor();
}
