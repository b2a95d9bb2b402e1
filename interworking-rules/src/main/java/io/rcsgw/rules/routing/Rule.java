package io.rcsgw.rules.routing;

import java.util.Objects;

/** One operator rule: a name (shown in every decision), what it matches and what it does. */
public record Rule(String name, RuleMatch match, RuleAction action) {

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(action, "action");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a rule name is 1-64 characters of A-Z a-z 0-9 . _ -");
        }
    }
}
