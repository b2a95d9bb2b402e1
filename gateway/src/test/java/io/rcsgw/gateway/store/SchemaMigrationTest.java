package io.rcsgw.gateway.store;

import com.zaxxer.hikari.HikariDataSource;
import io.rcsgw.gateway.Harness;
import io.rcsgw.rules.model.MessageState;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A store written by schema v2 opens under v3 with nothing lost: history, parts and pending webhook events. */
class SchemaMigrationTest {

    @TempDir
    Path dir;
    String pgUrl;
    JdbcMessageStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        if (pgUrl != null) {
            Harness.dropPgDatabase(pgUrl);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void v2RowsSurviveTheMoveIntoTheMessageRow(String kind) throws Exception {
        String url;
        String user;
        if (kind.equals("postgres")) {
            Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
            pgUrl = Harness.freshPgDatabase();
            url = pgUrl;
            user = "postgres";
        } else {
            url = JdbcMessageStore.h2Url("jdbc:h2:file:" + dir.resolve("db"));
            user = "sa";
        }
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(url);
            ds.setUsername(user);
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("2").load().migrate();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                // delivered, its last webhook event still in the outbox
                s.execute("INSERT INTO messages (bot_id, msg_id, fingerprint, recipient, body, state, channel, parts_total, "
                        + "accepted_at, updated_at, finished_at) VALUES ('b', 'done', 'fp', '+447700900001', 'hi', 'DELIVERED', "
                        + "'sms', 1, 1, 9, 9)");
                s.execute("INSERT INTO message_events VALUES ('b','done',0,'ACCEPTED','accepted',1), "
                        + "('b','done',1,'SMS_QUEUED','channel:sms',2), ('b','done',2,'SMS_SUBMITTED','smsc:accepted',3), "
                        + "('b','done',3,'DELIVERED','receipt:DELIVRD',9)");
                s.execute("INSERT INTO sms_parts VALUES ('10001','10001','l1','b','done',0,'DELIVRD',NULL,9)");
                s.execute("INSERT INTO webhook_outbox VALUES ('e3','b','done',3,'{}',2,10,9)");
                // submitted, nothing pending
                s.execute("INSERT INTO messages (bot_id, msg_id, fingerprint, recipient, body, state, channel, parts_total, "
                        + "accepted_at, updated_at) VALUES ('b', 'open', 'fp', '+447700900002', 'long', 'SMS_SUBMITTED', 'sms', 2, "
                        + "4, 6)");
                s.execute("INSERT INTO message_events VALUES ('b','open',0,'ACCEPTED','accepted',4), "
                        + "('b','open',1,'SMS_QUEUED','channel:sms',5), ('b','open',2,'SMS_SUBMITTED','smsc:accepted',6)");
                s.execute("INSERT INTO sms_parts VALUES ('10002','10002','l1','b','open',0,'DELIVRD','000',7), "
                        + "('10003','10003','l2','b','open',1,'SUBMITTED',NULL,6)");
            }
        }

        store = new JdbcMessageStore(url, user, "", 2, 100, Duration.ofMillis(1));
        StoredMessage done = store.find(new MessageKey("b", "done"), true).orElseThrow();
        assertThat(done.history()).extracting(StoredMessage.Event::state).containsExactly(MessageState.ACCEPTED,
                MessageState.SMS_QUEUED, MessageState.SMS_SUBMITTED, MessageState.DELIVERED);
        assertThat(done.history()).extracting(StoredMessage.Event::at).containsExactly(1L, 2L, 3L, 9L);
        assertThat(done.hookedSeq()).as("resent from the event that was still in the outbox").isEqualTo(2);
        assertThat(done.parts()).extracting(StoredMessage.Part::state).containsExactly("DELIVRD");

        StoredMessage open = store.find(new MessageKey("b", "open"), true).orElseThrow();
        assertThat(open.hookedSeq()).isEqualTo(2);
        assertThat(open.parts()).as("keys qualified by the SMSC").extracting(StoredMessage.Part::smscKey)
                .containsExactly("l1/10002", "l2/10003");
        assertThat(open.parts()).extracting(StoredMessage.Part::state).containsExactly("DELIVRD", "SUBMITTED");
        assertThat(open.parts()).extracting(StoredMessage.Part::error).containsExactly("000", null);
        assertThat(store.findPart("l2/10003")).contains(new MessageStore.PartRef(open.id(), 1, "l2"));
        assertThat(open.id()).isNotEqualTo(done.id());
        assertThat(store.newMessageId()).as("new ids follow the migrated ones").isGreaterThan(Math.max(open.id(), done.id()));

        List<StoredMessage> unfinished = store.unfinished();
        assertThat(unfinished).extracting(m -> m.key().msgId()).containsExactly("done", "open");
    }
}
