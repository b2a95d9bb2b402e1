package io.rcsgw.gateway.contacts;

import io.rcsgw.gateway.store.JdbcChatIds;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.model.MessageState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** chatIds over a real (H2) store: stable, per bot, resolvable once remembered, and events rewritten to carry them. */
class ChatIdsTest {

    @TempDir
    Path dir;

    String pgUrl;

    @org.junit.jupiter.api.AfterEach
    void dropDatabase() {
        if (pgUrl != null) {
            io.rcsgw.gateway.Harness.dropPgDatabase(pgUrl);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"h2", "postgres"})
    void aChatIdIsStablePerBotAndResolvesOnceRemembered(String kind) throws Exception {
        if (kind.equals("postgres")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(io.rcsgw.gateway.Harness.pgReachable(), "PostgreSQL not reachable");
            pgUrl = io.rcsgw.gateway.Harness.freshPgDatabase();
        }
        String first;
        try (JdbcMessageStore store = open()) {
            ChatIds ids = new ChatIds(new JdbcChatIds(store), Set.of("anon"), Runnable::run, Clock.systemUTC());
            first = ids.chatId("bot1", "+447700900001");
            assertThat(first).matches("[A-Za-z0-9_-]{22}");
            assertThat(ids.chatId("bot1", "+447700900001")).isEqualTo(first);
            assertThat(ids.chatId("bot2", "+447700900001")).isNotEqualTo(first);
            assertThat(ids.chatId("bot1", "+447700900002")).isNotEqualTo(first);
            assertThat(ids.userOf("bot1", first)).isEmpty();
            assertThat(ids.remember("bot1", "+447700900001").join()).isEqualTo(first);
            assertThat(ids.userOf("bot1", first)).hasValue("+447700900001");
            assertThat(ids.userOf("bot2", first)).isEmpty();
            assertThat(ids.anonymous("anon")).isTrue();
            assertThat(ids.anonymous("bot1")).isFalse();
        }
        // another process on the same store: the same key, the same chatIds, the mapping kept
        try (JdbcMessageStore store = open()) {
            ChatIds ids = new ChatIds(new JdbcChatIds(store), Set.of(), Runnable::run, Clock.systemUTC());
            assertThat(ids.chatId("bot1", "+447700900001")).isEqualTo(first);
            assertThat(ids.userOf("bot1", first)).hasValue("+447700900001");
        }
    }

    @Test
    void eventsCarryTheChatIdAndAnAnonymousBotsLoseTheNumber() throws Exception {
        try (JdbcMessageStore store = open()) {
            ChatIds ids = new ChatIds(new JdbcChatIds(store), Set.of("anon"), Runnable::run, Clock.systemUTC());
            ChatIdContacts contacts = new ChatIdContacts(ids);
            byte[] fromUser = """
                    {"event":"message","RCSMessage":{"textMessage":"hi"},"messageContact":{"userContact":"+447700900001"}}"""
                    .getBytes(StandardCharsets.UTF_8);
            String relayed = new String(contacts.payload(new WebhookEvent.Relay("bot1", "e1", "+447700900001", fromUser, 0),
                    fromUser).join(), StandardCharsets.UTF_8);
            assertThat(relayed).contains("\"userContact\":\"+447700900001\"")
                    .contains("\"chatId\":\"" + ids.chatId("bot1", "+447700900001") + "\"");
            String anonymous = new String(contacts.payload(new WebhookEvent.Relay("anon", "e2", "+447700900001", fromUser, 0),
                    fromUser).join(), StandardCharsets.UTF_8);
            assertThat(anonymous).doesNotContain("447700900001").contains("\"chatId\":\"" + ids.chatId("anon", "+447700900001"));
            assertThat(ids.userOf("anon", ids.chatId("anon", "+447700900001"))).hasValue("+447700900001");

            WebhookEvent.Status status = new WebhookEvent.Status(1, new MessageKey("bot1", "m1"), 1, "+447700900001",
                    MessageState.DELIVERED, "rcs", "delivered", 0, null, "rich", false);
            byte[] payload = status.payload("ev");
            // a bot that may see numbers gets its status events as they are
            assertThat(contacts.payload(status, payload).join()).isSameAs(payload);
        }
    }

    private JdbcMessageStore open() {
        if (pgUrl != null) {
            return new JdbcMessageStore(pgUrl, "postgres", "", 4, 100, Duration.ZERO);
        }
        return new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 100, Duration.ZERO);
    }
}
