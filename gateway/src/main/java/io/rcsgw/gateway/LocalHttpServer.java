package io.rcsgw.gateway;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A small Jetty server for an operator-facing port (management, admin): few threads, one connector. */
public final class LocalHttpServer {

    private LocalHttpServer() {
    }

    /** The server, not started; its connector is {@code server.getConnectors()[0]}. */
    public static Server create(String name, String host, int port, int maxThreads, io.rcsgw.rcs.server.HttpLimits limits,
                                Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 1);
        threads.setName(name);
        Server server = new Server(threads);
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        limits.apply(server, connector, part -> io.rcsgw.gateway.metrics.GatewayMetrics.REQUESTS_CUT_OFF.labels(name, part).inc());
        server.setHandler(handler);
        server.setErrorHandler(new io.rcsgw.rcs.server.ProblemErrorHandler());
        return server;
    }

    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
