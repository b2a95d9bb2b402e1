package io.rcsgw.gateway.config;

import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.ChannelPolicy;
import io.rcsgw.rules.routing.ContentKind;
import io.rcsgw.rules.routing.MissingFeature;
import io.rcsgw.rules.routing.OutsideWindow;
import io.rcsgw.rules.routing.Overflow;
import io.rcsgw.rules.routing.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rules in the config and in a rules file: what they compile to, and every error with its key and line. */
class RuleCompilerTest {

    static final String MIN = """
            smsc: [{name: a, host: 127.0.0.1, port: 2775, systemId: gw, password: pw}]
            bots: [{id: b, secret: secret-12}]
            webView: {publicBaseUrl: "https://m.example.com/"}
            """;

    static final String RULE = """
            rules:
              - name: promo
                match:
                  bots: [b]
                  prefixes: ["+44"]
                  content: [card, suggestions]
                  trafficTypes: [promotion]
                  tags: [x]
                  window: {from: "09:00", to: "20:00", zone: Europe/London, outside: defer}
                channel: rcs-first
                fallback: {notCapable: false, missingFeature: degrade, undeliveredAfter: 30s, revokeFailed: hold}
                sms: {sender: Acme, validity: 1h, maxSegments: 2, overflow: web-view, webViewTtl: 2d, replyWindow: 12h}
                maxTtl: 2h
                upgrade: true
                receipts: {timeout: 3h, finalState: expired}
            """;

    @TempDir
    Path dir;

    @Test
    void aRuleCompilesToWhatItSays() {
        GatewayConfig c = ConfigLoader.parse(MIN + RULE, Map.of());
        assertThat(c.webView().publicBaseUrl()).as("no trailing slash").isEqualTo("https://m.example.com");
        RuleSet set = ConfigLoader.ruleSet(c);
        assertThat(set.rules()).hasSize(1);
        var r = set.rules().get(0);
        assertThat(r.match().bots()).containsExactly("b");
        assertThat(r.match().prefixes()).containsExactly("44");
        assertThat(r.match().content()).containsExactlyInAnyOrder(ContentKind.CARD, ContentKind.SUGGESTIONS);
        assertThat(r.match().window().toString()).isEqualTo("09:00-20:00 Europe/London");
        assertThat(r.match().outside()).isEqualTo(OutsideWindow.DEFER);
        var a = r.action();
        assertThat(a.channel()).isEqualTo(ChannelPolicy.RCS_FIRST);
        assertThat(a.fallback().notCapable()).isFalse();
        assertThat(a.fallback().platformUnavailable()).isTrue();
        assertThat(a.fallback().missingFeature()).isEqualTo(MissingFeature.DEGRADE);
        assertThat(a.fallback().undeliveredAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.fallback().sendIfRevokeFails()).isFalse();
        assertThat(a.sms().sender()).isEqualTo("Acme");
        assertThat(a.sms().overflow()).isEqualTo(Overflow.WEB_VIEW);
        assertThat(a.sms().replyWindow()).isEqualTo(Duration.ofHours(12));
        assertThat(a.maxTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(a.upgrade()).isTrue();
        assertThat(a.receipts().finalState()).isEqualTo(MessageState.EXPIRED);
        // the implicit last rule keeps the plain behaviour, with rcs.deliveryTimeout
        assertThat(set.fallbackRule().action().fallback().undeliveredAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(set.version()).hasSize(12).isEqualTo(ConfigLoader.ruleSet(ConfigLoader.parse(MIN + RULE, Map.of())).version());
        assertThat(ConfigLoader.ruleSet(ConfigLoader.parse(MIN + RULE.replace("2h", "3h"), Map.of())).version())
                .isNotEqualTo(set.version());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "channel: rcs-first|channel: rcs-last|rules[0].channel (line 13): rcs-first, sms-only or rcs-only",
            "missingFeature: degrade|missingFeature: ignore|rules[0].fallback.missingFeature (line 14): send, degrade or sms",
            "undeliveredAfter: 30s|undeliveredAfter: soon|rules[0].fallback.undeliveredAfter (line 14): a duration such as 30s or 15m, or off",
            "revokeFailed: hold|revokeFailed: maybe|rules[0].fallback.revokeFailed (line 14): send (SMS anyway) or hold (no SMS)",
            "overflow: web-view|overflow: split|rules[0].sms.overflow (line 15): reject, truncate or web-view",
            "maxSegments: 2|maxSegments: 300|rules[0].sms.maxSegments (line 15): must be 1..255 (or 0 for api.maxSmsSegments)",
            "bots: [b]|bots: [nobody]|rules[0].match.bots[0] (line 7): no bot nobody under bots",
            "trafficTypes: [promotion]|trafficTypes: [promo]|rules[0].match.trafficTypes[0] (line 10): one of [acknowledgement, advertisement, authentication, payment, premium, promotion, service, serviceRequest, subscription, transaction]",
            "finalState: expired|finalState: DISPLAYED|rules[0].receipts.finalState (line 18): one of UNDELIVERABLE, EXPIRED, DELIVERED, FAILED",
            "zone: Europe/London|zone: Mars/Olympus|rules[0].match.window.zone (line 12): a time zone such as Europe/London",
            "from: \"09:00\"|from: \"9 am\"|rules[0].match.window.from (line 12): a time of day such as 09:00",
            "outside: defer|outside: later|rules[0].match.window.outside (line 12): skip, defer or refuse",
            "content: [card, suggestions]|content: [card, video]|rules[0].match.content[1] (line 9): one of text, file, card, carousel, suggestions",
            "prefixes: [\"+44\"]|prefixes: [\"44x\"]|rules[0].match.prefixes[0] (line 8): E.164 digits such as 44 or 4477",
            "name: promo|name: two words|rules[0].name (line 5): 1-64 characters of A-Z a-z 0-9 . _ -",
            "upgrade: true|colour: red|rules[0].colour (line 17): unknown key",
    })
    void errorsNameTheKeyAndLine(String from, String to, String message) {
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + RULE.replace(from, to), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void aWebViewOverflowNeedsWebViewsAndTwoRulesNeedTwoNames() {
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("webView: {publicBaseUrl: \"https://m.example.com/\"}\n", "")
                + RULE, Map.of())).hasMessageStartingWith("rules[0].sms.overflow").hasMessageEndingWith(
                "web-view needs webView.publicBaseUrl");
        String two = MIN + "rules:\n  - {name: a}\n  - {name: a}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(two, Map.of())).hasMessageStartingWith("rules[1].name (line 6)");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "rules:\n  - {name: default}\n", Map.of()))
                .hasMessageContaining("implicit last rule");
    }

