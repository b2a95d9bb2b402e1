package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.PlatformEventSink;
import io.rcsgw.rcs.auth.AccessTokens;
import io.rcsgw.rcs.auth.AuthThrottle;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Clock;

/** The northbound HTTP server: Jetty 12 with the {@link ApiHandler}. */
public final class RcsApiServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ApiHandler handler;

    public RcsApiServer(RcsApiConfig config, MessagingService service, PlatformEventSink events, ObjectMapper json, Clock clock) {
        this(config, service, events, json, clock, ApiObserver.NONE);
    }

    public RcsApiServer(RcsApiConfig config, MessagingService service, PlatformEventSink events, ObjectMapper json, Clock clock,
                        ApiObserver observer) {
        this(config, service, events, json, clock, observer, null);
    }

    /** {@code files}: the files API's store; null turns the files API off (its routes answer 404). */
    public RcsApiServer(RcsApiConfig config, MessagingService service, PlatformEventSink events, ObjectMapper json, Clock clock,
                        ApiObserver observer, io.rcsgw.rcs.api.FileService files) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("api");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        // Jetty's header cache keeps whole header lines; every client sends its own bearer
        // token, so looking lines up there costs more than parsing them
        http.setHeaderCacheSize(0);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        config.http().apply(server, connector, part -> observer.requestCutOff("api", part));
        handler = new ApiHandler(config, service, events, new AccessTokens(config.tokenKey(), config.tokenTtl(), clock), json,
                new AuthThrottle(config.authFailures(), clock), observer, clock, files);
        server.setHandler(handler);
        server.setErrorHandler(new ProblemErrorHandler());
        server.setStopTimeout(5000);
    }

    public RcsApiServer start() throws Exception {
        server.start();
        return this;
    }

    /** Every route served, as "METHOD /path/{var}" (what openapi.yaml must document). */
    public java.util.List<String> routes() {
        return handler.routes();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
