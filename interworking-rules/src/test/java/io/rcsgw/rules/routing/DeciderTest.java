package io.rcsgw.rules.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.rcsgw.rules.routing.ContentKind.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The channel decision as a table: message, handset, platform and rule in; channel and reason out. */
class DeciderTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Set<String> FULL = Set.of("chat", "fileTransfer", "richcard", "carousel");
    static final Set<String> NO_CAROUSEL = Set.of("chat", "fileTransfer", "richcard");

    static MessageFacts msg(Set<ContentKind> kinds) {
        return new MessageFacts("bot1", "+447700900123", kinds, null, Set.of(), Requested.NOTHING);
    }

    static RuleSet only(RuleAction action) {
        return RuleSet.of("t", List.of(new Rule("r", RuleMatch.ANY, action)), RuleAction.rcsFirst(Duration.ofMinutes(15)));
    }

    static final RuleAction RCS_FIRST = RuleAction.rcsFirst(Duration.ofMinutes(15));
    static final FallbackPolicy NOTHING_ON = new FallbackPolicy(false, MissingFeature.SEND, false, false, null, false);

    record Row(String name, MessageFacts m, Capabilities caps, PlatformHealth health, RuleAction action, String channel,
               String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> table() {
        Capabilities capable = Capabilities.known(true, FULL);
        Capabilities notCapable = Capabilities.known(false, Set.of());
        return Stream.of(
                new Row("capable text -> rcs", msg(Set.of(TEXT)), capable, PlatformHealth.UP, RCS_FIRST, "rcs", "channel:rcs"),
                new Row("not capable -> sms", msg(Set.of(TEXT)), notCapable, PlatformHealth.UP, RCS_FIRST, "sms",
                        "fallback:not-capable"),
                new Row("not capable, trigger off -> failed", msg(Set.of(TEXT)), notCapable, PlatformHealth.UP,
                        RCS_FIRST.withFallback(NOTHING_ON), "failed", "rcs:not-capable"),
                new Row("capability lookup failed -> sms with the platform's detail", msg(Set.of(TEXT)),
                        new Capabilities.Unknown("timeout"), PlatformHealth.UP, RCS_FIRST, "sms", "fallback:timeout"),
                new Row("breaker open -> sms", msg(Set.of(CARD)), capable, PlatformHealth.unavailable("breaker-open"),
                        RCS_FIRST, "sms", "fallback:breaker-open"),
                new Row("breaker open, trigger off -> failed", msg(Set.of(CARD)), capable,
                        PlatformHealth.unavailable("breaker-open"), RCS_FIRST.withFallback(NOTHING_ON), "failed",
                        "rcs:breaker-open"),
                new Row("no platform -> sms", msg(Set.of(TEXT)), Capabilities.NOT_ASKED, PlatformHealth.NONE, RCS_FIRST,
                        "sms", "channel:sms"),
                new Row("no platform, rcs-only -> failed", msg(Set.of(TEXT)), Capabilities.NOT_ASKED, PlatformHealth.NONE,
                        RCS_FIRST.withChannel(ChannelPolicy.RCS_ONLY), "failed", "rcs:no-platform"),
                new Row("sms-only -> sms without asking", msg(Set.of(CARD)), Capabilities.NOT_ASKED, PlatformHealth.UP,
                        RCS_FIRST.withChannel(ChannelPolicy.SMS_ONLY), "sms", "channel:sms"),
                new Row("rcs-only not capable -> failed", msg(Set.of(TEXT)), notCapable, PlatformHealth.UP,
                        RCS_FIRST.withChannel(ChannelPolicy.RCS_ONLY), "failed", "rcs:not-capable"),
                new Row("carousel, no carousel feature, send -> rcs", msg(Set.of(CAROUSEL)),
                        Capabilities.known(true, NO_CAROUSEL), PlatformHealth.UP, RCS_FIRST, "rcs", "channel:rcs"),
                new Row("carousel, no carousel feature, degrade -> rcs text", msg(Set.of(CAROUSEL, SUGGESTIONS)),
                        Capabilities.known(true, NO_CAROUSEL), PlatformHealth.UP,
                        RCS_FIRST.withFallback(missing(MissingFeature.DEGRADE)), "rcs", "channel:rcs-degraded"),
                new Row("carousel, no carousel feature, sms -> sms", msg(Set.of(CAROUSEL)),
                        Capabilities.known(true, NO_CAROUSEL), PlatformHealth.UP,
                        RCS_FIRST.withFallback(missing(MissingFeature.SMS)), "sms", "fallback:missing-feature"),
                new Row("carousel, no carousel feature, sms under rcs-only -> degraded", msg(Set.of(CAROUSEL)),
                        Capabilities.known(true, NO_CAROUSEL), PlatformHealth.UP,
                        RCS_FIRST.withFallback(missing(MissingFeature.SMS)).withChannel(ChannelPolicy.RCS_ONLY), "rcs",
                        "channel:rcs-degraded"),
                new Row("RBM feature names count", msg(Set.of(CAROUSEL)),
                        Capabilities.known(true, Set.of("RICHCARD_CAROUSEL")), PlatformHealth.UP,
                        RCS_FIRST.withFallback(missing(MissingFeature.SMS)), "rcs", "channel:rcs"),
                new Row("no features listed: not judged", msg(Set.of(FILE)), Capabilities.known(true, Set.of()),
                        PlatformHealth.UP, RCS_FIRST.withFallback(missing(MissingFeature.SMS)), "rcs", "channel:rcs"),
                new Row("file without fileTransfer -> sms", msg(Set.of(FILE)), Capabilities.known(true, Set.of("chat")),
                        PlatformHealth.UP, RCS_FIRST.withFallback(missing(MissingFeature.SMS)), "sms",
                        "fallback:missing-feature"),
                new Row("location without geolocationPush -> sms", msg(Set.of(LOCATION)), Capabilities.known(true, FULL),
                        PlatformHealth.UP, RCS_FIRST.withFallback(missing(MissingFeature.SMS)), "sms",
                        "fallback:missing-feature"),
                new Row("location with geolocationPush -> rcs", msg(Set.of(LOCATION)),
                        Capabilities.known(true, Set.of("chat", "geolocationPush")), PlatformHealth.UP,
                        RCS_FIRST.withFallback(missing(MissingFeature.SMS)), "rcs", "channel:rcs"),
                new Row("upgrade allowed, capable -> rcs", upgrade(Set.of(TEXT)), capable, PlatformHealth.UP,
                        RCS_FIRST.withUpgrade(true), "rcs", "upgrade:rcs"),
                new Row("upgrade allowed, not capable -> plain sms, not a fallback", upgrade(Set.of(TEXT)), notCapable,
                        PlatformHealth.UP, RCS_FIRST.withUpgrade(true), "sms", "channel:sms"),
                new Row("upgrade not allowed -> sms", upgrade(Set.of(TEXT)), Capabilities.NOT_ASKED, PlatformHealth.UP,
                        RCS_FIRST, "sms", "channel:sms"),
                new Row("upgrade of a card is not an upgrade -> sms", upgrade(Set.of(CARD)), capable, PlatformHealth.UP,
                        RCS_FIRST.withUpgrade(true), "sms", "channel:sms"),
                new Row("upgrade with platform down -> plain sms", upgrade(Set.of(TEXT)), Capabilities.NOT_ASKED,
                        PlatformHealth.unavailable("breaker-open"), RCS_FIRST.withUpgrade(true), "sms", "channel:sms"),
                new Row("message asks sms-only under rcs-first -> sms", requested(new Requested(ChannelPolicy.SMS_ONLY,
                        null, null, null, false)), capable, PlatformHealth.UP, RCS_FIRST, "sms", "channel:sms"),
                new Row("message asks rcs-only under rcs-first: no fallback", requested(new Requested(ChannelPolicy.RCS_ONLY,
                        null, null, null, false)), notCapable, PlatformHealth.UP, RCS_FIRST, "failed", "rcs:not-capable"));
    }

    static FallbackPolicy missing(MissingFeature m) {
        return new FallbackPolicy(true, m, true, true, Duration.ofMinutes(15), true);
    }

    static MessageFacts upgrade(Set<ContentKind> kinds) {
        return new MessageFacts("bot1", "+447700900123", kinds, null, Set.of(), new Requested(null, null, null, null, true));
    }

    static MessageFacts requested(Requested r) {
        return new MessageFacts("bot1", "+447700900123", Set.of(TEXT), null, Set.of(), r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Row row) {
        ChannelDecision d = Decider.decide(row.m(), row.caps(), row.health(), only(row.action()), NOW);
        assertThat(d.channel()).as("channel").isEqualTo(row.channel());
        assertThat(d.reason()).as("reason").isEqualTo(row.reason());
        assertThat(d.rule()).isEqualTo("r");
        assertThat(d.trace()).as("trace").isNotEmpty();
        assertThat(d.trace().get(d.trace().size() - 1).toString()).isNotBlank();
    }

    @Test
    void theTraceSaysWhatWasCheckedInOrder() {
        RuleSet rules = RuleSet.of("v1", List.of(
                new Rule("promo", new RuleMatch(Set.of(), List.of(), Set.of(), Set.of("promotion"), Set.of(), null, null),
                        RCS_FIRST.withChannel(ChannelPolicy.SMS_ONLY)),
                new Rule("uk", new RuleMatch(Set.of("bot1"), List.of("44"), Set.of(), Set.of(), Set.of(), null, null),
                        RCS_FIRST)), RCS_FIRST);
        ChannelDecision d = Decider.decide(msg(Set.of(TEXT)), Capabilities.known(false, Set.of()), PlatformHealth.UP, rules, NOW);
        assertThat(d.rule()).isEqualTo("uk");
        assertThat(d.trace()).extracting(Check::toString).containsExactly(
                "rule[promo].trafficType null ✗",
                "rule[uk].bot bot1 ✓",
                "rule[uk].prefix 447… ✓",
                "rule uk ✓",
                "channel rcs-first ✓",
                "capable no ✗",
                "fallback.notCapable on ✓");
        assertThat(String.join(" ", d.trace().stream().map(Check::toString).toList())).doesNotContain("7700900123");
    }

    @Test
    void aRuleForAnotherBotLeavesNoTraceAndNoRulesListIsShown() {
        RuleSet rules = RuleSet.of("v1", List.of(
                new Rule("bankx-otp", new RuleMatch(Set.of("bankx", "banky"), List.of(), Set.of(), Set.of(), Set.of(), null, null),
                        RCS_FIRST),
                new Rule("winter", new RuleMatch(Set.of(), List.of("33", "49"), Set.of(), Set.of(), Set.of("sale", "vip"), null,
                        null), RCS_FIRST)), RCS_FIRST);
        String trace = Decider.decide(msg(Set.of(TEXT)), Capabilities.known(true, FULL), PlatformHealth.UP, rules, NOW).trace()
                .toString();
        assertThat(trace).doesNotContain("bankx").doesNotContain("banky").doesNotContain("33").doesNotContain("49")
                .doesNotContain("vip").contains("rule[winter].prefix 447… ✗");
    }

    @Test
    void needsCapabilitiesOnlyWhereRcsIsPossible() {
        Rule rcs = new Rule("r", RuleMatch.ANY, RCS_FIRST);
        Rule sms = new Rule("s", RuleMatch.ANY, RCS_FIRST.withChannel(ChannelPolicy.SMS_ONLY));
        assertThat(Decider.needsCapabilities(msg(Set.of(TEXT)), rcs, PlatformHealth.UP)).isTrue();
        assertThat(Decider.needsCapabilities(msg(Set.of(TEXT)), sms, PlatformHealth.UP)).isFalse();
        assertThat(Decider.needsCapabilities(msg(Set.of(TEXT)), rcs, PlatformHealth.unavailable("breaker-open"))).isFalse();
        assertThat(Decider.needsCapabilities(msg(Set.of(TEXT)), rcs, PlatformHealth.NONE)).isFalse();
        assertThat(Decider.needsCapabilities(upgrade(Set.of(TEXT)), rcs, PlatformHealth.UP)).isFalse();
        assertThat(Decider.needsCapabilities(upgrade(Set.of(TEXT)), new Rule("u", RuleMatch.ANY, RCS_FIRST.withUpgrade(true)),
                PlatformHealth.UP)).isTrue();
    }

    @Test
    void aDeferringWindowHoldsTheMessageAndARefusingOneRefusesIt() {
        TimeWindow day = new TimeWindow(java.time.LocalTime.of(9, 0), java.time.LocalTime.of(20, 0),
                java.time.ZoneId.of("Europe/London"));
        Instant night = Instant.parse("2026-12-01T21:30:00Z");
        RuleSet defer = RuleSet.of("v", List.of(new Rule("promo", new RuleMatch(Set.of(), List.of(), Set.of(),
                Set.of("promotion"), Set.of(), day, OutsideWindow.DEFER), RCS_FIRST)), RCS_FIRST);
        MessageFacts promo = new MessageFacts("bot1", "+447700900123", Set.of(TEXT), "promotion", Set.of(), null);
        ChannelDecision d = Decider.decide(promo, Capabilities.NOT_ASKED, PlatformHealth.UP, defer, night);
        assertThat(d).isInstanceOf(ChannelDecision.Defer.class);
        assertThat(((ChannelDecision.Defer) d).until()).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
        RuleSet refuse = RuleSet.of("v", List.of(new Rule("promo", new RuleMatch(Set.of(), List.of(), Set.of(),
                Set.of("promotion"), Set.of(), day, OutsideWindow.REFUSE), RCS_FIRST)), RCS_FIRST);
        ChannelDecision r = Decider.decide(promo, Capabilities.NOT_ASKED, PlatformHealth.UP, refuse, night);
        assertThat(r).isInstanceOf(ChannelDecision.Refuse.class);
        assertThat(((ChannelDecision.Refuse) r).field()).isEqualTo("gateway.trafficType");
        assertThat(((ChannelDecision.Refuse) r).detail()).contains("09:00", "20:00", "Europe/London");
        // inside the window the same rule sends
        assertThat(Decider.decide(promo, Capabilities.known(true, FULL), PlatformHealth.UP, refuse,
                Instant.parse("2026-12-01T10:00:00Z")).channel()).isEqualTo("rcs");
    }
}
