package io.rcsgw.gateway.cdr;

import io.prometheus.client.CollectorRegistry;
import io.rcsgw.gateway.store.JdbcMessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CdrExporterTest {

    @TempDir
    Path dir;
    private JdbcMessageStore store;
    private Path cdrs;

    @BeforeEach
    void open() {
        store = new JdbcMessageStore("jdbc:h2:file:" + dir.resolve("db"), "sa", "", 4, 500, Duration.ofMillis(1));
        cdrs = dir.resolve("cdr");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void outbox(long... ids) {
        List<StoreWrite> writes = new ArrayList<>();
        for (long id : ids) {
            writes.add(new StoreWrite.InsertCdr(id, 1000 + id, id + ",line-" + id + "\n"));
        }
        store.write(writes).join();
    }

    private List<Path> files(String glob) throws Exception {
        List<Path> out = new ArrayList<>();
        try (var s = Files.newDirectoryStream(cdrs, glob)) {
            s.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    /** The record lines of the closed files, in file order, header checked and left out. */
    private List<String> closedLines() throws Exception {
        List<String> out = new ArrayList<>();
        for (Path p : files("*.csv")) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            assertThat(lines.get(0) + "\n").isEqualTo(CdrCsv.HEADER);
            out.addAll(lines.subList(1, lines.size()));
        }
        return out;
    }

    private static double sample(String name) {
        Double v = CollectorRegistry.defaultRegistry.getSampleValue(name);
        return v == null ? 0 : v;
    }

    @Test
    void recordsGoToFilesOfAtMostRotateRecordsInIdOrderAndLeaveTheOutbox() throws Exception {
        double records = sample("rcsgw_cdr_records_total");
        double closed = sample("rcsgw_cdr_files_total");
        outbox(5, 3, 1, 4, 2);
        CdrExporter exporter = new CdrExporter(store, cdrs, 2, Duration.ofHours(1), Clock.systemUTC());
        exporter.start(Duration.ofHours(1)); // its first run is at once
        exporter.exportNow();
        assertThat(files("*.csv")).hasSize(2);
        assertThat(files("*" + CdrExporter.OPEN_SUFFIX)).as("the fifth record waits in an open file").hasSize(1);
        assertThat(store.cdrBacklog().records()).isZero();
        exporter.close();

        assertThat(files("*" + CdrExporter.OPEN_SUFFIX)).isEmpty();
        assertThat(files("*.csv")).hasSize(3);
        assertThat(closedLines()).containsExactly("1,line-1", "2,line-2", "3,line-3", "4,line-4", "5,line-5");
        assertThat(sample("rcsgw_cdr_records_total") - records).isEqualTo(5);
        assertThat(sample("rcsgw_cdr_files_total") - closed).isEqualTo(3);
        assertThat(sample("rcsgw_cdr_outbox_records")).isZero();
    }

    @Test
    void anOpenFileIsClosedOnceItIsOldEnoughEvenWithoutNewRecords() throws Exception {
        outbox(1);
        CdrExporter exporter = new CdrExporter(store, cdrs, 1000, Duration.ofMillis(100), Clock.systemUTC());
        exporter.start(Duration.ofMillis(20));
        long until = System.currentTimeMillis() + 5000;
        while (files("*.csv").isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(closedLines()).containsExactly("1,line-1");
        assertThat(files("*" + CdrExporter.OPEN_SUFFIX)).isEmpty();
        exporter.close();
        assertThat(files("*.csv")).as("no empty file at the stop").hasSize(1);
    }

    @Test
    void aFileACrashLeftOpenIsCutToItsCompleteLinesAndItsRecordsAreNotExportedAgain() throws Exception {
        Files.createDirectories(cdrs);
        // records 10 and 11 reached the file, 12 was being written when the process died
        Files.writeString(cdrs.resolve("cdr-20261126T120000Z-10" + CdrExporter.OPEN_SUFFIX),
                CdrCsv.HEADER + "10,line-10\n11,line-11\n12,li", StandardCharsets.UTF_8);
        outbox(10, 11, 12, 13);

        CdrExporter exporter = new CdrExporter(store, cdrs, 1000, Duration.ofHours(1), Clock.systemUTC());
        exporter.start(Duration.ofHours(1));
        exporter.close();

        assertThat(files("*" + CdrExporter.OPEN_SUFFIX)).isEmpty();
        assertThat(files("*.csv")).hasSize(2);
        assertThat(Files.readString(cdrs.resolve("cdr-20261126T120000Z-10.csv")))
                .isEqualTo(CdrCsv.HEADER + "10,line-10\n11,line-11\n");
        assertThat(closedLines()).containsExactly("10,line-10", "11,line-11", "12,line-12", "13,line-13");
        assertThat(store.cdrBacklog().records()).isZero();
        try (Stream<Path> s = Files.list(cdrs)) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    @Test
    void whileFilesCannotBeWrittenTheRecordsWaitAndTheBacklogSaysHowLong() throws Exception {
        CdrExporter exporter = new CdrExporter(store, cdrs, 1000, Duration.ofMillis(50), Clock.systemUTC());
        exporter.start(Duration.ofMillis(20));
        Files.delete(cdrs);
        Files.writeString(cdrs, "not a directory"); // as good as a full disk: no file can be opened
        outbox(1, 2); // closed in 1970: very old
        long until = System.currentTimeMillis() + 5000;
        while (sample("rcsgw_cdr_outbox_records") != 2 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThat(sample("rcsgw_cdr_outbox_records")).isEqualTo(2);
        assertThat(sample("rcsgw_cdr_outbox_oldest_seconds")).isGreaterThan(1_700_000_000);
        assertThat(store.cdrBacklog().records()).as("nothing left the outbox").isEqualTo(2);

        Files.delete(cdrs);
        Files.createDirectories(cdrs);
        while (sample("rcsgw_cdr_outbox_records") != 0 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        exporter.close();
        assertThat(closedLines()).containsExactly("1,line-1", "2,line-2");
        assertThat(sample("rcsgw_cdr_outbox_oldest_seconds")).isZero();
    }
}
