package io.rcsgw.rules.routing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The operator's rules in order, first match wins, and the implicit last rule ({@code default})
 * that keeps the gateway's plain behaviour: RCS where the handset has it, SMS otherwise.
 * {@code version} names what runs (shown by reloads and a metric).
 */
public record RuleSet(String version, List<Rule> rules, Rule fallbackRule) {

    /** The name of the implicit last rule. */
    public static final String DEFAULT_RULE = "default";

    public RuleSet {
        Objects.requireNonNull(version, "version");
        rules = List.copyOf(rules);
        Objects.requireNonNull(fallbackRule, "fallbackRule");
        Set<String> names = new HashSet<>();
        names.add(DEFAULT_RULE);
        for (Rule r : rules) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("rule name '" + r.name() + "' is used twice (or is the implicit "
                        + DEFAULT_RULE + ")");
            }
        }
    }

    /** The rules, then an implicit {@code default} rule doing {@code defaultAction}. */
    public static RuleSet of(String version, List<Rule> rules, RuleAction defaultAction) {
        return new RuleSet(version, rules, new Rule(DEFAULT_RULE, RuleMatch.ANY, defaultAction));
    }

    /** Every rule, the implicit one last. */
    public List<Rule> all() {
        List<Rule> out = new ArrayList<>(rules.size() + 1);
        out.addAll(rules);
        out.add(fallbackRule);
        return out;
    }

    /** The rule called {@code name}, or null. */
    public Rule named(String name) {
        for (Rule r : all()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    /** The first rule the message matches (the implicit one matches everything), with the trace of every check. */
    public Selection select(MessageFacts m, Instant now) {
        List<Check> trace = new ArrayList<>();
        for (Rule r : all()) {
            if (!matches(r, m, trace)) {
                continue;
            }
            TimeWindow w = r.match().window();
            if (w != null) {
                boolean in = w.contains(now);
                LocalTime local = now.atZone(w.zone()).toLocalTime().truncatedTo(ChronoUnit.SECONDS);
                trace.add(new Check(at(r, "window"), local + " in " + w, in));
                if (!in) {
                    switch (r.match().outside()) {
                        case SKIP -> {
                            continue;
                        }
                        case DEFER -> {
                            return new Selection.Deferred(r, trace, w.nextOpening(now));
                        }
                        case REFUSE -> {
                            return new Selection.Refused(r, trace, windowField(r), "rule " + r.name()
                                    + " sends these messages only between " + w.from() + " and " + w.to() + " " + w.zone());
                        }
                    }
                }
            }
            trace.add(new Check("rule", r.name(), true));
            return new Selection.Matched(r, trace);
        }
        throw new IllegalStateException("the implicit rule matches everything");
    }

    /**
     * Whether the message meets the rule's conditions, each check added to the trace with the
     * message's own value only: the trace is shown to the bot, and the rule's lists (other
     * bots, prefixes, tags) are the operator's. A rule for other bots leaves no trace at all.
     */
    private static boolean matches(Rule r, MessageFacts m, List<Check> trace) {
        RuleMatch c = r.match();
        if (!c.bots().isEmpty()) {
            if (!c.bots().contains(m.botId())) {
                return false;
            }
            trace.add(new Check(at(r, "bot"), m.botId(), true));
        }
        if (!c.prefixes().isEmpty()) {
            String digits = m.digits();
            // the number itself stays out of the trace (it is shown to the bot, and logged): its country code is enough
            if (!check(trace, at(r, "prefix"), digits.substring(0, Math.min(3, digits.length())) + "…",
                    c.prefixes().stream().anyMatch(digits::startsWith))) {
                return false;
            }
        }
        if (!c.content().isEmpty() && !check(trace, at(r, "content"),
                m.kinds().stream().map(ContentKind::wireName).sorted().toList().toString(),
                m.kinds().stream().anyMatch(c.content()::contains))) {
            return false;
        }
        if (!c.trafficTypes().isEmpty() && !check(trace, at(r, "trafficType"), String.valueOf(m.trafficType()),
                m.trafficType() != null && c.trafficTypes().contains(m.trafficType()))) {
            return false;
        }
        return c.tags().isEmpty() || check(trace, at(r, "tags"), m.tags().stream().sorted().toList().toString(),
                m.tags().stream().anyMatch(c.tags()::contains));
    }

    private static boolean check(List<Check> trace, String condition, String value, boolean passed) {
        trace.add(new Check(condition, value, passed));
        return passed;
    }

    private static String at(Rule r, String condition) {
        return "rule[" + r.name() + "]." + condition;
    }

    /** The request field that put a message under a window rule, for the refusal. */
    private static String windowField(Rule r) {
        if (!r.match().trafficTypes().isEmpty()) {
            return "gateway.trafficType";
        }
        if (!r.match().tags().isEmpty()) {
            return "gateway.tags";
        }
        return "RCSMessage";
    }
}
