package io.rcsgw.gateway.files;

import io.rcsgw.gateway.config.GatewayConfig;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.JdbcFileStore;
import io.rcsgw.rcs.api.FileService;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The files API as the gateway carries it out: an upload is checked (type, size, the bot's
 * quota, its {@code until}), stored in the store's files table and served at
 * {@code {webView.publicBaseUrl}/f/{fileId}}; a file past its {@code until} is no longer shown or
 * served, and is deleted within the minute. Store work runs on threads of its own, never on the
 * HTTP server's.
 */
public final class GatewayFiles implements FileService, AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcFileStore store;
    private final String baseUrl;
    private final long maxBytes;
    private final long maxBytesPerBot;
    private final Duration maxRetention;
    private final Set<String> types;
    private final FileFetcher fetcher;
    private final Clock clock;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "files");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService purge = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "files-retention");
        t.setDaemon(true);
        return t;
    });

    /** {@code publicBaseUrl}: the web views' public base URL, where files are served. */
    public GatewayFiles(JdbcFileStore store, GatewayConfig.Files config, String publicBaseUrl, Clock clock) {
        this.store = store;
        this.baseUrl = publicBaseUrl + "/f/";
        this.maxBytes = config.maxBytes();
        this.maxBytesPerBot = config.maxBytesPerBot();
        this.maxRetention = config.maxRetention();
        this.types = Set.copyOf(config.types());
        this.fetcher = new FileFetcher(config.fetch().allow(), config.fetch().timeout(), config.maxBytes());
        this.clock = clock;
    }

    /** Deletes files whose time is up, once a minute. */
    public GatewayFiles start() {
        purge.scheduleWithFixedDelay(() -> {
            try {
                int n = store.deleteExpired(clock.millis());
                if (n > 0) {
                    GatewayMetrics.PURGED.labels("file").inc(n);
                }
            } catch (RuntimeException e) {
                GatewayMetrics.PURGE_FAILURES.inc();
            }
        }, 1, 1, TimeUnit.MINUTES);
        return this;
    }

    /** The id of an uploaded file a URL points at, when it is one of the gateway's file URLs. */
    public Optional<String> fileIdOf(String url) {
        return url != null && url.startsWith(baseUrl) ? Optional.of(url.substring(baseUrl.length())) : Optional.empty();
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public CompletableFuture<UploadResult> upload(String botId, FileUpload upload) {
        return CompletableFuture.supplyAsync(() -> store(botId, upload), workers);
    }

    private UploadResult store(String botId, FileUpload upload) {
        Instant now = clock.instant();
        Instant latest = now.plus(maxRetention);
        Instant until = upload.until() == null ? latest : upload.until();
        if (!until.isAfter(now)) {
            return new Refused("until", 400, "must be in the future");
        }
        if (until.isAfter(latest)) {
            until = latest; // kept as long as the operator allows; the answer says until when
        }
        String type = upload.fileType();
        byte[] bytes = upload.content();
        if (bytes == null) {
            FileFetcher.Fetched got = fetcher.fetch(upload.fileUrl());
            if (got instanceof FileFetcher.Refused r) {
                return new Refused("fileUrl", r.status(), r.detail());
            }
            FileFetcher.Got g = (FileFetcher.Got) got;
            bytes = g.bytes();
            type = type != null ? type : g.mimeType();
            if (type == null) {
                return new Refused("fileType", 400, "is required: the fetched file did not say its type");
            }
        }
        if (!types.contains(type)) {
            return new Refused("fileType", 400, type + " is not a type this gateway takes; it takes " + String.join(", ",
                    types.stream().sorted().toList()));
        }
        if (bytes.length == 0) {
            return new Refused("fileContent", 400, "the file is empty");
        }
        if (bytes.length > maxBytes) {
            return new Refused("fileContent", 413, "the file is " + bytes.length + " bytes, the limit is " + maxBytes);
        }
        long used = store.usedBytes(botId, now.toEpochMilli());
        if (used + bytes.length > maxBytesPerBot) {
            return new Refused("fileContent", 413, "the bot's files would take more than its " + maxBytesPerBot
                    + " bytes; delete some first");
        }
        String name = upload.fileName() == null ? fileName(upload.fileUrl()) : upload.fileName();
        JdbcFileStore.FileRow row = new JdbcFileStore.FileRow(newId(), botId, type, name, bytes.length, until.toEpochMilli(),
                now.toEpochMilli());
        store.insert(row, bytes);
        return new Stored(info(row));
    }

    @Override
    public Optional<FileInfo> find(String botId, String fileId) {
        return store.find(botId, fileId, clock.millis()).map(this::info);
    }

    @Override
    public CompletableFuture<Boolean> delete(String botId, String fileId) {
        return CompletableFuture.supplyAsync(() -> store.delete(botId, fileId, clock.millis()), workers);
    }

    @Override
    public Optional<FileContent> content(String fileId) {
        return store.content(fileId, clock.millis()).map(b -> new FileContent(b.mimeType(), b.fileName(), b.content()));
    }

    /** The bot's file a message refers to by URL, still there at {@code now}. */
    public Optional<JdbcFileStore.FileRow> referenced(String botId, String fileId) {
        return store.find(botId, fileId, clock.millis());
    }

    private FileInfo info(JdbcFileStore.FileRow r) {
        return new FileInfo(r.fileId(), baseUrl + r.fileId(), r.mimeType(), r.fileName(), r.size(), Instant.ofEpochMilli(r.untilAt()));
    }

    /** The last path segment of a fetched URL, when it looks like a file name. */
    static String fileName(String url) {
        if (url == null) {
            return null;
        }
        String path = java.net.URI.create(url).getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() || last.length() > 255 || !last.matches("[\\w .()+-]+") ? null : last;
    }

    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        purge.shutdownNow();
        workers.shutdown();
    }
}
