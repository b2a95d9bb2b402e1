package io.rcsgw.gateway.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.rcs.api.PlatformEvent;
import io.rcsgw.rcs.api.PlatformEventSink;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Events from the RCS platform: a message's statuses go to the tracker (one that overtakes the
 * platform's answer to the send waits for it), and what users send (messages, replies, typing)
 * is stored and relayed to the bot's webhook (or its ESME's, see {@link EsmeMessages}). Each
 * answer to the platform waits until what it reported is stored.
 */
final class PlatformEvents implements PlatformEventSink {

    private static final Logger log = LoggerFactory.getLogger(PlatformEvents.class);

    private final MessageStore store;
    private final OpenMessages open;
    private final Tracker tracker;
    private final Charging charging;
    private final WebhookDispatcher webhooks;
    private final EsmeMessages esmes;
    private final Executor background;
    private final Clock clock;
    /** Ids of platform status events seen lately (bot + id), so that a repeat is not counted again. */
    private final Cache<String, Boolean> recentStatusEvents = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterWrite(Duration.ofMinutes(30)).executor(Runnable::run).build();

    PlatformEvents(MessageStore store, OpenMessages open, Tracker tracker, Charging charging, WebhookDispatcher webhooks,
                   EsmeMessages esmes, Executor background, Clock clock) {
        this.store = store;
        this.open = open;
        this.tracker = tracker;
        this.charging = charging;
        this.webhooks = webhooks;
        this.esmes = esmes;
        this.background = background;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> onEvent(String botId, PlatformEvent event) {
        if (event instanceof PlatformEvent.Status st) {
            return onStatus(botId, st);
        }
        PlatformEvent.FromUser u = (PlatformEvent.FromUser) event;
        // a bot without a webhook whose ESME takes its users' messages: they go to it over SMPP
        byte[] forEsme = u.type().equals("isTyping") ? null : esmes.forBot(botId, u.userContact(), u.payload());
        byte[] json = forEsme != null ? forEsme : u.payload();
        boolean relayed = forEsme != null || webhooks.wants(botId);
        String payload = relayed ? new String(json, StandardCharsets.UTF_8) : null;
        long now = clock.millis();
        List<StoreWrite> writes = new ArrayList<>(2);
        writes.add(new StoreWrite.InsertPlatformEvent(botId, u.eventId(), u.type(), u.userContact(), payload, now, u.msgId()));
        if (!u.type().equals("isTyping")) {
            charging.userWrote(botId, u.userContact(), u.msgId(), now, writes);
        }
        return store.write(writes).thenAccept(fresh -> {
            GatewayMetrics.PLATFORM_EVENTS.labels(fresh.get(0) ? u.type() : "duplicate").inc();
            if (fresh.get(0) && relayed) {
                webhooks.offer(new WebhookEvent.Relay(botId, u.eventId(), u.userContact(), json, clock.millis()));
            }
        });
    }

    /**
     * A status moves the message through the life cycle, and the answer waits until that change
     * is stored. Statuses need no stored event id: the life cycle makes a repeat a no-op
     * (delivered twice is delivered), and recent ids are remembered so it is not counted twice.
     */
    private CompletableFuture<Void> onStatus(String botId, PlatformEvent.Status st) {
        MessageKey key = new MessageKey(botId, st.msgId());
        if (recentStatusEvents.asMap().putIfAbsent(botId + '\n' + st.eventId(), Boolean.TRUE) != null) {
            GatewayMetrics.PLATFORM_EVENTS.labels("duplicate").inc();
            return CompletableFuture.completedFuture(null);
        }
        GatewayMetrics.PLATFORM_EVENTS.labels("messageStatus:" + st.status()).inc();
        MessageEvent.RcsStatus.Status status = MessageEvent.RcsStatus.Status.parse(st.status());
        InFlight f = open.forPlatformEvent(key);
        if (f == null) {
            return CompletableFuture.supplyAsync(() -> store.find(key, true), background)
                    .thenCompose(m -> m.isEmpty() ? CompletableFuture.<Void>completedFuture(null) : fromStore(m.get(), status));
        }
        synchronized (f) {
            if (f.state == MessageState.ACCEPTED) {
                // the platform reports before its answer to the send came back: the RCS leg applies
                // this once it is taken, and the platform's answer waits until that is stored
                if (f.earlyStatuses == null) {
                    f.earlyStatuses = new ArrayList<>(2);
                    f.earlyStored = new CompletableFuture<>();
                }
                f.earlyStatuses.add(st.status());
                return f.earlyStored;
            }
            return tracker.on(f, new MessageEvent.RcsStatus(status)).thenApply(x -> null);
        }
    }

    /** A status for a message no longer in memory: only displayed after delivered changes anything. */
    private CompletableFuture<Void> fromStore(StoredMessage m, MessageEvent.RcsStatus.Status status) {
        if (m.state() == MessageState.DELIVERED && status == MessageEvent.RcsStatus.Status.DISPLAYED
                && "rcs".equals(m.channel())) {
            InFlight loaded = Resumed.inFlight(m);
            loaded.channel = Channel.RCS;
            InFlight owner = open.recentlyFinal(loaded);
            return tracker.on(owner, new MessageEvent.RcsStatus(status)).thenApply(x -> null);
        }
        // a repeat of what the message's RCS leg already reported changes nothing; anything else is late
        boolean repeat = "rcs".equals(m.channel()) && (m.state() == MessageState.DISPLAYED
                || m.state() == MessageState.DELIVERED && status == MessageEvent.RcsStatus.Status.DELIVERED);
        if (repeat) {
            return CompletableFuture.completedFuture(null);
        }
        String word = status.name().toLowerCase(java.util.Locale.ROOT);
        GatewayMetrics.LATE_EVENTS.labels(word).inc();
        log.warn("RCS status {} for message {} arrived in state {}; not applied", status, m.id(), m.state());
        return store.write(List.of(new StoreWrite.RecordLate(m.id(), "rcs " + word + " in " + m.state() + " ("
                        + (m.channel() == null ? "-" : m.channel()) + ")", clock.millis())))
                .thenApply(x -> null);
    }
}
