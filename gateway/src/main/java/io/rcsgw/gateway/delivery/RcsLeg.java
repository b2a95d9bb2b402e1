package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.platform.CapabilityCache;
import io.rcsgw.rcs.platform.PlatformException;
import io.rcsgw.rcs.platform.RcsPlatform;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.rules.lifecycle.RevokeOutcome;
import io.rcsgw.rules.lifecycle.RevokePurpose;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.Capabilities;
import io.rcsgw.rules.routing.FallbackReason;
import io.rcsgw.rules.routing.PlatformHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The RCS leg: looks capabilities up, sends messages to the RCS platform and revokes them, and
 * reports every outcome to the tracker as an event. Nothing here blocks: lookups and sends
 * complete on the HTTP client's threads.
 */
final class RcsLeg {

    private static final Logger log = LoggerFactory.getLogger(RcsLeg.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RcsPlatform platform;
    private final CapabilityCache capabilities;
    private final Tracker tracker;
    private final OpenMessages open;

    RcsLeg(RcsPlatform platform, CapabilityCache capabilities, Tracker tracker, OpenMessages open) {
        this.platform = platform;
        this.capabilities = capabilities;
        this.tracker = tracker;
        this.open = open;
    }

    RcsPlatform platform() {
        return platform;
    }

    CapabilityCache capabilities() {
        return capabilities;
    }

    /**
     * What the decision knows of the platform before trying it: unavailable only while the admin
     * API forces every message to SMS. An open breaker is met at the call (capability lookup or
     * send) instead, so that after its open time a call gets through and can close it again.
     */
    PlatformHealth health() {
        return platform.circuitBreaker().getState() == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.FORCED_OPEN
                ? PlatformHealth.unavailable("breaker-open") : PlatformHealth.UP;
    }

    /** The handset's capabilities, or why they could not be had. */
    CompletableFuture<Capabilities> lookup(InFlight f) {
        return lookup(f.key.botId(), f.recipient);
    }

    /** The handset's capabilities as the bot sees them (the capability cache first), or why they are unknown. */
    CompletableFuture<Capabilities> lookup(String botId, String recipient) {
        return capabilities.lookup(botId, recipient).handle((cap, error) -> error != null
                ? new Capabilities.Unknown(reason(error)) : Capabilities.known(cap.capable(), cap.features()));
    }

    /** Sends the message to the platform; the tracker hears whether it took it. */
    void send(InFlight f) {
        String body;
        try {
            body = rcsMessage(f);
        } catch (Exception e) {
            log.error("message {} has unreadable RCS content; sent as SMS", f.id, e);
            failed(f, new MessageEvent.RcsSendFailed(FallbackReason.BAD_CONTENT, null));
            return;
        }
        synchronized (f) {
            if (f.state != MessageState.ACCEPTED) {
                return; // revoked or expired between the decision and now
            }
            open.onRcs(f);
        }
        platform.send(f.key.botId(), f.key.msgId(), f.recipient, body).whenComplete((ok, error) -> {
            if (error == null) {
                taken(f);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof PlatformException.Rejected r && r.status() == 404) {
                // the platform says the number is not RCS after all: the cached answer was stale
                capabilities.invalidate(f.key.botId(), f.recipient);
                failed(f, new MessageEvent.RcsSendFailed(FallbackReason.NOT_CAPABLE, null));
            } else {
                failed(f, new MessageEvent.RcsSendFailed(FallbackReason.PLATFORM_UNAVAILABLE, reason(cause)));
            }
        });
    }

    /** The platform took it: RCS_SENT, and statuses that raced ahead of this are applied in the same commit. */
    private void taken(InFlight f) {
        List<StoreWrite> writes = new ArrayList<>(2);
        List<Runnable> after = new ArrayList<>(2);
        synchronized (f) {
            tracker.apply(f, new MessageEvent.RcsTaken(f.decision != null ? f.decision.reason() : "channel:rcs"), writes, after);
            if (f.earlyStatuses != null) {
                for (String status : f.earlyStatuses) {
                    tracker.apply(f, new MessageEvent.RcsStatus(MessageEvent.RcsStatus.Status.parse(status)), writes, after);
                }
                f.earlyStatuses = null;
            }
            CompletableFuture<List<Boolean>> stored = tracker.commit(writes, after);
            if (f.earlyStored != null) {
                CompletableFuture<Void> early = f.earlyStored;
                f.earlyStored = null;
                stored.whenComplete((x, e) -> {
                    if (e != null) {
                        early.completeExceptionally(e);
                    } else {
                        early.complete(null);
                    }
                });
            }
        }
    }

    private void failed(InFlight f, MessageEvent.RcsSendFailed event) {
        synchronized (f) {
            if (f.earlyStored != null) { // statuses for a send that failed after all: nothing to apply
                f.earlyStored.complete(null);
                f.earlyStored = null;
                f.earlyStatuses = null;
            }
            tracker.on(f, event);
        }
    }

    /** Asks the platform to revoke it; the answer goes to the tracker (an error is an unknown outcome). */
    void revoke(InFlight f, RevokePurpose purpose) {
        platform.revoke(f.key.botId(), f.key.msgId(), f.recipient).whenComplete((revoked, e) -> {
            RevokeOutcome outcome = e != null ? RevokeOutcome.UNKNOWN : revoked ? RevokeOutcome.REVOKED : RevokeOutcome.TOO_LATE;
            if (e != null) {
                log.info("message {}: revoke ({}) failed: {}", f.id, purpose, reason(e));
            }
            synchronized (f) {
                if (f.revoking == purpose) {
                    f.revoking = null;
                }
                tracker.on(f, new MessageEvent.RevokeAnswered(purpose, outcome));
            }
        });
    }

    /** The bot's revoke of a message on RCS: answered once the platform has, from the state it left. */
    CompletableFuture<MessagingService.RevokeResult> revokeForClient(InFlight f) {
        return platform.revoke(f.key.botId(), f.key.msgId(), f.recipient).thenCompose(revoked -> {
            CompletableFuture<?> stored = tracker.on(f, new MessageEvent.RevokeAnswered(RevokePurpose.CLIENT,
                    revoked ? RevokeOutcome.REVOKED : RevokeOutcome.TOO_LATE));
            return stored.thenApply(x -> {
                synchronized (f) {
                    return new MessagingService.RevokeResult(f.state == MessageState.CANCELLED, f.state.maapStatus(),
                            f.state.name());
                }
            });
        });
    }

    /**
     * The MaaP RCSMessage the platform gets: the bot's content with its msgId (and traffic type,
     * MaaP's own field), or the SMS text as a textMessage when the content is degraded or upgraded.
     */
    static String rcsMessage(InFlight f) throws Exception {
        ObjectNode rcs;
        JsonNode stored = f.content == null ? null : JSON.readTree(f.content);
        if (stored == null || f.degraded || f.upgraded) {
            rcs = JSON.createObjectNode();
            rcs.put("textMessage", f.body);
        } else {
            rcs = ((ObjectNode) stored.get("RCSMessage")).deepCopy();
        }
        JsonNode traffic = stored == null ? null : stored.path("gateway").get("trafficType");
        if (traffic != null) {
            rcs.set("trafficType", traffic);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("msgId", f.key.msgId());
        out.setAll(rcs);
        return out.toString();
    }

    /** A platform failure as a short, stable word: breaker-open, timeout, rcs-http-503... */
    static String reason(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof PlatformException p) {
            return p.reason().startsWith("http-") ? "rcs-" + p.reason() : p.reason();
        }
        log.warn("RCS platform call failed unexpectedly: {}", cause.toString());
        return "rcs-error";
    }

    static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
