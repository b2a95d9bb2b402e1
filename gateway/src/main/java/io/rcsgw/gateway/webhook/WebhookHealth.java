package io.rcsgw.gateway.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says in the log when a bot's webhook starts failing, at most once a minute while it goes on
 * failing, and when it recovers: the bot id and what failed (an HTTP status or the kind of
 * error), never the URL (it may carry credentials) or a payload.
 */
final class WebhookHealth {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    static final long REPEAT_MILLIS = 60_000;

    private static final class Failing {
        final long since;
        long lastWarned;
        long failures;

        Failing(long since) {
            this.since = since;
            this.lastWarned = since;
        }
    }

    private final Map<String, Failing> failing = new ConcurrentHashMap<>();

    void failed(String bot, String why, long now) {
        Failing[] started = {null};
        Failing f = failing.computeIfAbsent(bot, b -> started[0] = new Failing(now));
        boolean warn;
        long count;
        synchronized (f) {
            f.failures++;
            count = f.failures;
            warn = started[0] == null && now - f.lastWarned >= REPEAT_MILLIS;
            if (warn) {
                f.lastWarned = now;
            }
        }
        if (started[0] != null) {
            log.warn("webhook of bot {} is failing ({}); its events are kept and retried", bot, why);
        } else if (warn) {
            log.warn("webhook of bot {} still failing ({}): {} failed attempts in {} s", bot, why, count, (now - f.since) / 1000);
        }
    }

    void succeeded(String bot, long now) {
        if (failing.isEmpty()) {
            return; // the common case: nothing to look up
        }
        Failing f = failing.remove(bot);
        if (f != null) {
            long count;
            synchronized (f) {
                count = f.failures;
            }
            log.warn("webhook of bot {} recovered after {} failed attempts in {} s", bot, count, (now - f.since) / 1000);
        }
    }
}
