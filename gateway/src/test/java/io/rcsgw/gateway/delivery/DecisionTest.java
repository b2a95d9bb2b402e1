package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rules.routing.ChannelDecision;
import io.rcsgw.rules.routing.Check;
import io.rcsgw.rules.routing.FallbackReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionTest {

    @Test
    void storedAndReadBackWithItsTrace() throws Exception {
        Decision d = Decision.of(new ChannelDecision.Sms("uk", List.of(new Check("rule", "uk", true),
                new Check("capable", "no", false)), FallbackReason.NOT_CAPABLE, null));
        var json = new ObjectMapper().readTree(d.json());
        assertThat(json.get("rule").asText()).isEqualTo("uk");
        assertThat(json.get("channel").asText()).isEqualTo("sms");
        assertThat(json.get("reason").asText()).isEqualTo("fallback:not-capable");
        assertThat(json.at("/trace/1/check").asText()).isEqualTo("capable");
        assertThat(json.at("/trace/1/passed").asBoolean()).isFalse();
        assertThat(Decision.parse(d.json())).isEqualTo(d);
        Decision deferred = Decision.of(new ChannelDecision.Defer("promo", List.of(), Instant.parse("2026-12-02T09:00:00Z")));
        assertThat(Decision.parse(deferred.json()).until()).isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
        assertThat(Decision.parse("not json").rule()).isNull();
    }

    @Test
    void aFallbackKeepsTheRuleAndAddsItsCheck() {
        Decision rcs = Decision.of(new ChannelDecision.Rcs("default", List.of(new Check("capable", "yes", true)), false, false));
        Decision sms = rcs.fellBack("fallback:rcs-failed", new Check("fallback", "fallback:rcs-failed", true));
        assertThat(sms.rule()).isEqualTo("default");
        assertThat(sms.channel()).isEqualTo("sms");
        assertThat(sms.reason()).isEqualTo("fallback:rcs-failed");
        assertThat(sms.trace()).hasSize(2);
        assertThat(rcs.trace()).hasSize(1);
    }
}