    @Test
    void aRulesFileIsReadWithItsOwnLinesAndNotTogetherWithRules() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, RULE);
        GatewayConfig c = ConfigLoader.parse(MIN + "rulesFile: \"" + file + "\"\n", Map.of());
        assertThat(ConfigLoader.ruleSet(c).rules()).extracting(r -> r.name()).containsExactly("promo");
        Files.writeString(file, RULE.replace("overflow: web-view", "overflow: split"));
        assertThatThrownBy(() -> ConfigLoader.ruleSet(c))
                .hasMessage("rules[0].sms.overflow (" + file + " line 12): reject, truncate or web-view");
        Files.writeString(file, "rules:\n  - name: x\n    chanel: sms-only\n");
        assertThatThrownBy(() -> ConfigLoader.ruleSet(c)).hasMessage("rules[0].chanel (" + file + " line 3): unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "rulesFile: \"" + file + "\"\n" + RULE, Map.of()))
                .hasMessageStartingWith("rulesFile").hasMessageContaining("not both");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "rulesFile: \"" + dir.resolve("missing.yaml") + "\"\n", Map.of()))
                .hasMessage("rulesFile (line 4): cannot read " + dir.resolve("missing.yaml") + ": no such file");
    }

    @Test
    void aBotsTemplateIsCompiledAtStart() {
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("secret: secret-12}", "secret: secret-12, smsTemplate: \"{{#cards}}\"}"),
                Map.of())).hasMessageStartingWith("bots[0].smsTemplate").hasMessageContaining("cards");
    }
}
