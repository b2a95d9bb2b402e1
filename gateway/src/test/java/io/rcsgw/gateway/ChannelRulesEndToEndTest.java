package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.await;
import static io.rcsgw.gateway.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the operator's rules send messages, end to end: sms-only and rcs-only rules, what a
 * message may and may not ask of its rule, handsets without a feature, upgrades of SMS-bound
 * text, time windows that defer or refuse, and reloads that change the next message's way.
 */
class ChannelRulesEndToEndTest {

    @TempDir
    Path dir;
    RulesRig rig;

    static String rules() {
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        return """
                rules:
                  - name: sms-only
                    match: {tags: [sms]}
                    channel: sms-only
                  - name: rcs-only
                    match: {tags: [rcs]}
                    channel: rcs-only
                  - name: degrade
                    match: {content: [carousel], tags: [degrade]}
                    fallback: {missingFeature: degrade}
                  - name: carousel-sms
                    match: {content: [carousel]}
                    fallback: {missingFeature: sms}
                  - name: upgrade
                    match: {tags: [upgrade]}
                    upgrade: true
                  - name: later
                    match: {tags: [later], window: {from: "%s", to: "%s", zone: UTC, outside: defer}}
                  - name: never
                    match: {tags: [never], window: {from: "%s", to: "%s", zone: UTC, outside: refuse}}
                """.formatted(now.plusSeconds(3), now.plusHours(1), now.plusHours(2), now.plusHours(3));
    }

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, rules());
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void smsOnlyAndRcsOnlyRulesDecideAndSayWhy() throws Exception {
        assertThat(rig.send(RulesRig.text("s1", "Hi", "+447700900123", "\"tags\":[\"sms\"]")).status()).isEqualTo(202);
        rig.awaitState("s1", "DELIVERED", 10_000);
        JsonNode s1 = rig.gw("s1");
        assertThat(s1.get("channel").asText()).isEqualTo("sms");
        assertThat(s1.get("rule").asText()).isEqualTo("sms-only");
        assertThat(s1.at("/decision/rule").asText()).isEqualTo("sms-only");
        assertThat(s1.at("/decision/channel").asText()).isEqualTo("sms");
        assertThat(checks(s1)).contains("rule[sms-only].tags [sms] ✓", "channel sms-only ✓");
        assertThat(rig.reasonOf("s1", "SMS_QUEUED")).isEqualTo("channel:sms");
        assertThat(rig.platform().received()).noneMatch(r -> r.msgId().equals("s1"));
        assertThat(s1.at("/sms/text").asText()).isEqualTo("Hi");
        assertThat(s1.at("/sms/encoding").asText()).isEqualTo("GSM7");
        assertThat(s1.at("/sms/segments").asInt()).isEqualTo(1);

        // rcs-only to a number without RCS: it fails, and no SMS goes
        assertThat(rig.send(RulesRig.text("r1", "Hi", "+447700900900", "\"tags\":[\"rcs\"]")).status()).isEqualTo(202);
        rig.awaitState("r1", "FAILED", 10_000);
        assertThat(rig.reasonOf("r1", "FAILED")).isEqualTo("rcs:not-capable");
        assertThat(checks(rig.gw("r1"))).contains("capable no ✗");
        assertThat(rig.smsTo("+447700900900")).isEmpty();
        // every status event names the rule and the reason
        await("r1's event", 5000, () -> !rig.hooksFor("r1").isEmpty());
        JsonNode event = rig.hooksFor("r1").get(0);
        assertThat(event.at("/gateway/rule").asText()).isEqualTo("rcs-only");
        assertThat(event.at("/gateway/reason").asText()).isEqualTo("rcs:not-capable");
        assertThat(event.at("/RCSMessage/status").asText()).isEqualTo("failed");
    }

    @Test
    void aMessageMayNarrowItsRuleButNotWidenIt() throws Exception {
        Harness.Reply widened = rig.send(RulesRig.text("w1", "Hi", "+447700900123", "\"tags\":[\"sms\"],\"channel\":\"rcs-only\""));
        assertThat(widened.status()).isEqualTo(422);
        assertThat(widened.contentType()).startsWith("application/problem+json");
        assertThat(widened.body().get("type").asText()).endsWith("/refused-by-rule");
        assertThat(widened.body().get("field").asText()).isEqualTo("gateway.channel");
        assertThat(widened.body().get("detail").asText()).contains("sms-only");
        assertThat(rig.state("w1")).isEqualTo("HTTP 404"); // nothing stored
        // narrowed: sms-only under the default rule, for an RCS user
        assertThat(rig.send(RulesRig.text("n1", "Hi", "+447700900123", "\"channel\":\"sms-only\"")).status()).isEqualTo(202);
        rig.awaitState("n1", "DELIVERED", 10_000);
        assertThat(rig.gw("n1").get("channel").asText()).isEqualTo("sms");
        assertThat(rig.gw("n1").at("/decision/rule").asText()).isEqualTo("default");
        Harness.Reply longer = rig.send(RulesRig.text("n2", "Hi", "+447700900123", "\"fallbackAfter\":\"2h\""));
        assertThat(longer.status()).isEqualTo(422);
        assertThat(longer.body().get("field").asText()).isEqualTo("gateway.fallbackAfter");
    }

    @Test
    void theDefaultRuleExplainsAFallbackForANumberWithoutRcs() throws Exception {
        assertThat(rig.send(RulesRig.text("d1", "Hi", "+447700900900", "")).status()).isEqualTo(202);
        rig.awaitState("d1", "DELIVERED", 10_000);
        JsonNode d = rig.gw("d1").get("decision");
        assertThat(d.get("rule").asText()).isEqualTo("default");
        assertThat(d.get("channel").asText()).isEqualTo("sms");
        assertThat(d.get("reason").asText()).isEqualTo("fallback:not-capable");
        List<String> checks = checks(rig.gw("d1"));
        assertThat(checks).contains("rule default ✓", "channel rcs-first ✓", "capable no ✗", "fallback.notCapable on ✓");
        // the rules that did not match say which condition failed, and the number is not in the trace
        assertThat(checks).contains("rule[sms-only].tags [] ✗");
        assertThat(String.join(" ", checks)).doesNotContain("7700900900");
    }

    @Test
    void aCarouselToAHandsetWithoutCarouselsIsDegradedOrSentAsSmsPerRule() throws Exception {
        String carousel = """
                {"RCSMessage":{"msgId":"%s","richcardMessage":{"message":{"generalPurposeCardCarousel":{
                  "layout":{"cardWidth":"MEDIUM_WIDTH"},
                  "content":[{"title":"Red","description":"Size 42"},{"title":"Blue"}]}}}},
                 "messageContact":{"userContact":"%s"},"gateway":{%s}}""";
        // degraded: RCS, as the text rendering
        assertThat(rig.send(carousel.formatted("c1", "+447700900401", "\"tags\":[\"degrade\"]")).status()).isEqualTo(202);
        rig.awaitState("c1", "DISPLAYED", 10_000);
        assertThat(rig.gw("c1").at("/decision/reason").asText()).isEqualTo("channel:rcs-degraded");
        var sent = rig.platform().received().stream().filter(r -> r.msgId().equals("c1")).findFirst().orElseThrow();
        assertThat(sent.rcsMessage().has("richcardMessage")).isFalse();
        assertThat(sent.rcsMessage().get("textMessage").asText()).isEqualTo("1) Red\nSize 42\n\n2) Blue");
        // the other rule sends it as SMS
        assertThat(rig.send(carousel.formatted("c2", "+447700900402", "")).status()).isEqualTo(202);
        rig.awaitState("c2", "DELIVERED", 10_000);
        assertThat(rig.gw("c2").get("channel").asText()).isEqualTo("sms");
        assertThat(rig.reasonOf("c2", "SMS_QUEUED")).isEqualTo("fallback:missing-feature");
        assertThat(checks(rig.gw("c2"))).anyMatch(c -> c.startsWith("features missing [carousel]: sms"));
        // a handset with carousels gets the carousel
        assertThat(rig.send(carousel.formatted("c3", "+447700900103", "")).status()).isEqualTo(202);
        rig.awaitState("c3", "DISPLAYED", 10_000);
        assertThat(rig.platform().received().stream().filter(r -> r.msgId().equals("c3")).findFirst().orElseThrow()
                .rcsMessage().has("richcardMessage")).isTrue();
    }

    @Test
    void anSmsBoundTextIsUpgradedWhereTheRuleAllowsAndReadsAsSms() throws Exception {
        assertThat(rig.send(RulesRig.text("u1", "Code 1234", "+447700900124", "\"tags\":[\"upgrade\"],\"upgrade\":true"))
                .status()).isEqualTo(202);
        rig.awaitState("u1", "DELIVERED", 10_000);
        Thread.sleep(400); // the platform's displayed (150 ms after the send) is in by now: an upgraded text ends delivered
        assertThat(rig.state("u1")).isEqualTo("DELIVERED");
        assertThat(rig.gw("u1").get("channel").asText()).isEqualTo("rcs");
        assertThat(rig.reasonOf("u1", "RCS_SENT")).isEqualTo("upgrade:rcs");
        await("u1's events", 5000, () -> rig.hooksFor("u1").size() >= 2);
        List<String> states = rig.hooksFor("u1").stream().map(e -> e.at("/gateway/state").asText()).toList();
        assertThat(states).containsExactly("SMS_SUBMITTED", "DELIVERED");
        assertThat(rig.hooksFor("u1").get(0).at("/gateway/upgraded").asBoolean()).isTrue();
        // where no rule allows it, an upgrade request stays SMS
        assertThat(rig.send(RulesRig.text("u2", "Code 1234", "+447700900124", "\"upgrade\":true")).status()).isEqualTo(202);
        rig.awaitState("u2", "DELIVERED", 10_000);
        assertThat(rig.gw("u2").get("channel").asText()).isEqualTo("sms");
        assertThat(rig.reasonOf("u2", "SMS_QUEUED")).isEqualTo("channel:sms");
    }

    @Test
    void aWindowDefersOrRefusesOutsideItsHours() throws Exception {
        Harness.Reply refused = rig.send(RulesRig.text("x1", "Sale!", "+447700900123", "\"tags\":[\"never\"]"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("field").asText()).isEqualTo("gateway.tags");
        assertThat(refused.body().get("detail").asText()).contains("rule never sends these messages only between");

        assertThat(rig.send(RulesRig.text("l1", "Later", "+447700900123", "\"tags\":[\"later\"]")).status()).isEqualTo(202);
        JsonNode held = rig.gw("l1");
        assertThat(held.get("state").asText()).isEqualTo("ACCEPTED");
        assertThat(held.at("/decision/channel").asText()).isEqualTo("deferred");
        assertThat(held.at("/decision/until").asText()).isNotBlank();
        assertThat(rig.platform().received()).noneMatch(r -> r.msgId().equals("l1"));
        // the window opens 3 s after the rules were written
        rig.awaitState("l1", "DISPLAYED", 15_000);
        assertThat(rig.gw("l1").get("channel").asText()).isEqualTo("rcs");
        assertThat(rig.gw("l1").at("/decision/rule").asText()).isEqualTo("later");
    }

    @Test
    void aReloadChangesTheNextMessageAndAnInvalidOneChangesNothing() throws Exception {
        String base = "rules:\n  - name: flip\n    match: {tags: [flip]}\n    channel: %s\n";
        Files.writeString(rig.rulesFile, base.formatted("sms-only"));
        String auth = "Bearer rules-admin-token-0123";
        String admin = "http://127.0.0.1:" + rig.gateway.adminPort() + "/admin/rules/reload";
        Harness.Reply first = call("POST", admin, auth, null, null);
        assertThat(first.status()).isEqualTo(200);
        String smsVersion = first.body().at("/rules/version").asText();
        assertThat(rig.send(RulesRig.text("f1", "Hi", "+447700900123", "\"tags\":[\"flip\"]")).status()).isEqualTo(202);
        rig.awaitState("f1", "DELIVERED", 10_000);
        assertThat(rig.gw("f1").get("channel").asText()).isEqualTo("sms");

        Files.writeString(rig.rulesFile, base.formatted("rcs-first"));
        Harness.Reply second = call("POST", admin, auth, null, null);
        assertThat(second.status()).isEqualTo(200);
        String rcsVersion = second.body().at("/rules/version").asText();
        assertThat(rcsVersion).isNotEqualTo(smsVersion);
        assertThat(rig.send(RulesRig.text("f2", "Hi", "+447700900123", "\"tags\":[\"flip\"]")).status()).isEqualTo(202);
        rig.awaitState("f2", "DISPLAYED", 10_000);
        assertThat(rig.gw("f2").get("channel").asText()).isEqualTo("rcs");
        assertThat(rulesInfo(rcsVersion)).isEqualTo(1.0);

        // invalid: refused with the file, line and key at fault; the running rules stay
        Files.writeString(rig.rulesFile, base.formatted("carrier-pigeon"));
        Harness.Reply bad = call("POST", admin, auth, null, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("detail").asText()).isEqualTo("rules[0].channel (" + rig.rulesFile
                + " line 4): rcs-first, sms-only or rcs-only");
        assertThat(rig.send(RulesRig.text("f3", "Hi", "+447700900123", "\"tags\":[\"flip\"]")).status()).isEqualTo(202);
        rig.awaitState("f3", "DISPLAYED", 10_000);
        assertThat(rulesInfo(rcsVersion)).isEqualTo(1.0);

        // a change of the file alone is picked up, without asking
        Files.writeString(rig.rulesFile, base.formatted("sms-only"));
        await("the watcher's reload", 5000, () -> io(() -> rulesInfo(smsVersion)) == 1.0);
        assertThat(rig.send(RulesRig.text("f4", "Hi", "+447700900123", "\"tags\":[\"flip\"]")).status()).isEqualTo(202);
        rig.awaitState("f4", "DELIVERED", 10_000);
        assertThat(rig.gw("f4").get("channel").asText()).isEqualTo("sms");
    }

    private double rulesInfo(String version) throws Exception {
        String metrics = new String(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + rig.gateway.managementPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        for (String line : metrics.split("\n")) {
            if (line.startsWith("rcsgw_rules_info{version=\"" + version + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    static List<String> checks(JsonNode gw) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : gw.at("/decision/trace")) {
            out.add(c.get("check").asText() + " " + c.get("value").asText() + (c.get("passed").asBoolean() ? " ✓" : " ✗"));
        }
        return out;
    }
}
