package io.rcsgw.gateway.esme;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.delivery.EsmeMessages;
import io.rcsgw.gateway.webhook.WebhookEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EsmeInboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EsmeInbox inbox = new EsmeInbox(List.of(
            new EsmeInbox.Account("esme1", "bot1", List.of("12345", "+447700900555")),
            new EsmeInbox.Account("esme2", "bot2", List.of("54321")),
            new EsmeInbox.Account("esme3", "bot3", List.of())), Set.of("bot1"));

    @Test
    void anSmsToAnOwnedNumberIsForItsAccountWithOrWithoutThePlus() throws Exception {
        EsmeMessages.ForEsme f = inbox.forNumber("447700900555", "+447700900123", "hi \"there\"");
        assertThat(f.botId()).isEqualTo("bot1");
        var m = JSON.readTree(f.payload());
        assertThat(m.get("esme").asText()).isEqualTo("esme1");
        assertThat(m.get("source").asText()).isEqualTo("+447700900123");
        assertThat(m.get("destination").asText()).isEqualTo("447700900555");
        assertThat(m.get("text").asText()).isEqualTo("hi \"there\"");
        assertThat(inbox.forNumber("+12345", "+447700900123", "x").botId()).isEqualTo("bot1");
        assertThat(inbox.forNumber("99999", "+447700900123", "x")).isNull();
    }

    @Test
    void rcsUserMessagesGoToTheAccountOfABotWithoutAWebhookToItsFirstNumber() throws Exception {
        byte[] event = "{\"event\":\"message\",\"RCSMessage\":{\"textMessage\":\"hello\"}}".getBytes(StandardCharsets.UTF_8);
        var m = JSON.readTree(inbox.forBot("bot2", "+447700900123", event));
        assertThat(m.get("esme").asText()).isEqualTo("esme2");
        assertThat(m.get("destination").asText()).isEqualTo("54321");
        assertThat(m.get("text").asText()).isEqualTo("hello");
        assertThat(inbox.forBot("bot1", "+447700900123", event)).as("bot1 has a webhook").isNull();
        assertThat(inbox.forBot("bot3", "+447700900123", event)).as("esme3 owns no number").isNull();
        assertThat(inbox.forBot("bot2", "+447700900123", "{\"RCSMessage\":{}}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(inbox.forBot("bot2", "+447700900123", "not json".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void itsPayloadsAreToldFromABotsEventsByTheirFirstBytes() {
        byte[] forEsme = inbox.forNumber("12345", "+447700900123", "x").payload();
        assertThat(EsmeInbox.isFor(new WebhookEvent.Relay("bot1", "e1", "+447700900123", forEsme, 0))).isTrue();
        byte[] maap = "{\"eventId\":\"e1\",\"event\":\"message\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(EsmeInbox.isFor(new WebhookEvent.Relay("bot1", "e1", "+447700900123", maap, 0))).isFalse();
        assertThat(EsmeInbox.isFor(new WebhookEvent.Relay("bot1", "e1", "+447700900123", new byte[2], 0))).isFalse();
    }
}
