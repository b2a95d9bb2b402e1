package io.rcsgw.rcs.server;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Closes connections whose request is still being read (headers, or the body) longer than the
 * request deadline after its first byte: the slow-client attack Jetty's idle timeout does not
 * stop, since a byte now and then keeps a connection busy. A connection between requests (its
 * parser at the start) is left to the idle timeout. Connections are looked at twice a second.
 */
final class SlowRequestReaper extends AbstractLifeCycle implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(SlowRequestReaper.class);

    /** When a request of the connection was first seen being read, and which request it was. */
    private record Reading(long request, long sinceNanos) {
    }

    private final long deadlineNanos;
    private final Consumer<String> cutOff;
    private final Map<HttpConnection, Reading> open = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    SlowRequestReaper(Duration deadline, Consumer<String> cutOff) {
        this.deadlineNanos = deadline.toNanos();
        this.cutOff = cutOff;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, new Reading(-1, 0));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-reaper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
        open.clear();
    }

    void sweep() {
        long now = System.nanoTime();
        open.replaceAll((c, r) -> {
            HttpParser parser = c.getParser();
            boolean reading = !parser.isStart() && (parser.inHeaderState() || parser.inContentState());
            if (!reading) {
                return new Reading(-1, 0);
            }
            long request = c.getMessagesIn();
            if (r.request() != request) {
                return new Reading(request, now);
            }
            if (now - r.sinceNanos() > deadlineNanos) {
                String where = parser.inHeaderState() ? "headers" : "body";
                log.warn("closing a connection from {}: its request {} took longer than {} ms to arrive",
                        c.getEndPoint().getRemoteSocketAddress(), where, TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
                c.getEndPoint().close();
                cutOff.accept(where);
            }
            return r;
        });
    }
}
