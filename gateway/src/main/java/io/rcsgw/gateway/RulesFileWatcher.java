package io.rcsgw.gateway;

import io.rcsgw.gateway.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the rules when the rules file changes: its content is compared every {@code interval}
 * (a digest, so an editor's rewrite with the same text does nothing). A file that does not
 * validate is refused with its line and key in the log and the metric, and the running rules stay.
 */
final class RulesFileWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RulesFileWatcher.class);

    private final Path file;
    private final RulesReloader reloader;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rules-file-watcher");
        t.setDaemon(true);
        return t;
    });
    private byte[] seen;

    RulesFileWatcher(Path file, RulesReloader reloader) {
        this.file = file;
        this.reloader = reloader;
        this.seen = digest();
    }

    RulesFileWatcher start(java.time.Duration interval) {
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void check() {
        byte[] now = digest();
        if (now == null || Arrays.equals(now, seen)) {
            return;
        }
        seen = now;
        try {
            RulesReloader.Reloaded r = reloader.reload();
            log.info("{} changed: rules {} in force", file, r.version());
        } catch (ConfigException e) {
            log.warn("{} changed but was not applied: {}", file, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{} changed but reloading failed: {}", file, e.toString());
        }
    }

    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) {
            return null; // being replaced, say: looked at again next time
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
