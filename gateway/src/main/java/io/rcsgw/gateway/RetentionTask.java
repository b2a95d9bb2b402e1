package io.rcsgw.gateway;

import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.delivery.Delivery;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StorePurger;
import io.rcsgw.rules.rating.Conversation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Retention on its own thread, every {@code store.purgeInterval}: closed messages, relayed platform
 * events, ended conversations and unclaimed receipts older than {@code store.retention}, and web
 * views and SMS menus past their own time. A run waits for its deletes to commit, which must not
 * hold up the scheduler that paces submits and webhook retries.
 */
final class RetentionTask {

    private static final Logger log = LoggerFactory.getLogger(RetentionTask.class);

    private RetentionTask() {
    }

    /** Starts it; closing the result stops it. With a retention of 0 nothing is ever deleted. */
    static AutoCloseable start(GatewayConfig.Store config, MessageStore store, Delivery delivery, Clock clock) {
        Duration retention = config.retention();
        if (retention.isZero()) {
            log.info("store.retention is 0: messages are kept for ever");
            return () -> { };
        }
        for (String kind : List.of("message", "platform_event", "conversation", "orphan_receipt", "file")) {
            GatewayMetrics.PURGED.labels(kind); // exported as 0 from the start, not from the first deletion
        }
        StorePurger purger = new StorePurger(store, 500, 50_000);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-retention");
            t.setDaemon(true);
            return t;
        });
        long every = config.purgeInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                run(retention, purger, delivery, clock);
            } catch (RuntimeException e) {
                GatewayMetrics.PURGE_FAILURES.inc();
                log.warn("retention run failed, tried again in {}: {}", config.purgeInterval(), e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    private static void run(Duration retention, StorePurger purger, Delivery delivery, Clock clock) {
        long now = clock.millis();
        long before = now - retention.toMillis();
        // a conversation is rated against for its whole window, whatever the retention
        long conversationsBefore = Math.min(before, now - Conversation.WINDOW.toMillis());
        int orphans = delivery.expireOrphanReceipts(before);
        purger.purgeExpiredLinks(now);
        GatewayMetrics.PURGED.labels("orphan_receipt").inc(orphans);
        int messages = 0;
        int events = 0;
        int conversations = 0;
        StorePurger.Purged p;
        do {
            p = purger.run(before, conversationsBefore);
            GatewayMetrics.PURGED.labels("message").inc(p.messages());
            GatewayMetrics.PURGED.labels("platform_event").inc(p.platformEvents());
            GatewayMetrics.PURGED.labels("conversation").inc(p.conversations());
            messages += p.messages();
            events += p.platformEvents();
            conversations += p.conversations();
        } while (p.more() && !Thread.currentThread().isInterrupted());
        if (messages + events + conversations + orphans > 0) {
            log.info("retention: deleted {} messages, {} platform events, {} conversations, {} orphan receipts older than {}",
                    messages, events, conversations, orphans, retention);
        }
    }
}
