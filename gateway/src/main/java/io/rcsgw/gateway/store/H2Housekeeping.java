package io.rcsgw.gateway.store;

import org.h2.jdbc.JdbcConnection;
import org.h2.engine.SessionLocal;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * Keeps an embedded H2 file from growing without bound. With {@code WRITE_DELAY=0} (every
 * commit written through, so a killed process loses nothing) H2 runs no background writer,
 * and its background writer is what normally rewrites half-empty chunks. Without it every
 * commit leaves a chunk that stays partly live for a long time and the file grows by kilobytes
 * per message. This task does that rewriting on a timer; the writer's next commit stores it.
 */
final class H2Housekeeping implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);
    /** Rewrite chunks while less than this share of the file is live. */
    static final int TARGET_FILL_RATE = 50;
    /** Bytes rewritten per run, so one run never stalls the disk for long. */
    static final int WRITE_BUDGET = 4 << 20;

    private final DataSource pool;

    H2Housekeeping(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public void run() {
        try (Connection c = pool.getConnection()) {
            MVStore store = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase().getStore().getMvStore();
            // compact() looks at how full the chunks are, and does nothing when they are full enough
            if (store.compact(TARGET_FILL_RATE, WRITE_BUDGET)) {
                log.debug("H2 store compacted");
            }
        } catch (Exception | LinkageError e) {
            log.warn("H2 housekeeping failed: {}", e.toString());
        }
    }
}
