package io.rcsgw.gateway.store;

import io.rcsgw.gateway.Harness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Files in the store on H2 and PostgreSQL: a bot sees only its own, nobody sees one past its until. */
class JdbcFileStoreTest {

    @TempDir
    Path dir;
    String pgUrl;
    JdbcMessageStore messages;

    @AfterEach
    void close() {
        if (messages != null) {
            messages.close();
        }
        if (pgUrl != null) {
            Harness.dropPgDatabase(pgUrl);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void filesAreTheirBotsAndEndAtTheirUntil(String kind) throws Exception {
        if (kind.equals("postgres")) {
            Assumptions.assumeTrue(Harness.pgReachable(), "PostgreSQL not reachable");
            pgUrl = Harness.freshPgDatabase();
            messages = new JdbcMessageStore(pgUrl, Harness.pgUser(), "", 4, 100, Duration.ZERO);
        } else {
            messages = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 100, Duration.ZERO);
        }
        JdbcFileStore files = new JdbcFileStore(messages);
        byte[] bytes = new byte[3 * 1024 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        files.insert(new JdbcFileStore.FileRow("f1", "bot1", "image/png", "a b.png", bytes.length, 2_000, 1_000), bytes);
        files.insert(new JdbcFileStore.FileRow("f2", "bot1", "application/pdf", null, 10, 5_000, 1_000), new byte[10]);
        files.insert(new JdbcFileStore.FileRow("f3", "bot2", "image/png", null, 7, 5_000, 1_000), new byte[7]);

        assertThat(files.find("bot1", "f1", 1_500)).hasValueSatisfying(f -> {
            assertThat(f.mimeType()).isEqualTo("image/png");
            assertThat(f.fileName()).isEqualTo("a b.png");
            assertThat(f.size()).isEqualTo(bytes.length);
            assertThat(f.untilAt()).isEqualTo(2_000);
        });
        assertThat(files.find("bot2", "f1", 1_500)).isEmpty();
        assertThat(files.content("f1", 1_500).orElseThrow().content()).isEqualTo(bytes);
        assertThat(files.usedBytes("bot1", 1_500)).isEqualTo(bytes.length + 10);
        assertThat(files.delete("bot2", "f1", 1_500)).isFalse();

        // past its until: gone for every reader before retention deletes it
        assertThat(files.find("bot1", "f1", 2_000)).isEmpty();
        assertThat(files.content("f1", 2_000)).isEmpty();
        assertThat(files.usedBytes("bot1", 2_000)).isEqualTo(10);
        assertThat(files.deleteExpired(2_000)).isEqualTo(1);
        assertThat(files.deleteExpired(2_000)).isZero();

        assertThat(files.delete("bot1", "f2", 2_000)).isTrue();
        assertThat(files.find("bot1", "f2", 2_000)).isEmpty();
        assertThat(files.find("bot2", "f3", 2_000)).isPresent();
    }
}
