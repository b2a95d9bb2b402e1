package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.content.SmsTemplate;
import io.rcsgw.rules.routing.RuleAction;
import io.rcsgw.rules.routing.RuleSet;

import java.time.Duration;
import java.util.Map;

/**
 * The operator's rules in force and the bots' SMS templates, replaced whole by a reload. A
 * message looks them up when it is accepted and when it is decided; one already decided keeps
 * what it was decided with.
 */
public final class Rules {

    /** What a message whose rule is gone (or that predates rules) is carried out with: the plain behaviour. */
    static final RuleAction FALLBACK_ACTION = RuleAction.rcsFirst(Duration.ofMinutes(15));

    private record InForce(RuleSet set, Map<String, SmsTemplate> templates) {
    }

    private volatile InForce inForce;

    public Rules(RuleSet set, Map<String, SmsTemplate> templates) {
        this.inForce = new InForce(set, Map.copyOf(templates));
    }

    public RuleSet set() {
        return inForce.set();
    }

    /** The bot's own SMS template, or null for the built-in rendering. */
    public SmsTemplate template(String botId) {
        return inForce.templates().get(botId);
    }

    public String version() {
        return inForce.set().version();
    }

    /** New rules and templates for every message decided from now on. */
    public void replace(RuleSet set, Map<String, SmsTemplate> templates) {
        this.inForce = new InForce(set, Map.copyOf(templates));
    }
}
