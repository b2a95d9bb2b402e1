package io.rcsgw.rules.routing;

import java.util.List;
import java.util.Set;

/**
 * The conditions of a rule; an empty set (or a null window) matches anything. A message matches
 * when every condition does: its bot is one of {@code bots}, its destination's E.164 digits start
 * with one of {@code prefixes}, one of its content kinds is in {@code content}, its traffic type
 * is in {@code trafficTypes}, one of its tags is in {@code tags}, and the time is in
 * {@code window} (see {@link OutsideWindow} for what happens outside it).
 */
public record RuleMatch(Set<String> bots, List<String> prefixes, Set<ContentKind> content, Set<String> trafficTypes,
                        Set<String> tags, TimeWindow window, OutsideWindow outside) {

    public static final RuleMatch ANY = new RuleMatch(Set.of(), List.of(), Set.of(), Set.of(), Set.of(), null,
            OutsideWindow.SKIP);

    public RuleMatch {
        bots = Set.copyOf(bots);
        prefixes = List.copyOf(prefixes);
        content = Set.copyOf(content);
        trafficTypes = Set.copyOf(trafficTypes);
        tags = Set.copyOf(tags);
        outside = outside == null ? OutsideWindow.SKIP : outside;
        for (String p : prefixes) {
            if (!p.matches("\\d{1,15}")) {
                throw new IllegalArgumentException("prefix '" + p + "' is not E.164 digits (without +)");
            }
        }
    }
}
