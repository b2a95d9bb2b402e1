package io.rcsgw.rules.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A message may narrow its rule, never widen it: each field, allowed and refused. */
class NarrowingTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final RuleAction RCS_FIRST = RuleAction.rcsFirst(Duration.ofMinutes(15)).withMaxTtl(Duration.ofHours(1));

    record Row(String name, RuleAction action, Requested req, String refusedField) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Requested channel(ChannelPolicy c) {
        return new Requested(c, null, null, null, false);
    }

    static Stream<Row> table() {
        RuleAction smsOnly = RCS_FIRST.withChannel(ChannelPolicy.SMS_ONLY);
        RuleAction rcsOnly = RCS_FIRST.withChannel(ChannelPolicy.RCS_ONLY);
        return Stream.of(
                new Row("nothing asked", RCS_FIRST, Requested.NOTHING, null),
                new Row("sms-only under rcs-first", RCS_FIRST, channel(ChannelPolicy.SMS_ONLY), null),
                new Row("rcs-only under rcs-first", RCS_FIRST, channel(ChannelPolicy.RCS_ONLY), null),
                new Row("rcs-only under sms-only", smsOnly, channel(ChannelPolicy.RCS_ONLY), "gateway.channel"),
                new Row("rcs-first under sms-only", smsOnly, channel(ChannelPolicy.RCS_FIRST), "gateway.channel"),
                new Row("sms-only under rcs-only", rcsOnly, channel(ChannelPolicy.SMS_ONLY), "gateway.channel"),
                new Row("same as the rule", smsOnly, channel(ChannelPolicy.SMS_ONLY), null),
                new Row("shorter fallbackAfter", RCS_FIRST, new Requested(null, Duration.ofSeconds(30), null, null, false), null),
                new Row("equal fallbackAfter", RCS_FIRST, new Requested(null, Duration.ofMinutes(15), null, null, false), null),
                new Row("longer fallbackAfter", RCS_FIRST, new Requested(null, Duration.ofMinutes(16), null, null, false),
                        "gateway.fallbackAfter"),
                new Row("fallbackAfter where the rule never falls back", rcsOnly,
                        new Requested(null, Duration.ofSeconds(30), null, null, false), "gateway.fallbackAfter"),
                new Row("expiry within the rule's maximum", RCS_FIRST,
                        new Requested(null, null, NOW.plusSeconds(600), "RCSMessage.expiry", false), null),
                new Row("expiry beyond it", RCS_FIRST,
                        new Requested(null, null, NOW.plusSeconds(7200), "RCSMessage.expiry", false), "RCSMessage.expiry"),
                new Row("ttl beyond it", RCS_FIRST,
                        new Requested(null, null, NOW.plusSeconds(7200), "gateway.ttl", false), "gateway.ttl"),
                new Row("expired already", RCS_FIRST, new Requested(null, null, NOW, "RCSMessage.expiry", false),
                        "RCSMessage.expiry"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void narrowsButNeverWidens(Row row) {
        var refusal = Narrowing.check(new Rule("r", RuleMatch.ANY, row.action()), row.req(), NOW);
        assertThat(refusal.map(Narrowing.Refusal::field).orElse(null)).isEqualTo(row.refusedField());
        refusal.ifPresent(r -> assertThat(r.detail()).isNotBlank());
    }

    @Test
    void theEffectiveActionIsTheNarrowedOne() {
        RuleAction a = Narrowing.effective(RCS_FIRST, new Requested(ChannelPolicy.RCS_ONLY, null, null, null, false));
        assertThat(a.channel()).isEqualTo(ChannelPolicy.RCS_ONLY);
        assertThat(a.mayUseSms()).isFalse();
        RuleAction quick = Narrowing.effective(RCS_FIRST, new Requested(null, Duration.ofSeconds(30), null, null, false));
        assertThat(quick.fallback().undeliveredAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Narrowing.effective(RCS_FIRST, Requested.NOTHING)).isSameAs(RCS_FIRST);
    }

    @Test
    void expiryComesFromTheMessageElseTheRule() {
        assertThat(Narrowing.expiresAt(RCS_FIRST, Requested.NOTHING, NOW)).isEqualTo(NOW.plusSeconds(3600));
        Instant asked = NOW.plusSeconds(60);
        assertThat(Narrowing.expiresAt(RCS_FIRST, new Requested(null, null, asked, "gateway.ttl", false), NOW)).isEqualTo(asked);
        assertThat(Narrowing.expiresAt(RuleAction.rcsFirst(null), Requested.NOTHING, NOW)).isNull();
    }
}
