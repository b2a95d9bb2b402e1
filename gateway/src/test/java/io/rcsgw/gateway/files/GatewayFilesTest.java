package io.rcsgw.gateway.files;

import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.store.JdbcFileStore;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.rcs.api.FileService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an upload must be to be stored: a taken type, some bytes, a future until (cut to the longest kept), room in the bot's quota. */
class GatewayFilesTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;
    JdbcMessageStore store;
    GatewayFiles files;

    @BeforeEach
    void open() {
        store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 100, Duration.ZERO);
        files = new GatewayFiles(new JdbcFileStore(store), new GatewayConfig.Files(100L, 250L, Duration.ofDays(7),
                List.of("image/png", "application/pdf"), new GatewayConfig.FileFetch(List.of(), Duration.ofSeconds(1))),
                "https://m.example.com", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        files.close();
        store.close();
    }

    @Test
    void aStoredFileIsServedFromThePublicBaseUntilItsUntil() {
        FileService.FileInfo f = stored(files.upload("bot1", upload("image/png", NOW.plus(Duration.ofDays(1)), 10)).join());
        assertThat(f.url()).isEqualTo("https://m.example.com/f/" + f.fileId());
        assertThat(f.until()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(f.size()).isEqualTo(10);
        assertThat(files.fileIdOf(f.url())).hasValue(f.fileId());
        assertThat(files.fileIdOf("https://cdn.example.com/f/" + f.fileId())).isEmpty();
        assertThat(files.find("bot1", f.fileId())).hasValue(f);
        assertThat(files.find("bot2", f.fileId())).isEmpty();
        assertThat(files.content(f.fileId()).orElseThrow().bytes()).hasSize(10);
        // no until: kept as long as allowed; a later one is cut to that
        assertThat(stored(files.upload("bot1", upload("image/png", null, 10)).join()).until()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        assertThat(stored(files.upload("bot1", upload("image/png", NOW.plus(Duration.ofDays(90)), 10)).join()).until())
                .isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void whatCannotBeStoredIsRefusedNamingTheField() {
        assertRefused(upload("text/html", null, 10), "fileType", 400);
        assertRefused(upload("image/png", NOW.minusSeconds(1), 10), "until", 400);
        assertRefused(upload("image/png", NOW, 10), "until", 400);
        assertRefused(upload("image/png", null, 0), "fileContent", 400);
        assertRefused(upload("image/png", null, 101), "fileContent", 413);
        assertRefused(new FileService.FileUpload("image/png", null, null, null, "https://cdn.example.com/a.png"), "fileUrl", 400);
        // the quota: 250 bytes per bot
        stored(files.upload("bot1", upload("image/png", null, 100)).join());
        stored(files.upload("bot1", upload("image/png", null, 100)).join());
        assertRefused(upload("image/png", null, 51), "fileContent", 413);
        stored(files.upload("bot2", upload("image/png", null, 100)).join());
    }

    private void assertRefused(FileService.FileUpload u, String field, int status) {
        FileService.UploadResult r = files.upload("bot1", u).join();
        assertThat(r).isInstanceOf(FileService.Refused.class);
        assertThat(((FileService.Refused) r).field()).isEqualTo(field);
        assertThat(((FileService.Refused) r).status()).isEqualTo(status);
    }

    private static FileService.FileInfo stored(FileService.UploadResult r) {
        assertThat(r).isInstanceOf(FileService.Stored.class);
        return ((FileService.Stored) r).file();
    }

    private static FileService.FileUpload upload(String type, Instant until, int size) {
        return new FileService.FileUpload(type, until, new byte[size], "a.png", null);
    }
}
