package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.config.ConfigException;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.dispatch.MessagePipeline;
import io.rcsgw.gateway.dispatch.SmsDispatcher;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies the rules of a re-read configuration to the running gateway: the tariffs
 * ({@code rating}, {@code bots[].tariff}) and the SMS {@code routes}. Everything else in the file
 * needs a restart; a reload names the sections where the file differs from what runs. A file
 * that does not validate changes nothing.
 */
public final class RulesReloader {

    private static final Logger log = LoggerFactory.getLogger(RulesReloader.class);
    /** The sections a reload applies. */
    static final List<String> APPLIED = List.of("rating", "routes");

    private final Supplier<GatewayConfig> source;
    private final MessagePipeline pipeline;
    private final SmsDispatcher dispatcher;
    private final ObjectMapper json;
    private volatile GatewayConfig running;

    /** What a reload applied, and the sections of the file that differ from what runs and wait for a restart. */
    public record Reloaded(List<String> applied, List<String> restartNeeded, GatewayConfig config) {
    }

    RulesReloader(Supplier<GatewayConfig> source, GatewayConfig running, MessagePipeline pipeline, SmsDispatcher dispatcher,
                  ObjectMapper json) {
        this.source = source;
        this.running = running;
        this.pipeline = pipeline;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    /** Re-reads the configuration and applies its rules; a {@link ConfigException} names what is wrong, and nothing changed. */
    public synchronized Reloaded reload() {
        GatewayConfig next;
        List<SmsDispatcher.Route> routes;
        try {
            next = source.get();
            for (int i = 0; i < next.routes().size(); i++) {
                for (String smsc : next.routes().get(i).smsc()) {
                    if (!dispatcher.smscs().contains(smsc)) {
                        throw new ConfigException("routes[" + i + "].smsc: no running SMSC named " + smsc
                                + " (adding an SMSC needs a restart)");
                    }
                }
            }
            routes = Gateway.routes(next);
        } catch (ConfigException e) {
            GatewayMetrics.RULES_RELOADS.labels("invalid").inc();
            log.warn("rules not reloaded: {}", e.getMessage());
            throw e;
        }
        if (next.cdr().enabled() && running.cdr().enabled()) {
            pipeline.rateWith(ConfigLoader.tariffTable(next));
        }
        dispatcher.reroute(routes);
        List<String> restart = differing(running, next);
        running = withRules(running, next); // the new rules, the old everything else
        GatewayMetrics.RULES_RELOADS.labels("ok").inc();
        log.info("rules reloaded: {} tariffs, {} routes; sections that need a restart to change: {}",
                next.rating().tariffs().size(), next.routes().size(), restart.isEmpty() ? "none" : restart);
        return new Reloaded(APPLIED, restart, running);
    }

    private static GatewayConfig withRules(GatewayConfig r, GatewayConfig next) {
        List<GatewayConfig.Bot> bots = r.bots().stream().map(b -> new GatewayConfig.Bot(b.id(), b.secret(), b.webhookUrl(),
                b.sender(), b.webhookSecret(), next.bots().stream().filter(n -> n.id().equals(b.id())).findFirst()
                .map(GatewayConfig.Bot::tariff).orElse(null))).toList();
        return new GatewayConfig(r.api(), r.management(), r.admin(), r.store(), r.smsc(), next.routes(), r.sms(), bots,
                r.webhooks(), r.simulator(), r.logging(), r.rcs(), r.rcsSimulator(), next.rating(), r.cdr());
    }

    /** Top-level sections other than the rules where the two differ (bots compared without their tariffs). */
    private List<String> differing(GatewayConfig a, GatewayConfig b) {
        ObjectNode x = withoutRules(a);
        ObjectNode y = withoutRules(b);
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(y.get(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    private ObjectNode withoutRules(GatewayConfig c) {
        ObjectNode n = (ObjectNode) json.valueToTree(c);
        APPLIED.forEach(n::remove);
        n.get("bots").forEach(bot -> ((ObjectNode) bot).remove("tariff"));
        return n;
    }
}
