package io.rcsgw.rcs.server;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits every port gets, on a real Jetty server over real sockets. */
class HttpLimitsTest {

    Server server;
    ServerConnector connector;
    final List<String> cutOff = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        new HttpLimits(2, Duration.ofSeconds(30), Duration.ofSeconds(1)).apply(server, connector, cutOff::add);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // reads the whole body first, as the API does
                org.eclipse.jetty.io.Content.Source.asByteArrayAsync(request, 4096).whenComplete((body, error) -> {
                    response.setStatus(200);
                    response.write(true, java.nio.ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
                });
                return true;
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private static String get(Socket s) throws Exception {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[512];
        int n = in.read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void aConnectionPastTheLimitWaitsUntilOneCloses() throws Exception {
        try (Socket a = new Socket("127.0.0.1", connector.getLocalPort());
             Socket b = new Socket("127.0.0.1", connector.getLocalPort())) {
            a.setSoTimeout(2000);
            b.setSoTimeout(2000);
            assertThat(get(a)).startsWith("HTTP/1.1 200");
            assertThat(get(b)).startsWith("HTTP/1.1 200");
            try (Socket c = new Socket("127.0.0.1", connector.getLocalPort())) {
                c.setSoTimeout(700);
                // the kernel queues it; Jetty takes it only once a connection closes
                assertThatThrownBy(() -> get(c)).isInstanceOf(SocketTimeoutException.class);
                a.close();
                c.setSoTimeout(3000);
                byte[] buf = new byte[512];
                int n = c.getInputStream().read(buf);
                assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aBodyTricklingInIsCutOffButAnIdleKeptAliveConnectionIsNot() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", connector.getLocalPort());
             Socket slow = new Socket("127.0.0.1", connector.getLocalPort())) {
            idle.setSoTimeout(3000);
            assertThat(get(idle)).startsWith("HTTP/1.1 200");
            slow.setSoTimeout(5000);
            OutputStream out = slow.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean closed = false;
            try {
                for (int i = 0; i < 30 && !closed; i++) {
                    out.write('a');
                    out.flush();
                    Thread.sleep(150);
                    closed = slow.getInputStream().available() == 0 && isClosed(slow);
                }
            } catch (java.io.IOException e) {
                closed = true;
            }
            assertThat(closed).isTrue();
            assertThat(cutOff).contains("body");
            // the idle connection, past the request timeout but between requests, still serves
            assertThat(get(idle)).startsWith("HTTP/1.1 200");
        }
    }

    private static boolean isClosed(Socket s) throws Exception {
        s.setSoTimeout(1);
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            s.setSoTimeout(5000);
        }
    }
}
