package io.rcsgw.gateway;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Metrics and health on their own port, away from the public API. */
final class ManagementServer implements AutoCloseable {

    private final Server server;

    ManagementServer(String host, int port, io.rcsgw.rcs.server.HttpLimits limits, BooleanSupplier ready) {
        server = LocalHttpServer.create("mgmt", host, port, 16, limits, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                switch (path) {
                    case "/metrics" -> {
                        StringWriter w = new StringWriter();
                        TextFormat.write004(w, CollectorRegistry.defaultRegistry.metricFamilySamples());
                        send(response, callback, 200, TextFormat.CONTENT_TYPE_004, w.toString());
                    }
                    case "/health/live" -> send(response, callback, 200, "application/json", "{\"status\":\"UP\"}");
                    case "/health/ready" -> {
                        boolean ok = ready.getAsBoolean();
                        send(response, callback, ok ? 200 : 503, "application/json",
                                ok ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
                    }
                    default -> send(response, callback, 404, "text/plain", "not found");
                }
                return true;
            }
        });
    }

    private static void send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    ManagementServer start() throws Exception {
        server.start();
        return this;
    }

    int port() {
        return LocalHttpServer.port(server);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
