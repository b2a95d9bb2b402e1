package io.rcsgw.gateway.store;

import io.rcsgw.gateway.Harness;
import io.rcsgw.rules.model.MessageState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention against real H2 and real PostgreSQL: what goes, what stays, and every table it touches. */
class StorePurgerTest {

    @TempDir
    Path dir;
    JdbcMessageStore store;
    String url;
    String pgUrl;

    void open(String kind) throws Exception {
        if (kind.equals("postgres")) {
            Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
            pgUrl = Harness.freshPgDatabase();
            url = pgUrl;
            store = new JdbcMessageStore(pgUrl, "postgres", "", 4, 500, Duration.ofMillis(1));
        } else {
            url = "jdbc:h2:file:" + dir.resolve("db");
            store = new JdbcMessageStore(url, "sa", "", 4, 500, Duration.ofMillis(1));
        }
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        if (pgUrl != null) {
            Harness.dropPgDatabase(pgUrl);
        }
    }

    /** A delivered one-part SMS accepted at {@code at}, its webhooks settled at {@code at + 2}. */
    private long closedSms(String msgId, long at) {
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, new MessageKey("bot", msgId), "fp", "+447700900123", "hi", at))).join();
        store.write(List.of(new StoreWrite.InsertPart("smsc/" + msgId, msgId, "l1", id, 0, at + 1),
                new StoreWrite.Transition(id, 1, MessageState.SMS_SUBMITTED, "smsc:accepted", "sms", 1, at + 1, false))).join();
        store.write(List.of(new StoreWrite.UpdatePart(id, 0, "DELIVRD", "000", at + 2),
                new StoreWrite.Transition(id, 2, MessageState.DELIVERED, "receipt:DELIVRD", "sms", 0, at + 2, true))).join();
        return id;
    }

    private long count(String sql) throws Exception {
        try (Connection c = url.startsWith("jdbc:h2:") ? DriverManager.getConnection(JdbcMessageStore.h2Url(url), "sa", "")
                : DriverManager.getConnection(url, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void deletesWhatIsClosedAndOldAndKeepsTheRest(String kind) throws Exception {
        open(kind);
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            old.add(closedSms("old" + i, 1_000 + i));
        }
        // old but still open: submitted, no receipt yet
        long stuck = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(stuck, new MessageKey("bot", "stuck"), "fp", "+447700900124", "x", 1_500))).join();
        store.write(List.of(new StoreWrite.Transition(stuck, 1, MessageState.SMS_SUBMITTED, "smsc:accepted", "sms", 1, 1_501,
                false))).join();
        // old and final, but its last webhook event is still pending
        long hookPending = closedSmsWithHookPending("hook", 1_600);
        long young = closedSms("young", 50_000);
        store.write(List.of(
                new StoreWrite.InsertPlatformEvent("bot", "ev-old", "message", "+447700900123", null, 1_000, null),
                new StoreWrite.InsertPlatformEvent("bot", "ev-pending", "message", "+447700900123", "{}", 1_000, null),
                new StoreWrite.InsertPlatformEvent("bot", "ev-young", "message", "+447700900123", null, 50_000, null),
                new StoreWrite.PutConversation("bot", "+447700900123", 1_000, true),
                new StoreWrite.PutConversation("bot", "+447700900125", 50_000, false))).join();

        // batches of 2: the walk pages through everything and stops at the young ones
        StorePurger purger = new StorePurger(store, 2, 1_000);
        StorePurger.Purged p = purger.run(10_000, 10_000);

        assertThat(p).isEqualTo(new StorePurger.Purged(7, 1, 1, false));
        for (int i = 0; i < 7; i++) {
            assertThat(store.find(new MessageKey("bot", "old" + i), true)).isEmpty();
            assertThat(store.findPart("smsc/old" + i)).isEmpty();
        }
        assertThat(store.find(new MessageKey("bot", "stuck"), false)).isPresent();
        assertThat(store.findById(hookPending)).isPresent();
        assertThat(store.find(new MessageKey("bot", "young"), true).orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        assertThat(store.findPart("smsc/young")).contains(new MessageStore.PartRef(young, 0, "l1"));
        assertThat(count("SELECT COUNT(*) FROM messages")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM message_state")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM sms_parts")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM open_messages")).isEqualTo(2);
        assertThat(store.pendingRelays(null)).extracting(MessageStore.PendingRelay::eventId).containsExactly("ev-pending");
        assertThat(count("SELECT COUNT(*) FROM platform_events")).isEqualTo(2);
        assertThat(store.conversationsSince(0)).extracting(MessageStore.StoredConversation::userContact)
                .containsExactly("+447700900125");

        // a repeat of a deleted msgId is a new message now
        long again = store.newMessageId();
        assertThat(store.write(List.of(new StoreWrite.InsertMessage(again, new MessageKey("bot", "old0"), "fp2", "+447700900123",
                "hi", 60_000))).join()).containsExactly(true);

        // nothing left to delete: a second run deletes nothing and leaves the rest alone
        assertThat(purger.run(10_000, 10_000)).isEqualTo(new StorePurger.Purged(0, 0, 0, false));
        assertThat(count("SELECT COUNT(*) FROM messages")).isEqualTo(4);
        // events and conversations are swept once an hour (no index by age): this one waits
        store.write(List.of(new StoreWrite.InsertPlatformEvent("bot", "ev-later", "message", "+447700900123", null, 1_000, null))).join();
        assertThat(purger.run(10_000, 10_000)).isEqualTo(new StorePurger.Purged(0, 0, 0, false));
        assertThat(count("SELECT COUNT(*) FROM platform_events")).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMessageOpenedAgainAfterTheScanStays(String kind) throws Exception {
        open(kind);
        long id = closedSms("m", 1_000);
        List<MessageStore.RetainedMessage> seen = store.messagesAfter(0, 10);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).open()).isFalse();
        assertThat(seen.get(0).smscKeys()).containsExactly("smsc/m");
        // displayed after delivered reopens it between the scan and the delete
        store.write(List.of(new StoreWrite.Reopen(id))).join();
        store.write(List.of(new StoreWrite.DeleteMessage(id, seen.get(0).smscKeys()))).join();
        assertThat(store.findById(id)).isPresent();
        assertThat(store.findPart("smsc/m")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aRunWithinItsBudgetResumesWhereItStopped(String kind) throws Exception {
        open(kind);
        for (int i = 0; i < 9; i++) {
            closedSms("m" + i, 1_000 + i);
        }
        StorePurger purger = new StorePurger(store, 2, 4);
        assertThat(purger.run(10_000, 0)).isEqualTo(new StorePurger.Purged(4, 0, 0, true));
        assertThat(purger.run(10_000, 0)).isEqualTo(new StorePurger.Purged(4, 0, 0, true));
        assertThat(purger.run(10_000, 0)).isEqualTo(new StorePurger.Purged(1, 0, 0, false));
        assertThat(count("SELECT COUNT(*) FROM messages")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void expiredWebViewsAndSmsMenusGoAndTheRestStay(String kind) throws Exception {
        open(kind);
        long id = closedSms("v1", 1_000);
        store.write(List.of(new StoreWrite.InsertWebView("AAAAAAAAAAAAAAAAAAAAAA", id, 5_000),
                new StoreWrite.InsertWebView("BBBBBBBBBBBBBBBBBBBBBB", id, 50_000),
                new StoreWrite.PutSmsMenu("bot", "+447700900123", "v1", "[]", 5_000),
                new StoreWrite.PutSmsMenu("bot", "+447700900124", "v1", "[{\"n\":1}]", 50_000))).join();
        assertThat(store.webView("AAAAAAAAAAAAAAAAAAAAAA")).hasValue(new MessageStore.WebView(id, 5_000));
        assertThat(store.smsMenu("bot", "+447700900123", 4_000)).isPresent();
        assertThat(store.smsMenu("bot", "+447700900123", 6_000)).as("expired: not answered").isEmpty();
        new StorePurger(store, 2, 4).purgeExpiredLinks(10_000);
        assertThat(store.webView("AAAAAAAAAAAAAAAAAAAAAA")).isEmpty();
        assertThat(store.webView("BBBBBBBBBBBBBBBBBBBBBB")).hasValue(new MessageStore.WebView(id, 50_000));
        assertThat(count("SELECT COUNT(*) FROM sms_menus")).isEqualTo(1);
        assertThat(store.smsMenu("bot", "+447700900124", 10_000).orElseThrow().suggestions()).isEqualTo("[{\"n\":1}]");
    }

    private long closedSmsWithHookPending(String msgId, long at) {
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, new MessageKey("bot", msgId), "fp", "+447700900126", "hi", at))).join();
        // final, but not closed: its webhook event has not been settled
        store.write(List.of(new StoreWrite.Transition(id, 1, MessageState.REJECTED, "smsc:0x0b", "sms", 1, at + 1, false))).join();
        return id;
    }
}
