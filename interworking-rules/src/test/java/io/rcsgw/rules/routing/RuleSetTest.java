package io.rcsgw.rules.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.rcsgw.rules.routing.ContentKind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every match condition, alone, against messages that meet it and ones that do not. */
class RuleSetTest {

    static final Instant NOON = Instant.parse("2026-12-01T12:00:00Z");
    static final RuleAction ACTION = RuleAction.rcsFirst(Duration.ofMinutes(15));

    static RuleMatch match(Set<String> bots, List<String> prefixes, Set<ContentKind> kinds, Set<String> traffic,
                           Set<String> tags) {
        return new RuleMatch(bots, prefixes, kinds, traffic, tags, null, null);
    }

    static MessageFacts facts(String bot, String to, Set<ContentKind> kinds, String traffic, Set<String> tags) {
        return new MessageFacts(bot, to, kinds, traffic, tags, null);
    }

    record Row(String name, RuleMatch match, MessageFacts m, boolean matches) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> table() {
        MessageFacts plain = facts("bot1", "+447700900123", Set.of(TEXT), "transaction", Set.of("otp", "uk"));
        return Stream.of(
                new Row("any matches anything", RuleMatch.ANY, plain, true),
                new Row("bot in list", match(Set.of("bot1", "bot9"), List.of(), Set.of(), Set.of(), Set.of()), plain, true),
                new Row("bot not in list", match(Set.of("bot2"), List.of(), Set.of(), Set.of(), Set.of()), plain, false),
                new Row("prefix matches", match(Set.of(), List.of("33", "4477"), Set.of(), Set.of(), Set.of()), plain, true),
                new Row("prefix does not", match(Set.of(), List.of("4478"), Set.of(), Set.of(), Set.of()), plain, false),
                new Row("content text", match(Set.of(), List.of(), Set.of(TEXT), Set.of(), Set.of()), plain, true),
                new Row("content card vs text", match(Set.of(), List.of(), Set.of(CARD, CAROUSEL), Set.of(), Set.of()),
                        plain, false),
                new Row("suggestions on a card", match(Set.of(), List.of(), Set.of(SUGGESTIONS), Set.of(), Set.of()),
                        facts("bot1", "+447700900123", Set.of(CARD, SUGGESTIONS), null, Set.of()), true),
                new Row("traffic type matches", match(Set.of(), List.of(), Set.of(), Set.of("transaction"), Set.of()),
                        plain, true),
                new Row("traffic type differs", match(Set.of(), List.of(), Set.of(), Set.of("promotion"), Set.of()),
                        plain, false),
                new Row("no traffic type never matches a list", match(Set.of(), List.of(), Set.of(), Set.of("promotion"),
                        Set.of()), facts("bot1", "+447700900123", Set.of(TEXT), null, Set.of()), false),
                new Row("one tag is enough", match(Set.of(), List.of(), Set.of(), Set.of(), Set.of("otp", "x")), plain, true),
                new Row("no tag in common", match(Set.of(), List.of(), Set.of(), Set.of(), Set.of("promo")), plain, false),
                new Row("all conditions together", match(Set.of("bot1"), List.of("44"), Set.of(TEXT), Set.of("transaction"),
                        Set.of("otp")), plain, true),
                new Row("all but one", match(Set.of("bot1"), List.of("44"), Set.of(TEXT), Set.of("transaction"),
                        Set.of("nope")), plain, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void matches(Row row) {
        RuleSet rules = RuleSet.of("v", List.of(new Rule("r", row.match(), ACTION)), ACTION);
        Selection s = rules.select(row.m(), NOON);
        assertThat(s).isInstanceOf(Selection.Matched.class);
        assertThat(s.rule().name()).isEqualTo(row.matches() ? "r" : RuleSet.DEFAULT_RULE);
    }

    @Test
    void firstMatchWinsAndTheImplicitRuleComesLast() {
        RuleSet rules = RuleSet.of("v", List.of(
                new Rule("a", match(Set.of(), List.of("44"), Set.of(), Set.of(), Set.of()), ACTION),
                new Rule("b", RuleMatch.ANY, ACTION)), ACTION);
        assertThat(rules.select(facts("bot1", "+447700900123", Set.of(TEXT), null, Set.of()), NOON).rule().name()).isEqualTo("a");
        assertThat(rules.select(facts("bot1", "+33612345678", Set.of(TEXT), null, Set.of()), NOON).rule().name()).isEqualTo("b");
        assertThat(rules.all()).extracting(Rule::name).containsExactly("a", "b", "default");
        assertThat(rules.named("default")).isSameAs(rules.fallbackRule());
        assertThat(rules.named("nope")).isNull();
    }

    @Test
    void aSkippingWindowPassesTheMessageToTheNextRule() {
        TimeWindow day = new TimeWindow(LocalTime.of(9, 0), LocalTime.of(20, 0), ZoneId.of("Europe/London"));
        RuleSet rules = RuleSet.of("v", List.of(
                new Rule("day", new RuleMatch(Set.of(), List.of(), Set.of(), Set.of("promotion"), Set.of(), day,
                        OutsideWindow.SKIP), ACTION),
                new Rule("night", match(Set.of(), List.of(), Set.of(), Set.of("promotion"), Set.of()),
                        ACTION.withChannel(ChannelPolicy.SMS_ONLY))), ACTION);
        MessageFacts promo = facts("bot1", "+447700900123", Set.of(TEXT), "promotion", Set.of());
        assertThat(rules.select(promo, Instant.parse("2026-12-01T10:00:00Z")).rule().name()).isEqualTo("day");
        Selection night = rules.select(promo, Instant.parse("2026-12-01T20:00:00Z"));
        assertThat(night.rule().name()).isEqualTo("night");
        assertThat(night.trace()).extracting(Check::toString).contains("rule[day].window 20:00 in 09:00-20:00 Europe/London ✗");
    }

    @Test
    void rulesAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> RuleSet.of("v", List.of(new Rule("a", RuleMatch.ANY, ACTION), new Rule("a", RuleMatch.ANY,
                ACTION)), ACTION)).hasMessageContaining("'a' is used twice");
        assertThatThrownBy(() -> RuleSet.of("v", List.of(new Rule("default", RuleMatch.ANY, ACTION)), ACTION))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> new Rule("no spaces", RuleMatch.ANY, ACTION)).hasMessageContaining("rule name");
        assertThatThrownBy(() -> match(Set.of(), List.of("+44"), Set.of(), Set.of(), Set.of()))
                .hasMessageContaining("E.164 digits");
        // rcs-only switches every SMS fallback off, whatever the policy said
        RuleAction rcsOnly = ACTION.withChannel(ChannelPolicy.RCS_ONLY);
        for (FallbackTrigger t : FallbackTrigger.values()) {
            assertThat(rcsOnly.fallback().allows(t)).as(t.name()).isFalse();
        }
    }
}
