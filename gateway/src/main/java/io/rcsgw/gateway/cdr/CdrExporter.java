package io.rcsgw.gateway.cdr;

import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves charging data records from the store's outbox into CSV files that a billing system
 * imports. A file is written as {@code cdr-<UTC time>-<first record id>.csv.part} and renamed to
 * {@code .csv} once closed, so an importer only ever sees complete files.
 *
 * <p>Records leave the outbox only after the file holding them is forced to disk, and a file is
 * closed only after its records have left the outbox. A file left open by a crash is cut back to
 * its last complete line, its records are taken out of the outbox, and it is closed at the next
 * start: every record reaches exactly one file.
 */
public final class CdrExporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdrExporter.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String OPEN_SUFFIX = ".csv.part";
    /** Records read from the outbox at a time. */
    static final int BATCH = 1000;

    private final MessageStore store;
    private final Path directory;
    private final int rotateRecords;
    private final long rotateMillis;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdr-exporter");
        t.setDaemon(true);
        return t;
    });
    private final java.util.function.BooleanSupplier mayRun;
    private FileChannel file;
    private Path openPath;
    private long openedAt;
    private int recordsInFile;

    public CdrExporter(MessageStore store, Path directory, int rotateRecords, Duration rotateInterval, Clock clock) {
        this(store, directory, rotateRecords, rotateInterval, clock, () -> true);
    }

    /** @param mayRun false while another node may be exporting (this one lost, or may have lost, the export to it) */
    public CdrExporter(MessageStore store, Path directory, int rotateRecords, Duration rotateInterval, Clock clock,
                       java.util.function.BooleanSupplier mayRun) {
        this.mayRun = mayRun;
        this.store = store;
        this.directory = directory;
        this.rotateRecords = rotateRecords;
        this.rotateMillis = rotateInterval.toMillis();
        this.clock = clock;
    }

    /** Closes what a previous run left open, then exports every {@code period}. */
    public CdrExporter start(Duration period) throws IOException {
        Files.createDirectories(directory);
        finishLeftovers();
        timer.scheduleWithFixedDelay(this::runQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runQuietly() {
        try {
            exportNow();
        } catch (Exception e) {
            log.warn("CDR export failed, retrying: {}", e.toString());
        } finally {
            measureBacklog(); // also when the export failed: a backlog that stops draining is what the alert is for
        }
    }

    private void measureBacklog() {
        try {
            MessageStore.CdrBacklog b = store.cdrBacklog();
            GatewayMetrics.CDR_BACKLOG.set(b.records());
            GatewayMetrics.CDR_OLDEST.set(b.records() == 0 ? 0 : Math.max(0, clock.millis() - b.nextClosedAt()) / 1000.0);
        } catch (RuntimeException e) {
            log.debug("CDR backlog not measured: {}", e.toString());
        }
    }

    /** Exports what the outbox holds, and closes the open file when it is full or old enough. */
    public synchronized void exportNow() throws IOException {
        while (mayRun.getAsBoolean()) {
            int limit = Math.min(BATCH, rotateRecords - recordsInFile);
            List<MessageStore.PendingCdr> batch = store.pendingCdrs(limit);
            if (batch.isEmpty()) {
                break;
            }
            if (file == null) {
                open(batch.get(0).id());
            }
            StringBuilder text = new StringBuilder();
            List<StoreWrite> exported = new ArrayList<>(batch.size());
            for (MessageStore.PendingCdr r : batch) {
                text.append(r.line());
                exported.add(new StoreWrite.DeleteCdr(r.id()));
            }
            if (!mayRun.getAsBoolean()) {
                break; // lost the export meanwhile (a pause, say): another node writes these
            }
            long mark = file.position();
            try {
                writeFully(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                file.force(true);
                store.write(exported).join();
            } catch (IOException | RuntimeException e) {
                // the records stay in the outbox and are written again: take this attempt out of the file
                file.truncate(mark);
                file.position(mark);
                throw e;
            }
            recordsInFile += batch.size();
            GatewayMetrics.CDR_RECORDS.inc(batch.size());
            if (recordsInFile >= rotateRecords) {
                rotate();
            }
            if (batch.size() < limit) {
                break;
            }
        }
        if (file != null && clock.millis() - openedAt >= rotateMillis) {
            rotate();
        }
    }

    private void open(long firstId) throws IOException {
        openedAt = clock.millis();
        openPath = directory.resolve("cdr-" + STAMP.format(java.time.Instant.ofEpochMilli(openedAt)) + "-" + firstId + OPEN_SUFFIX);
        file = FileChannel.open(openPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writeFully(ByteBuffer.wrap(CdrCsv.HEADER.getBytes(StandardCharsets.UTF_8)));
        recordsInFile = 0;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            file.write(bytes);
        }
    }

    private void rotate() throws IOException {
        file.force(true);
        file.close();
        file = null;
        close(openPath);
        recordsInFile = 0;
    }

    /** Renames an open file to its final name, durably. */
    private void close(Path open) throws IOException {
        String name = open.getFileName().toString();
        Path done = open.resolveSibling(name.substring(0, name.length() - ".part".length()));
        Files.move(open, done, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true); // the rename itself survives a power cut
        }
        GatewayMetrics.CDR_FILES.inc();
        log.info("CDR file {} closed", done.getFileName());
    }

    /** A file a crash left open: cut to its complete lines, its records out of the outbox, closed. */
    private void finishLeftovers() throws IOException {
        List<Path> open = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + OPEN_SUFFIX)) {
            files.forEach(open::add);
        }
        for (Path p : open) {
            byte[] bytes = Files.readAllBytes(p);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
            String[] lines = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
            List<StoreWrite> written = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) { // the first line is the header
                // record_id is the first column, a number, never quoted
                written.add(new StoreWrite.DeleteCdr(Long.parseLong(lines[i].substring(0, lines[i].indexOf(',')))));
            }
            if (!written.isEmpty()) {
                store.write(written).join();
            }
            log.info("CDR file {} left open by the last run closed with {} records", p.getFileName(), written.size());
            close(p);
        }
    }

    /** Exports what is left and closes the open file. */
    @Override
    public void close() {
        // no interrupt: a run in progress finishes its file write and its outbox delete first
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
            synchronized (this) {
                exportNow();
                if (file != null) {
                    rotate();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("CDR export at shutdown failed; the records stay in the outbox for the next start: {}", e.toString());
        }
        measureBacklog();
    }
}
