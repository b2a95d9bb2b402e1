package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * chatIds, MaaP's privacy model, end to end: every event from a user carries a chatId the bot
 * can address the user by (send, typing, capabilities); an anonymous bot never sees a number,
 * not in events from users (RCS or SMS), not in its messages' status events, not in the status
 * API; a chatId stays the same across a restart.
 */
class ChatIdEndToEndTest {

    static final String USER = "+447700900001";

    @TempDir
    Path dir;
    RulesRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aBotAddressesAUserByTheChatIdOnTheirEvents() throws Exception {
        rig = new RulesRig(dir, RulesRig.RCS_FIRST);
        rig.platform().userSends("bot1", USER, "hello");
        JsonNode event = awaitUserEvent();
        assertThat(event.at("/messageContact/userContact").asText()).isEqualTo(USER);
        String chatId = event.at("/messageContact/chatId").asText();
        assertThat(chatId).matches("[A-Za-z0-9_-]{22}");

        Reply sent = rig.send("""
                {"RCSMessage":{"msgId":"by-chat-1","textMessage":"hi back"},"messageContact":{"chatId":"%s","userContact":null}}"""
                .formatted(chatId));
        assertThat(sent.status()).as(sent.body().toString()).isEqualTo(202);
        await("platform got it", 5000, () -> rig.platform().received().stream()
                .anyMatch(r -> r.msgId().equals("by-chat-1") && r.userContact().equals(USER)));
        rig.awaitState("by-chat-1", "DELIVERED", 5000);

        int typing = rig.platform().typingNotifications();
        Reply typed = rig.send("""
                {"RCSMessage":{"isTyping":"active"},"messageContact":{"chatId":"%s"}}""".formatted(chatId));
        assertThat(typed.status()).isEqualTo(202);
        assertThat(rig.platform().typingNotifications()).isEqualTo(typing + 1);

        Reply caps = call("GET", "http://127.0.0.1:" + rig.port + "/rcs/bot/v1/bot1/contactCapabilities?chatId=" + chatId,
                rig.token, null, null);
        assertThat(caps.status()).isEqualTo(200);
        assertThat(caps.body().get("capabilities").toString()).contains("chat");

        Reply unknown = rig.send("""
                {"RCSMessage":{"msgId":"by-chat-2","textMessage":"hi"},"messageContact":{"chatId":"AAAAAAAAAAAAAAAAAAAAAA"}}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("field").asText()).isEqualTo("messageContact.chatId");
        Reply mismatch = rig.send("""
                {"RCSMessage":{"msgId":"by-chat-3","textMessage":"hi"},"messageContact":{"chatId":"%s","userContact":"+447700900002"}}"""
                .formatted(chatId));
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.body().get("field").asText()).isEqualTo("messageContact.chatId");
        assertThat(call("GET", "http://127.0.0.1:" + rig.port + "/rcs/bot/v1/bot1/contactCapabilities?chatId=nope",
                rig.token, null, null).status()).isEqualTo(400);
        assertThat(status(rig.port, rig.token, "bot1", "by-chat-2").status()).isEqualTo(404);
    }

    @Test
    void anAnonymousBotNeverSeesANumber() throws Exception {
        rig = new RulesRig(dir, RulesRig.RCS_FIRST, ", anonymous: true, sender: \"12345\"");
        rig.platform().userSends("bot1", USER, "hello");
        JsonNode event = awaitUserEvent();
        assertThat(event.path("messageContact").has("userContact")).isFalse();
        String chatId = event.at("/messageContact/chatId").asText();
        assertThat(chatId).matches("[A-Za-z0-9_-]{22}");

        Reply sent = rig.send("""
                {"RCSMessage":{"msgId":"anon-1","textMessage":"hi back"},"messageContact":{"chatId":"%s"}}""".formatted(chatId));
        assertThat(sent.status()).isEqualTo(202);
        rig.awaitState("anon-1", "DELIVERED", 5000);
        Reply status = status(rig.port, rig.token, "bot1", "anon-1");
        assertThat(status.body().at("/messageContact/chatId").asText()).isEqualTo(chatId);
        assertThat(status.body().toString()).doesNotContain("447700900001");
        await("status events", 5000, () -> rig.hooksFor("anon-1").size() >= 2);
        for (JsonNode hook : rig.hooksFor("anon-1")) {
            assertThat(hook.at("/messageContact/chatId").asText()).isEqualTo(chatId);
            assertThat(hook.toString()).doesNotContain("447700900001");
        }

        // a number the bot knows: it may send to it, and hears back of it by chatId only
        Reply byNumber = rig.send(RulesRig.text("anon-2", "hi", "+447700900002", ""));
        assertThat(byNumber.status()).isEqualTo(202);
        rig.awaitState("anon-2", "DELIVERED", 5000);
        await("status events", 5000, () -> !rig.hooksFor("anon-2").isEmpty());
        String other = rig.hooksFor("anon-2").get(0).at("/messageContact/chatId").asText();
        assertThat(other).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(chatId);
        assertThat(rig.hooksFor("anon-2").toString()).doesNotContain("447700900002");
        Reply again = rig.send("""
                {"RCSMessage":{"msgId":"anon-3","textMessage":"again"},"messageContact":{"chatId":"%s"}}""".formatted(other));
        assertThat(again.status()).isEqualTo(202);
        await("platform got it", 5000, () -> rig.platform().received().stream()
                .anyMatch(r -> r.msgId().equals("anon-3") && r.userContact().equals("+447700900002")));

        // an SMS from a user: the relayed message names them by chatId too
        rig.smsc.sendMobileOriginated("447700900900", "12345", (byte) 0, false, "by sms".getBytes(StandardCharsets.US_ASCII), null);
        JsonNode mo = eventually(() -> userEvents().stream().filter(e -> e.toString().contains("by sms")).findFirst().orElse(null));
        assertThat(mo.path("messageContact").has("userContact")).isFalse();
        assertThat(mo.toString()).doesNotContain("447700900900");
        String smsChat = mo.at("/messageContact/chatId").asText();

        // the same users, the same chatIds, after a restart
        rig.restart();
        Reply after = rig.send("""
                {"RCSMessage":{"msgId":"anon-4","textMessage":"after"},"messageContact":{"chatId":"%s"}}""".formatted(chatId));
        assertThat(after.status()).isEqualTo(202);
        rig.smsc.sendMobileOriginated("447700900900", "12345", (byte) 0, false, "twice".getBytes(StandardCharsets.US_ASCII), null);
        JsonNode mo2 = eventually(() -> userEvents().stream().filter(e -> e.toString().contains("twice")).findFirst().orElse(null));
        assertThat(mo2.at("/messageContact/chatId").asText()).isEqualTo(smsChat);
    }

    private JsonNode awaitUserEvent() throws InterruptedException {
        return eventually(() -> userEvents().stream().filter(e -> e.path("event").asText().equals("message")).findFirst().orElse(null));
    }

    /** Events that are not about one of the bot's messages: what users sent. */
    private List<JsonNode> userEvents() {
        return rig.hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).stream()
                .map(r -> io(() -> JSON.readTree(r.getBody())))
                .filter(n -> !n.path("event").asText().equals("messageStatus"))
                .toList();
    }

    private static JsonNode eventually(java.util.function.Supplier<JsonNode> find) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        Harness.await("an event", 5000, () -> (found[0] = find.get()) != null);
        return found[0];
    }
}
