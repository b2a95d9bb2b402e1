package io.rcsgw.rules.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The channel decision: which rule a message falls under and, given what is known of the
 * handset and the platform, whether it goes RCS or SMS, and why. Pure: the gateway looks the
 * capabilities up (only when {@link #needsCapabilities} says so) and carries the decision out.
 */
public final class Decider {

    private Decider() {
    }

    /** The whole decision in one call: the rule, then the channel. */
    public static ChannelDecision decide(MessageFacts m, Capabilities capabilities, PlatformHealth health, RuleSet rules,
                                         Instant now) {
        Selection s = rules.select(m, now);
        if (s instanceof Selection.Deferred d) {
            return new ChannelDecision.Defer(d.rule().name(), d.trace(), d.until());
        }
        if (s instanceof Selection.Refused r) {
            return new ChannelDecision.Refuse(r.rule().name(), r.trace(), r.field(), r.detail());
        }
        return channel(m, capabilities, health, (Selection.Matched) s);
    }

    /** Whether deciding the channel under this rule needs the handset's capabilities. */
    public static boolean needsCapabilities(MessageFacts m, Rule rule, PlatformHealth health) {
        RuleAction a = Narrowing.effective(rule.action(), m.requested());
        if (!health.available()) {
            return false;
        }
        if (m.requested().upgrade()) {
            return a.upgrade() && m.plainText();
        }
        return a.channel() != ChannelPolicy.SMS_ONLY;
    }

    /** The channel under the matched rule. */
    public static ChannelDecision channel(MessageFacts m, Capabilities capabilities, PlatformHealth health,
                                          Selection.Matched matched) {
        String name = matched.rule().name();
        RuleAction a = Narrowing.effective(matched.rule().action(), m.requested());
        List<Check> trace = new ArrayList<>(matched.trace());
        boolean upgrade = m.requested().upgrade();
        if (upgrade) {
            boolean ok = a.upgrade() && m.plainText();
            trace.add(new Check("upgrade", "requested; rule " + (a.upgrade() ? "allows it" : "does not allow it")
                    + (m.plainText() ? "" : "; not a plain text"), ok));
            if (!ok) {
                return new ChannelDecision.Sms(name, trace, null, null);
            }
        } else {
            trace.add(new Check("channel", a.channel().wireName(), true));
            if (a.channel() == ChannelPolicy.SMS_ONLY) {
                return new ChannelDecision.Sms(name, trace, null, null);
            }
        }
        if (!health.configured()) {
            trace.add(new Check("platform", "none configured", false));
            return upgrade || a.mayUseSms() ? new ChannelDecision.Sms(name, trace, null, null)
                    : new ChannelDecision.Fail(name, trace, "rcs:no-platform");
        }
        if (!health.available()) {
            trace.add(new Check("platform", health.detail(), false));
            return fallBack(name, trace, a, FallbackReason.PLATFORM_UNAVAILABLE, health.detail(), upgrade);
        }
        if (capabilities instanceof Capabilities.Unknown u) {
            trace.add(new Check("capable", "unknown: " + u.detail(), false));
            return fallBack(name, trace, a, FallbackReason.PLATFORM_UNAVAILABLE, u.detail(), upgrade);
        }
        if (!(capabilities instanceof Capabilities.Known k)) {
            trace.add(new Check("capable", "not asked", false));
            return fallBack(name, trace, a, FallbackReason.PLATFORM_UNAVAILABLE, "not-asked", upgrade);
        }
        if (!k.capable()) {
            trace.add(new Check("capable", "no", false));
            return fallBack(name, trace, a, FallbackReason.NOT_CAPABLE, null, upgrade);
        }
        trace.add(new Check("capable", "yes" + (k.features().isEmpty() ? ", no features listed"
                : ", features " + new TreeSet<>(k.features())), true));
        Set<String> missing = missing(m.kinds(), k.features());
        if (missing.isEmpty()) {
            return new ChannelDecision.Rcs(name, trace, false, upgrade);
        }
        MissingFeature what = a.fallback().missingFeature();
        trace.add(new Check("features", "missing " + missing + ": " + what.wireName(), what == MissingFeature.SEND));
        return switch (what) {
            case SEND -> new ChannelDecision.Rcs(name, trace, false, upgrade);
            case DEGRADE -> new ChannelDecision.Rcs(name, trace, true, upgrade);
            case SMS -> a.mayUseSms() ? new ChannelDecision.Sms(name, trace, FallbackReason.MISSING_FEATURE, null)
                    : new ChannelDecision.Rcs(name, trace, true, upgrade);
        };
    }

    /** The features the content needs that a capable handset did not list (none when it listed none at all). */
    static Set<String> missing(Set<ContentKind> kinds, Set<String> features) {
        Set<String> out = new TreeSet<>();
        if (features.isEmpty()) {
            return out;
        }
        for (ContentKind k : kinds) {
            Set<String> names = k.features();
            if (!names.isEmpty() && names.stream().noneMatch(features::contains)) {
                out.add(names.stream().sorted().filter(n -> Character.isLowerCase(n.charAt(0))).findFirst().orElseThrow());
            }
        }
        return out;
    }

    /** RCS cannot be used for {@code reason}: SMS when the rule's switch for it is on, else the message fails. */
    private static ChannelDecision fallBack(String rule, List<Check> trace, RuleAction a, FallbackReason reason,
                                            String detail, boolean upgrade) {
        if (upgrade) {
            return new ChannelDecision.Sms(rule, trace, null, null); // it was on its way to SMS: not a fallback
        }
        boolean on = a.mayUseSms() && a.fallback().allows(reason.trigger());
        trace.add(new Check("fallback." + reason.trigger().configName(), on ? "on" : "off", on));
        return on ? new ChannelDecision.Sms(rule, trace, reason, detail)
                : new ChannelDecision.Fail(rule, trace, "rcs:" + (detail != null ? detail : reason.word()));
    }
}
