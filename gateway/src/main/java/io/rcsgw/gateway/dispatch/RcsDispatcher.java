package io.rcsgw.gateway.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.platform.CapabilityCache;
import io.rcsgw.rcs.platform.PlatformException;
import io.rcsgw.rcs.platform.RcsPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;

/**
 * The RCS leg: asks the capability cache whether the handset can take RCS and, when it can,
 * sends the message to the RCS platform. Anything else is a fallback to SMS with its reason:
 * not-capable, or why the platform could not be used (breaker-open, timeout, http-503, ...).
 * Nothing here blocks: lookups and sends complete on the HTTP client's threads.
 */
final class RcsDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RcsDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessagePipeline pipeline;
    private final RcsPlatform platform;
    private final CapabilityCache capabilities;

    RcsDispatcher(MessagePipeline pipeline, RcsPlatform platform, CapabilityCache capabilities) {
        this.pipeline = pipeline;
        this.platform = platform;
        this.capabilities = capabilities;
    }

    RcsPlatform platform() {
        return platform;
    }

    CapabilityCache capabilities() {
        return capabilities;
    }

    void offer(InFlight f) {
        capabilities.lookup(f.key.botId(), f.recipient).whenComplete((cap, error) -> {
            if (error != null) {
                pipeline.fallback(f, "fallback:" + reason(error));
            } else if (!cap.capable()) {
                pipeline.fallback(f, "fallback:not-capable");
            } else {
                send(f);
            }
        });
    }

    private void send(InFlight f) {
        String body;
        try {
            body = rcsMessage(f);
        } catch (Exception e) {
            log.error("message {} has unreadable RCS content; sent as SMS", f.id, e);
            pipeline.fallback(f, "fallback:bad-content");
            return;
        }
        pipeline.rcsSending(f);
        platform.send(f.key.botId(), f.key.msgId(), f.recipient, body).whenComplete((ok, error) -> {
            if (error == null) {
                pipeline.rcsSent(f);
                return;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof PlatformException.Rejected r && r.status() == 404) {
                // the platform says the number is not RCS after all: the cached answer was stale
                capabilities.invalidate(f.key.botId(), f.recipient);
                pipeline.fallback(f, "fallback:not-capable");
            } else {
                pipeline.fallback(f, "fallback:" + reason(cause));
            }
        });
    }

    /** The MaaP RCSMessage the platform gets: the bot's content with its msgId (and traffic type, MaaP's own field). */
    private static String rcsMessage(InFlight f) throws Exception {
        ObjectNode rcs;
        if (f.content == null) {
            rcs = JSON.createObjectNode();
            rcs.put("textMessage", f.body);
        } else {
            JsonNode stored = JSON.readTree(f.content);
            rcs = ((ObjectNode) stored.get("RCSMessage")).deepCopy();
            JsonNode traffic = stored.path("gateway").get("trafficType");
            if (traffic != null) {
                rcs.set("trafficType", traffic);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("msgId", f.key.msgId());
        out.setAll(rcs);
        return out.toString();
    }

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
