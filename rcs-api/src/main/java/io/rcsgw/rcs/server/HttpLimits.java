package io.rcsgw.rcs.server;

import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every HTTP port of the gateway allows a client: at most {@code maxConnections} at once
 * (more wait in the accept queue, and while the port is full idle connections get 5 s), a
 * connection idle for {@code idleTimeout} is closed, and a request whose headers and body have
 * not all arrived {@code requestTimeout} after its first byte is cut off (a slow client trickling
 * bytes keeps a connection from ever being idle).
 */
public record HttpLimits(int maxConnections, Duration idleTimeout, Duration requestTimeout) {

    public static final HttpLimits DEFAULT = new HttpLimits(1000, Duration.ofSeconds(30), Duration.ofSeconds(10));

    public HttpLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxConnections < 1 || idleTimeout.isNegative() || idleTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("limits must be positive: " + maxConnections + ", " + idleTimeout + ", "
                    + requestTimeout);
        }
    }

    /** Puts the limits on {@code connector} of {@code server}; {@code cutOff} hears of each slow request closed. */
    public void apply(Server server, ServerConnector connector, Consumer<String> cutOff) {
        connector.setIdleTimeout(idleTimeout.toMillis());
        NetworkConnectionLimit limit = new NetworkConnectionLimit(maxConnections, connector);
        limit.setEndPointIdleTimeout(Math.min(idleTimeout.toMillis(), 5000));
        server.addBean(limit);
        connector.addBean(new SlowRequestReaper(requestTimeout, cutOff));
    }
}
