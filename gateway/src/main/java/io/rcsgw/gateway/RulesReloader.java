package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.config.ConfigException;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.config.RuleCompiler;
import io.rcsgw.gateway.delivery.Charging;
import io.rcsgw.gateway.delivery.Delivery;
import io.rcsgw.gateway.delivery.Rules;
import io.rcsgw.gateway.delivery.SmsDispatcher;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.rules.content.SmsTemplate;
import io.rcsgw.rules.routing.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applies the rules of a re-read configuration to the running gateway: the operator's rules
 * ({@code rules} or the {@code rulesFile}) and the bots' SMS templates, the tariffs
 * ({@code rating}, {@code bots[].tariff}) and the SMS {@code routes}. Everything else in the file
 * needs a restart; a reload names the sections where the file differs from what runs. A file
 * that does not validate changes nothing, and says what is wrong and where.
 */
public final class RulesReloader {

    private static final Logger log = LoggerFactory.getLogger(RulesReloader.class);
    /** The sections a reload applies. */
    static final List<String> APPLIED = List.of("rules", "rulesFile", "rating", "routes");

    private final Supplier<GatewayConfig> source;
    private final Charging charging;
    private final Rules rules;
    private final Delivery delivery;
    private final ObjectMapper json;
    private volatile GatewayConfig running;

    /** What a reload applied, the rules version now in force, and the sections that differ from what runs and wait for a restart. */
    public record Reloaded(List<String> applied, List<String> restartNeeded, GatewayConfig config, String version,
                           int rules) {
    }

    RulesReloader(Supplier<GatewayConfig> source, GatewayConfig running, Charging charging, Rules rules, Delivery delivery,
                  ObjectMapper json) {
        this.source = source;
        this.running = running;
        this.charging = charging;
        this.rules = rules;
        this.delivery = delivery;
        this.json = json;
    }

    /** Run after each reload this node was asked for (not those another node's signal caused): tells the others. */
    private volatile Runnable announce = () -> { };

    public void announceWith(Runnable r) {
        this.announce = r;
    }

    /**
     * Re-reads the configuration and applies its rules; a {@link ConfigException} names what is
     * wrong, and nothing changed. In a cluster the other nodes are told to reload theirs.
     */
    public Reloaded reload() {
        Reloaded r = reloadHere();
        announce.run();
        return r;
    }

    /** The same, without telling other nodes (it is their signal that asks for it). */
    public synchronized Reloaded reloadHere() {
        GatewayConfig next;
        List<SmsDispatcher.Route> routes;
        RuleSet set;
        Map<String, SmsTemplate> templates;
        try {
            next = source.get();
            for (int i = 0; i < next.routes().size(); i++) {
                for (String smsc : next.routes().get(i).smsc()) {
                    if (!delivery.smscs().contains(smsc)) {
                        throw new ConfigException("routes[" + i + "].smsc: no running SMSC named " + smsc
                                + " (adding an SMSC needs a restart)");
                    }
                }
            }
            routes = Gateway.routes(next);
            set = ConfigLoader.ruleSet(next, running.webView().publicBaseUrl() != null);
            templates = RuleCompiler.templates(next.bots());
        } catch (ConfigException e) {
            GatewayMetrics.RULES_RELOADS.labels("invalid").inc();
            log.warn("rules not reloaded: {}", e.getMessage());
            throw e;
        }
        if (next.cdr().enabled() && running.cdr().enabled()) {
            charging.rateWith(ConfigLoader.tariffTable(next));
        }
        delivery.reroute(routes);
        String before = rules.version();
        rules.replace(set, templates);
        if (!before.equals(set.version())) {
            GatewayMetrics.RULES_INFO.remove(before);
        }
        GatewayMetrics.RULES_INFO.labels(set.version()).set(1);
        List<String> restart = differing(running, next);
        running = withRules(running, next); // the new rules, the old everything else
        GatewayMetrics.RULES_RELOADS.labels("ok").inc();
        log.info("rules reloaded: version {} with {} rules, {} tariffs, {} routes; sections that need a restart to change: {}",
                set.version(), set.rules().size(), next.rating().tariffs().size(), next.routes().size(),
                restart.isEmpty() ? "none" : restart);
        return new Reloaded(APPLIED, restart, running, set.version(), set.rules().size());
    }

    private static GatewayConfig withRules(GatewayConfig r, GatewayConfig next) {
        List<GatewayConfig.Bot> bots = r.bots().stream().map(b -> {
            GatewayConfig.Bot n = next.bots().stream().filter(x -> x.id().equals(b.id())).findFirst().orElse(null);
            return new GatewayConfig.Bot(b.id(), b.secret(), b.webhookUrl(), b.sender(), b.webhookSecret(),
                    n == null ? null : n.tariff(), n == null ? null : n.smsTemplate(), b.anonymous(), b.prepaid());
        }).toList();
        return new GatewayConfig(r.api(), r.management(), r.admin(), r.store(), r.smsc(), next.routes(), r.sms(), bots,
                r.webhooks(), r.simulator(), r.logging(), r.rcs(), r.rcsSimulator(), next.rating(), r.cdr(), next.rules(),
                next.rulesFile(), r.webView(), r.http(), r.files(), r.smppServer(), r.overload(), r.cluster());
    }

    /** Top-level sections other than the rules where the two differ (bots compared without their tariffs and templates). */
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
        n.get("bots").forEach(bot -> {
            ((ObjectNode) bot).remove("tariff");
            ((ObjectNode) bot).remove("smsTemplate");
        });
        return n;
    }
}
