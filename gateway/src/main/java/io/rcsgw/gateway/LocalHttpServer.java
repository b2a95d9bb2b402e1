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
    public static Server create(String name, String host, int port, int maxThreads, Handler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, 1);
        threads.setName(name);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
        return server;
    }

    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
