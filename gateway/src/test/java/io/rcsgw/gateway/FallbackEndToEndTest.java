package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.client.CollectorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.rcsgw.gateway.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When RCS does not get through, end to end with the platform simulator and the in-process
 * SMSC: one test per trigger. A failed event, an undelivered message revoked and then sent as
 * SMS, a revoke that fails (a promotion holds, an OTP sends anyway), a delivered that comes too
 * late, an expiry, a restart while a timer is pending, and a receipt that never comes.
 */
class FallbackEndToEndTest {

    static final String RULES = """
            rules:
              - name: otp
                match: {tags: [otp]}
                fallback: {undeliveredAfter: 1s, revokeFailed: send}
              - name: promo
                match: {tags: [promo]}
                fallback: {undeliveredAfter: 1s, revokeFailed: hold}
              - name: quick
                match: {tags: [quick]}
                fallback: {undeliveredAfter: 1s}
              - name: restart
                match: {tags: [restart]}
                fallback: {undeliveredAfter: 4s}
              - name: strict
                match: {tags: [strict]}
                fallback: {rcsFailed: false}
              - name: expiring
                match: {tags: [expiring]}
                maxTtl: 1h
              - name: race
                match: {tags: [race]}
                fallback: {undeliveredAfter: 1s}
              - name: lost
                match: {tags: [lost]}
                channel: sms-only
                receipts: {timeout: 2s, finalState: UNDELIVERABLE}
            """;

    @TempDir
    Path dir;
    RulesRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new RulesRig(dir, RULES);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private long at(String msgId, String state) throws Exception {
        for (JsonNode h : rig.gw(msgId).get("history")) {
            if (h.get("state").asText().equals(state)) {
                return Instant.parse(h.get("timestamp").asText()).toEpochMilli();
            }
        }
        throw new AssertionError(msgId + " was never " + state);
    }

    @Test
    void aFailedEventSendsSmsUnlessTheRuleSaysNot() throws Exception {
        assertThat(rig.send(RulesRig.text("f1", "Hello", "+447700900088", "")).status()).isEqualTo(202);
        rig.awaitState("f1", "DELIVERED", 10_000);
        JsonNode gw = rig.gw("f1");
        assertThat(gw.get("channel").asText()).isEqualTo("sms");
        assertThat(rig.reasonOf("f1", "RCS_SENT")).isEqualTo("channel:rcs");
        assertThat(rig.reasonOf("f1", "SMS_QUEUED")).isEqualTo("fallback:rcs-failed");
        assertThat(gw.at("/decision/channel").asText()).isEqualTo("sms");
        assertThat(gw.at("/decision/reason").asText()).isEqualTo("fallback:rcs-failed");
        assertThat(ChannelRulesEndToEndTest.checks(gw)).contains("capable yes, features [carousel, chat, chatbotCommunication, "
                + "fileTransfer, richcard] ✓", "fallback fallback:rcs-failed ✓");
        assertThat(rig.smsTo("+447700900088")).containsExactly("Hello");
        await("f1's events", 5000, () -> rig.hooksFor("f1").size() >= 3);
        assertThat(rig.hooksFor("f1").stream().map(e -> e.at("/gateway/state").asText() + " " + e.at("/gateway/reason").asText()))
                .containsExactly("RCS_SENT channel:rcs", "SMS_SUBMITTED smsc:accepted", "DELIVERED receipt:DELIVRD");

        assertThat(rig.send(RulesRig.text("f2", "Hello", "+447700900088", "\"tags\":[\"strict\"]")).status()).isEqualTo(202);
        rig.awaitState("f2", "FAILED", 10_000);
        assertThat(rig.reasonOf("f2", "FAILED")).isEqualTo("rcs:failed");
        assertThat(rig.smsTo("+447700900088")).hasSize(1);
    }

    @Test
    void anUndeliveredMessageIsRevokedThenSentAsSms() throws Exception {
        assertThat(rig.send(RulesRig.text("u1", "Hello", "+447700900066", "\"tags\":[\"quick\"]")).status()).isEqualTo(202);
        rig.awaitState("u1", "DELIVERED", 10_000);
        assertThat(rig.platform().revoked()).contains("u1");
        assertThat(rig.reasonOf("u1", "SMS_QUEUED")).isEqualTo("fallback:rcs-undelivered");
        long waited = at("u1", "SMS_QUEUED") - at("u1", "RCS_SENT");
        assertThat(waited).as("the undelivered timeout, 1 s").isBetween(1000L, 2000L);
        assertThat(rig.smsTo("+447700900066")).containsExactly("Hello");

        // its delivered event after the revoke comes too late: recorded, not applied, no second SMS
        double late = lateDelivered();
        rig.platform().deliverNow("bot1", "u1", "+447700900066");
        await("the late delivered counted", 5000, () -> lateDelivered() == late + 1);
        assertThat(rig.state("u1")).isEqualTo("DELIVERED");
        // recorded, and shown
        await("the late delivered recorded", 5000, () -> GatewayEndToEndTest.io(() -> rig.gw("u1")).has("late"));
        assertThat(rig.gw("u1").at("/late/0/event").asText()).isEqualTo("rcs delivered in DELIVERED (sms)");
        assertThat(rig.gw("u1").get("channel").asText()).isEqualTo("sms");
        assertThat(rig.smsTo("+447700900066")).hasSize(1);
    }

