package io.rcsgw.gateway.webhook;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookHealthTest {

    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(WebhookDispatcher.class);

    @BeforeEach
    void attach() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(logs);
    }

    private java.util.List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aFailingWebhookIsSaidOnceAMinuteAndItsRecoveryOnce() {
        WebhookHealth h = new WebhookHealth();
        h.succeeded("a", 0);
        for (int i = 0; i < 1000; i++) {
            h.failed("a", "HTTP 503", 1_000 + i * 50L); // 1,000 failures in 50 s
        }
        assertThat(warnings()).containsExactly("webhook of bot a is failing (HTTP 503); its events are kept and retried");
        h.failed("a", "ConnectException", 61_001);
        h.failed("b", "HTTP 500", 61_002);
        h.succeeded("a", 70_000);
        h.succeeded("a", 70_001);
        assertThat(warnings()).containsExactly(
                "webhook of bot a is failing (HTTP 503); its events are kept and retried",
                "webhook of bot a still failing (ConnectException): 1001 failed attempts in 60 s",
                "webhook of bot b is failing (HTTP 500); its events are kept and retried",
                "webhook of bot a recovered after 1001 failed attempts in 69 s");
    }
}
