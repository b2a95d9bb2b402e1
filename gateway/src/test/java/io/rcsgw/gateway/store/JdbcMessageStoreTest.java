package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rcsgw.gateway.Harness;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The store against real H2 and real PostgreSQL. */
class JdbcMessageStoreTest {

    @TempDir
    Path dir;
    JdbcMessageStore store;
    String pgUrl;

    JdbcMessageStore open(String kind) throws Exception {
        if (kind.equals("postgres")) {
            Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
            pgUrl = Harness.freshPgDatabase();
            store = new JdbcMessageStore(pgUrl, "postgres", "", 4, 500, Duration.ofMillis(1));
        } else {
            store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 500, Duration.ofMillis(1));
        }
        return store;
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

    private static final MessageKey K = new MessageKey("bot", "m1");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void insertIsIdempotentPerBotAndMsgIdEvenInOneBatch(String kind) throws Exception {
        open(kind);
        long id = store.newMessageId();
        var a = store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp1", "+447700900123", "hi", 1)));
        var b = store.write(List.of(new StoreWrite.InsertMessage(store.newMessageId(), K, "fp2", "+447700900123", "ho", 2)));
        var other = store.write(List.of(new StoreWrite.InsertMessage(store.newMessageId(), new MessageKey("bot2", "m1"), "fp3",
                "+447700900123", "x", 3)));
        assertThat(a.get()).containsExactly(true);
        assertThat(b.get()).containsExactly(false);
        assertThat(other.get()).containsExactly(true);
        StoredMessage m = store.find(K, true).orElseThrow();
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.fingerprint()).isEqualTo("fp1");
        assertThat(m.body()).isEqualTo("hi");
        assertThat(m.state()).isEqualTo(MessageState.ACCEPTED);
        assertThat(m.history()).extracting(StoredMessage.Event::state).containsExactly(MessageState.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void creditHoldsGoInWithTheirMessageAndASettlementTakesTheChargeOnce(String kind) throws Exception {
        open(kind);
        store.write(List.of(new StoreWrite.TopUp("bot", "EUR", new BigDecimal("1.00"), 1))).get();
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1),
                new StoreWrite.PutHold(id, "bot", new BigDecimal("0.035")))).get();
        // a repeat of the msgId under a new id: its hold is not kept
        long repeat = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(repeat, K, "fp", "+447700900123", "hi", 2),
                new StoreWrite.PutHold(repeat, "bot", new BigDecimal("0.035")))).get();
        assertThat(store.creditHolds()).containsExactly(new MessageStore.CreditHold(id, "bot",
                store.creditHolds().get(0).amount()));
        assertThat(store.creditHolds().get(0).amount()).isEqualByComparingTo("0.035");
        JdbcCreditReservations accounts = new JdbcCreditReservations(store);
        assertThat(accounts.account("bot").reserved()).as("reserved moves with the holds").isEqualByComparingTo("0.035");
        store.write(List.of(new StoreWrite.SettleHold(id, "bot", new BigDecimal("0.035"), new BigDecimal("0.035"), 3),
                new StoreWrite.TopUp("bot", "EUR", new BigDecimal("0.50"), 3))).get();
        store.write(List.of(new StoreWrite.SettleHold(id, "bot", new BigDecimal("0.035"), new BigDecimal("0.035"), 4))).get(); // again: nothing
        assertThat(store.creditHolds()).isEmpty();
        assertThat(store.creditAccounts()).singleElement().satisfies(a -> {
            assertThat(a.botId()).isEqualTo("bot");
            assertThat(a.currency()).isEqualTo("EUR");
            assertThat(a.balance()).isEqualByComparingTo("1.465");
        });
        assertThat(accounts.account("bot").reserved()).isEqualByComparingTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void usageIsSummedWithItsRecordsAndARepeatedRecordCountsOnce(String kind) throws Exception {
        open(kind);
        long minute = 29_000_000L * 60_000;
        StoreWrite.Usage sms = new StoreWrite.Usage("bot", "sms", "SMS_SEGMENT", "EUR", true, 2, new BigDecimal("0.0700"));
        StoreWrite.Usage rcsLeg = new StoreWrite.Usage("bot", "rcs", "NONE", "EUR", true, 0, new BigDecimal("0.0000"));
        StoreWrite.Usage smsLeg = new StoreWrite.Usage("bot", "sms", "SMS_SEGMENT", "EUR", false, 1, new BigDecimal("0.0350"));
        store.write(List.of(new StoreWrite.InsertCdr(10, minute + 1, "a\n", sms),
                new StoreWrite.InsertCdr(20, minute + 2, "b\n", rcsLeg),
                new StoreWrite.InsertCdr(21, minute + 3, "c\n", smsLeg))).get();
        // the same record again (a repeat the outbox drops) adds nothing; a later minute adds to its own row
        store.write(List.of(new StoreWrite.InsertCdr(10, minute + 4, "a\n", sms),
                new StoreWrite.InsertCdr(30, minute + 60_000, "d\n", sms),
                new StoreWrite.InsertCdr(40, minute + 5, "e\n", new StoreWrite.Usage("other", "sms", "SMS_SEGMENT", "EUR",
                        true, 1, BigDecimal.ONE)))).get();
        long m = minute / 60_000;
        List<MessageStore.UsageRow> first = store.usage("bot", m, m + 1);
        assertThat(first).hasSize(2);
        MessageStore.UsageRow smsRow = first.stream().filter(r -> r.channel().equals("sms")).findFirst().orElseThrow();
        assertThat(smsRow.messages()).as("the fallback leg is not a second message").isEqualTo(1);
        assertThat(smsRow.records()).isEqualTo(2);
        assertThat(smsRow.units()).isEqualTo(3);
        assertThat(smsRow.amount()).isEqualByComparingTo("0.1050");
        MessageStore.UsageRow both = store.usage("bot", m, m + 2).stream().filter(r -> r.channel().equals("sms")).findFirst()
                .orElseThrow();
        assertThat(both.records()).isEqualTo(3);
        assertThat(both.amount()).isEqualByComparingTo("0.1750");
        assertThat(store.usage("bot", m + 2, m + 10)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theDecisionMadeAtAcceptReadsBackUntilAFallbackReplacesIt(String kind) throws Exception {
        open(kind);
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1, null, "rcs-first", "",
                "{\"channel\":\"rcs\"}", null))).get();
        store.write(List.of(new StoreWrite.Transition(id, 1, MessageState.RCS_SENT, "rcs:sent", "rcs", 0, 2, false))).get();
        assertThat(store.find(K, true).orElseThrow().decision()).isEqualTo("{\"channel\":\"rcs\"}");
        store.write(List.of(new StoreWrite.SetDecision(id, "{\"channel\":\"sms\"}"))).get();
        store.write(List.of(new StoreWrite.Transition(id, 2, MessageState.SMS_QUEUED, "fallback:timeout", "sms", 1, 3, false)))
                .get();
        StoredMessage m = store.find(K, true).orElseThrow();
        assertThat(m.decision()).isEqualTo("{\"channel\":\"sms\"}");
        assertThat(m.rule()).isEqualTo("rcs-first");
        assertThat(store.unfinished()).singleElement().extracting(StoredMessage::decision).isEqualTo("{\"channel\":\"sms\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void transitionsPartsWebhookCursorAndOrphansRoundTrip(String kind) throws Exception {
        open(kind);
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1))).get();
        store.write(List.of(new StoreWrite.Transition(id, 1, MessageState.SMS_QUEUED, "channel:sms", "sms", 2, 5, false))).get();
        store.write(List.of(
                new StoreWrite.InsertPart("1a2b", "1A2B", "l1", id, 0, 6),
                new StoreWrite.InsertPart("1a2c", "1A2C", "l2", id, 1, 6),
                new StoreWrite.Transition(id, 2, MessageState.SMS_SUBMITTED, "smsc:accepted", "sms", 2, 7, false),
                new StoreWrite.PutOrphanReceipt("ffff", "l1", "DELIVRD", "000", 8))).get();
        assertThat(store.findPart("1a2c")).contains(new MessageStore.PartRef(id, 1, "l2"));
        assertThat(store.findPart("nope")).isEmpty();
        List<StoredMessage> unfinished = store.unfinished();
        assertThat(unfinished).hasSize(1);
        StoredMessage open = unfinished.get(0);
        assertThat(open.state()).isEqualTo(MessageState.SMS_SUBMITTED);
        assertThat(open.partsTotal()).isEqualTo(2);
        assertThat(open.parts()).extracting(StoredMessage.Part::smscKey).containsExactly("1a2b", "1a2c");
        assertThat(open.parts()).extracting(StoredMessage.Part::state).containsExactly("SUBMITTED", "SUBMITTED");
        assertThat(open.lastSeq()).isEqualTo(2);
        assertThat(open.hookedSeq()).isEqualTo(-1);
        assertThat(store.orphanReceipts()).extracting(MessageStore.OrphanReceipt::smscKey).containsExactly("ffff");

        // receipts and the final change in one batch; the final event's webhook is still pending
        store.write(List.of(
                new StoreWrite.HookSettled(id, 2, false, 8),
                new StoreWrite.UpdatePart(id, 0, "DELIVRD", "000", 9),
                new StoreWrite.UpdatePart(id, 1, "UNDELIV", "0x0b", 9),
                new StoreWrite.Transition(id, 3, MessageState.UNDELIVERABLE, "receipt:UNDELIV", "sms", 0, 9, false),
                new StoreWrite.DeleteOrphanReceipt("ffff"))).get();
        StoredMessage m = store.find(K, true).orElseThrow();
        assertThat(m.state()).isEqualTo(MessageState.UNDELIVERABLE);
        assertThat(m.partsTotal()).isEqualTo(2);
        assertThat(m.history()).extracting(StoredMessage.Event::reason)
                .containsExactly("accepted", "channel:sms", "smsc:accepted", "receipt:UNDELIV");
        assertThat(m.history()).extracting(StoredMessage.Event::at).containsExactly(1L, 5L, 7L, 9L);
        assertThat(m.parts()).extracting(StoredMessage.Part::state).containsExactly("DELIVRD", "UNDELIV");
        assertThat(m.parts()).extracting(StoredMessage.Part::link).containsExactly("l1", "l2");
        assertThat(m.parts()).extracting(StoredMessage.Part::error).containsExactly("000", "0x0b");
        assertThat(m.hookedSeq()).isEqualTo(2);
        assertThat(store.unfinished()).as("open until its last webhook event is settled").hasSize(1);
        assertThat(store.orphanReceipts()).isEmpty();

        store.write(List.of(new StoreWrite.HookSettled(id, 3, true, 10))).get();
        assertThat(store.unfinished()).isEmpty();
        assertThat(store.find(K, true).orElseThrow().hookedSeq()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void reasonsWithLineBreaksOrTabsStayOneEntry(String kind) throws Exception {
        open(kind);
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1))).get();
        store.write(List.of(new StoreWrite.Transition(id, 1, MessageState.FAILED, "smsc:odd\treason\nsplit", "sms", 0, 2, true)))
                .get();
        StoredMessage m = store.find(K, true).orElseThrow();
        assertThat(m.history()).extracting(StoredMessage.Event::reason).containsExactly("accepted", "smsc:odd reason split");
        assertThat(store.unfinished()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDeliveredRcsMessageStaysOpenWhileItsDisplayedEventIsPending(String kind) throws Exception {
        open(kind);
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1,
                "{\"RCSMessage\":{\"textMessage\":\"hi\"},\"gateway\":{\"clientContext\":\"c1\"}}"))).get();
        store.write(List.of(new StoreWrite.Transition(id, 1, MessageState.RCS_SENT, "channel:rcs", "rcs", 0, 2, false))).get();
        store.write(List.of(new StoreWrite.Transition(id, 2, MessageState.DELIVERED, "rcs:delivered", "rcs", 0, 3, false))).get();
        store.write(List.of(new StoreWrite.HookSettled(id, 1, false, 4))).get();
        store.write(List.of(new StoreWrite.Transition(id, 3, MessageState.DISPLAYED, "rcs:displayed", "rcs", 0, 5, false),
                new StoreWrite.Reopen(id))).get();
        // the delivered event settles after displayed was recorded: the message must stay open for it
        store.write(List.of(new StoreWrite.HookSettled(id, 2, true, 6))).get();
        assertThat(store.unfinished()).extracting(StoredMessage::id).containsExactly(id);
        StoredMessage m = store.unfinished().get(0);
        assertThat(m.content()).contains("clientContext");
        assertThat(m.state()).isEqualTo(MessageState.DISPLAYED);
        store.write(List.of(new StoreWrite.HookSettled(id, 3, true, 7))).get();
        assertThat(store.unfinished()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void platformEventsAreTakenOncePerIdAndRelaysStayPendingUntilSettled(String kind) throws Exception {
        open(kind);
        var first = store.write(List.of(new StoreWrite.InsertPlatformEvent("bot", "e1", "message", "+447700900123", "{\"a\":1}", 1, null),
                new StoreWrite.InsertPlatformEvent("bot", "e2", "status", "+447700900123", null, 2, null))).get();
        var again = store.write(List.of(new StoreWrite.InsertPlatformEvent("bot", "e1", "message", "+447700900123", "{\"a\":1}", 3, null),
                new StoreWrite.InsertPlatformEvent("bot2", "e1", "message", "+447700900123", "{\"b\":2}", 4, null))).get();
        assertThat(first).containsExactly(true, true);
        assertThat(again).as("the id again, and the same id of another bot").containsExactly(false, true);
        assertThat(store.pendingRelays(null)).extracting(MessageStore.PendingRelay::botId, MessageStore.PendingRelay::payload)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bot", "{\"a\":1}"), org.assertj.core.groups.Tuple.tuple("bot2", "{\"b\":2}"));
        store.write(List.of(new StoreWrite.RelaySettled("bot", "e1"))).get();
        assertThat(store.pendingRelays(null)).extracting(MessageStore.PendingRelay::botId).containsExactly("bot2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void concurrentWritersShareTransactions(String kind) throws Exception {
        open(kind);
        double batchesBefore = sum();
        List<CompletableFuture<List<Boolean>>> fs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            fs.add(store.write(List.of(new StoreWrite.InsertMessage(store.newMessageId(), new MessageKey("b", "m" + i), "fp",
                    "+447700900123", "t", i))));
        }
        for (var f : fs) {
            assertThat(f.get()).containsExactly(true);
        }
        double transactions = sum() - batchesBefore;
        assertThat(transactions).as("3000 groups committed in fewer transactions").isLessThan(3000);
        assertThat(store.unfinished()).hasSize(3000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void idsAreUniqueAcrossStoresSharingADatabase(String kind) throws Exception {
        open(kind);
        String url = kind.equals("postgres") ? pgUrl : "jdbc:h2:file:" + dir.resolve("db");
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (int i = 0; i < 2500; i++) {
            assertThat(ids.add(store.newMessageId())).isTrue();
        }
        if (kind.equals("postgres")) { // a second node on the same database
            try (JdbcMessageStore other = new JdbcMessageStore(url, "postgres", "", 2, 100, Duration.ofMillis(1))) {
                for (int i = 0; i < 2500; i++) {
                    assertThat(ids.add(other.newMessageId())).isTrue();
                    assertThat(ids.add(store.newMessageId())).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aWebhookCursorWrittenSoonSharesItsMessagesNextCommitOrGoesWithinTheHold(String kind) throws Exception {
        open(kind);
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1))).get();
        store.write(List.of(new StoreWrite.Transition(id, 1, MessageState.SMS_SUBMITTED, "smsc:accepted", "sms", 1, 2, false)))
                .get();
        var cursor = store.writeSoon(id, List.of(new StoreWrite.HookSettled(id, 1, false, 3)));
        assertThat(cursor).as("held for its message's next change").isNotDone();
        store.write(List.of(new StoreWrite.Transition(id, 2, MessageState.DELIVERED, "receipt:DELIVRD", "sms", 0, 4, false)))
                .get();
        assertThat(cursor).as("committed with the receipt's change").isDone();
        assertThat(store.find(K, true).orElseThrow().hookedSeq()).isEqualTo(1);

        long started = System.nanoTime();
        var last = store.writeSoon(id, List.of(new StoreWrite.HookSettled(id, 2, true, 5)));
        last.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(System.nanoTime() - started).as("alone, it goes once the hold is over")
                .isGreaterThanOrEqualTo(GroupCommitWriter.HOLD_NANOS);
        assertThat(store.find(K, true).orElseThrow().hookedSeq()).isEqualTo(2);
        assertThat(store.unfinished()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void flushCommitsTheHeldCursorsAtOnce() throws Exception {
        open("h2");
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1),
                new StoreWrite.Transition(id, 1, MessageState.DELIVERED, "receipt:DELIVRD", "sms", 1, 2, false))).get();
        var cursor = store.writeSoon(id, List.of(new StoreWrite.HookSettled(id, 1, true, 3)));
        long started = System.nanoTime();
        store.flush();
        assertThat(cursor).isCompleted();
        assertThat(System.nanoTime() - started).as("not after the hold").isLessThan(GroupCommitWriter.HOLD_NANOS);
        assertThat(store.find(K, true).orElseThrow().hookedSeq()).isEqualTo(1);
    }

    @org.junit.jupiter.api.Test
    void aStoreClosedWithAHeldCursorCommitsItFirst() throws Exception {
        open("h2");
        long id = store.newMessageId();
        store.write(List.of(new StoreWrite.InsertMessage(id, K, "fp", "+447700900123", "hi", 1),
                new StoreWrite.Transition(id, 1, MessageState.DELIVERED, "receipt:DELIVRD", "sms", 1, 2, false))).get();
        var cursor = store.writeSoon(id, List.of(new StoreWrite.HookSettled(id, 1, true, 3)));
        store.close();
        assertThat(cursor).isCompleted();
        store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 500, Duration.ofMillis(1));
        assertThat(store.find(K, true).orElseThrow().hookedSeq()).isEqualTo(1);
        assertThat(store.unfinished()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anEmbeddedStoreRunsWithTheGatewaysH2SettingsAndAUrlKeepsItsOwn() throws Exception {
        open("h2");
        // the cache H2 runs with, in MB
        assertThat(h2Setting(store, "info.CACHE_MAX_SIZE")).isEqualTo(String.valueOf(JdbcMessageStore.H2_CACHE_KB / 1024));
        assertThat(h2Setting(store, "RETENTION_TIME")).isEqualTo("5000");
        store.close();
        store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db") + ";CACHE_SIZE=8192", "sa", "", 2, 100, Duration.ofMillis(1));
        assertThat(h2Setting(store, "info.CACHE_MAX_SIZE")).isEqualTo("8");
        assertThat(JdbcMessageStore.h2Url("jdbc:h2:file:/x;cache_size=4096")).doesNotContain("CACHE_SIZE=" + JdbcMessageStore.H2_CACHE_KB);
    }

    private static String h2Setting(JdbcMessageStore s, String name) throws Exception {
        try (var c = s.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT setting_value FROM information_schema.settings WHERE setting_name = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static double sum() {
        return GroupCommitWriter.BATCH_GROUPS.collect().get(0).samples.stream()
                .filter(s -> s.name.endsWith("_count")).mapToDouble(s -> s.value).sum();
    }
}
