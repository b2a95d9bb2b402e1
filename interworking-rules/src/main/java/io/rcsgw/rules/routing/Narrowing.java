package io.rcsgw.rules.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a message may ask of its rule: a narrower channel (sms-only or rcs-only under rcs-first),
 * a shorter undelivered timeout, an earlier expiry. Never more: a request that would widen the
 * rule is refused, naming the field.
 */
public final class Narrowing {

    private Narrowing() {
    }

    /** Why a request is refused: the API field at fault and what the rule allows. */
    public record Refusal(String field, String detail) {
    }

    public static Optional<Refusal> check(Rule rule, Requested req, Instant now) {
        RuleAction a = rule.action();
        if (req.channel() != null && !a.channel().allows(req.channel())) {
            return Optional.of(new Refusal("gateway.channel", "rule " + rule.name() + " sends " + a.channel().wireName()
                    + "; a message may only narrow it"));
        }
        if (req.fallbackAfter() != null) {
            Duration limit = a.mayUseSms() ? a.fallback().undeliveredAfter() : null;
            if (limit == null) {
                return Optional.of(new Refusal("gateway.fallbackAfter", "rule " + rule.name()
                        + " does not send undelivered RCS messages as SMS"));
            }
            if (req.fallbackAfter().compareTo(limit) > 0) {
                return Optional.of(new Refusal("gateway.fallbackAfter", "at most " + limit + " under rule " + rule.name()));
            }
        }
        if (req.expiresAt() != null) {
            String field = req.expiryField() == null ? "gateway.ttl" : req.expiryField();
            if (!req.expiresAt().isAfter(now)) {
                return Optional.of(new Refusal(field, "the message has expired already"));
            }
            if (a.maxTtl() != null && req.expiresAt().isAfter(now.plus(a.maxTtl()))) {
                return Optional.of(new Refusal(field, "at most " + a.maxTtl() + " from now under rule " + rule.name()));
            }
        }
        return Optional.empty();
    }

    /** The rule's action as this message narrowed it (call after {@link #check} found nothing). */
    public static RuleAction effective(RuleAction a, Requested req) {
        RuleAction out = a;
        if (req.channel() != null && req.channel() != a.channel()) {
            out = out.withChannel(req.channel());
        }
        if (req.fallbackAfter() != null && out.fallback().undeliveredAfter() != null
                && req.fallbackAfter().compareTo(out.fallback().undeliveredAfter()) < 0) {
            out = out.withFallback(out.fallback().withUndeliveredAfter(req.fallbackAfter()));
        }
        return out;
    }

    /** When the message expires: what it asked for, else the rule's longest life from acceptance, else never (null). */
    public static Instant expiresAt(RuleAction a, Requested req, Instant acceptedAt) {
        if (req.expiresAt() != null) {
            return req.expiresAt();
        }
        return a.maxTtl() == null ? null : acceptedAt.plus(a.maxTtl());
    }
}