    @Test
    void aRevokeThatFailsHoldsAPromotionWhichIsDeliveredLaterWithoutSms() throws Exception {
        rig.platform().failRevokes(true);
        assertThat(rig.send(RulesRig.text("p1", "Sale", "+447700900066", "\"tags\":[\"promo\"]")).status()).isEqualTo(202);
        rig.awaitState("p1", "RCS_SENT", 5000);
        Thread.sleep(2500); // its 1 s timeout passed, the revoke failed
        assertThat(rig.state("p1")).isEqualTo("RCS_SENT");
        assertThat(rig.platform().revoked()).doesNotContain("p1");
        rig.platform().deliverNow("bot1", "p1", "+447700900066");
        rig.awaitState("p1", "DELIVERED", 5000);
        assertThat(rig.gw("p1").get("channel").asText()).isEqualTo("rcs");
        assertThat(rig.smsTo("+447700900066")).isEmpty();
    }

    @Test
    void aRevokeThatFailsDoesNotStopAnOtp() throws Exception {
        rig.platform().failRevokes(true);
        assertThat(rig.send(RulesRig.text("o1", "Code 1234", "+447700900067", "\"tags\":[\"otp\"]")).status()).isEqualTo(202);
        rig.awaitState("o1", "DELIVERED", 10_000);
        assertThat(rig.gw("o1").get("channel").asText()).isEqualTo("sms");
        assertThat(rig.reasonOf("o1", "SMS_QUEUED")).isEqualTo("fallback:rcs-undelivered");
        assertThat(rig.smsTo("+447700900067")).containsExactly("Code 1234");
    }

    @Test
    void anExpiredMessageIsRevokedAndNeverSentAsSms() throws Exception {
        assertThat(rig.send(RulesRig.text("e1", "Flash sale", "+447700900066", "\"tags\":[\"expiring\"],\"ttl\":\"2s\""))
                .status()).isEqualTo(202);
        assertThat(rig.gw("e1").get("expiresAt").asText()).isNotBlank();
        rig.awaitState("e1", "EXPIRED", 10_000);
        assertThat(rig.reasonOf("e1", "EXPIRED")).isEqualTo("expiry");
        assertThat(rig.platform().revoked()).contains("e1");
        long lived = at("e1", "EXPIRED") - at("e1", "ACCEPTED");
        assertThat(lived).isBetween(2000L, 3500L);
        Thread.sleep(300);
        assertThat(rig.smsTo("+447700900066")).isEmpty();
        await("e1's expired event", 5000, () -> rig.hooksFor("e1").stream()
                .anyMatch(e -> e.at("/gateway/state").asText().equals("EXPIRED")));
        // the rule's maximum life: a longer one is refused
        Harness.Reply tooLong = rig.send(RulesRig.text("e2", "x", "+447700900066", "\"tags\":[\"expiring\"],\"ttl\":\"2h\""));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body().get("field").asText()).isEqualTo("gateway.ttl");
    }

    @Test
    void aMessageThatExpiresWhileItsFallbackRevokeIsOutIsNeverSentAsSms() throws Exception {
        assertThat(rig.send(RulesRig.text("r1", "Flash", "+447700900067", "\"tags\":[\"race\"],\"ttl\":\"2s\"")).status())
                .isEqualTo(202);
        rig.awaitState("r1", "RCS_SENT", 5000);
        rig.platform().slowDown(java.time.Duration.ofMillis(1800)); // the revoke at 1 s is answered after the expiry at 2 s
        rig.awaitState("r1", "EXPIRED", 10_000);
        rig.platform().slowDown(java.time.Duration.ZERO);
        Thread.sleep(1500);
        assertThat(rig.state("r1")).isEqualTo("EXPIRED");
        assertThat(rig.reasonOf("r1", "EXPIRED")).isEqualTo("expiry");
        assertThat(rig.smsTo("+447700900067")).isEmpty();
    }

    @Test
    void aTimerPendingAcrossARestartFiresOnTime() throws Exception {
        assertThat(rig.send(RulesRig.text("t1", "Hello", "+447700900067", "\"tags\":[\"restart\"]")).status()).isEqualTo(202);
        rig.awaitState("t1", "RCS_SENT", 5000);
        rig.restart();
        rig.awaitState("t1", "DELIVERED", 15_000);
        assertThat(rig.reasonOf("t1", "SMS_QUEUED")).isEqualTo("fallback:rcs-undelivered");
        long waited = at("t1", "SMS_QUEUED") - at("t1", "RCS_SENT");
        assertThat(waited).as("its deadline, 4 s after it was sent, kept across the restart").isBetween(4000L, 5000L);
    }

    @Test
    void aReceiptThatNeverComesEndsTheMessage() throws Exception {
        assertThat(rig.send(RulesRig.text("l1", "Hello", "+447700900777", "\"tags\":[\"lost\"]")).status()).isEqualTo(202);
        rig.awaitState("l1", "SMS_SUBMITTED", 5000);
        rig.awaitState("l1", "UNDELIVERABLE", 10_000);
        assertThat(rig.reasonOf("l1", "UNDELIVERABLE")).isEqualTo("receipt-timeout");
        long waited = at("l1", "UNDELIVERABLE") - at("l1", "SMS_SUBMITTED");
        assertThat(waited).isBetween(2000L, 3000L);
        await("l1's event", 5000, () -> rig.hooksFor("l1").stream()
                .anyMatch(e -> e.at("/gateway/reason").asText().equals("receipt-timeout")));
        List<String> states = rig.hooksFor("l1").stream().map(e -> e.at("/gateway/state").asText()).toList();
        assertThat(states).containsExactly("SMS_SUBMITTED", "UNDELIVERABLE");
    }

    private static double lateDelivered() {
        Double v = CollectorRegistry.defaultRegistry.getSampleValue("rcsgw_rcs_late_events_total", new String[]{"status"},
                new String[]{"delivered"});
        return v == null ? 0 : v;
    }
}
