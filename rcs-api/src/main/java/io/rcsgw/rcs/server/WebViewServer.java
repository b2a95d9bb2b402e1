package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rcs.api.WebViews;
import io.rcsgw.rules.content.RichMessage;
import io.rcsgw.rules.content.WebViewPage;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Serves the read-only web views of rich messages sent as SMS at {@code /v/{token}}: the page of
 * {@link WebViewPage}, no script, a strict content security policy, never cached by others and
 * never indexed. Nothing but the token leads to a page; the recipient's number and the bot's
 * secrets are in neither the page nor its address. Bots' uploaded files are served here too, at
 * {@code /f/{fileId}} (see {@link FileDownloads}).
 */
public final class WebViewServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebViewServer.class);
    /** 128 bits in URL-safe base64, as the gateway makes them. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;

    /** @param outcome told each request's outcome (served, expired, unknown), for metrics */
    public WebViewServer(String host, int port, WebViews views, Consumer<String> outcome, HttpLimits limits,
                         ApiObserver observer) {
        this(host, port, views, outcome, limits, observer, null);
    }

    /** {@code files}: bots' uploaded files, served at {@code /f/{fileId}}; null: none. */
    public WebViewServer(String host, int port, WebViews views, Consumer<String> outcome, HttpLimits limits,
                         ApiObserver observer, io.rcsgw.rcs.api.FileService files) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("web-view");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        limits.apply(server, connector, part -> observer.requestCutOff("web-view", part));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (files != null && Request.getPathInContext(request).startsWith("/f/")) {
                    return FileDownloads.serve(request, response, callback, files);
                }
                return serve(request, response, callback, views, outcome);
            }
        });
        server.setErrorHandler(new ProblemErrorHandler());
        server.setStopTimeout(2000);
    }

    public WebViewServer start() throws Exception {
        server.start();
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    private static boolean serve(Request request, Response response, Callback callback, WebViews views,
                                 Consumer<String> outcome) {
        String path = Request.getPathInContext(request);
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            return page(response, callback, 405, message("Not allowed", "This page can only be read."));
        }
        String token = path.startsWith("/v/") ? path.substring(3) : "";
        Optional<WebViews.Page> found = TOKEN.matcher(token).matches() ? views.find(token) : Optional.empty();
        if (found.isEmpty()) {
            outcome.accept("unknown");
            return page(response, callback, 404, message("Not found", "There is no message at this address."));
        }
        if (found.get().expired()) {
            outcome.accept("expired");
            return page(response, callback, 410, message("Expired", "This message is no longer available."));
        }
        String html;
        try {
            html = WebViewPage.render(rich(found.get()));
        } catch (Exception e) {
            log.warn("a web view could not be rendered: {}", e.toString());
            return page(response, callback, 500, message("Unavailable", "This message cannot be shown."));
        }
        outcome.accept("served");
        return page(response, callback, 200, html);
    }

    /** The stored request read back: it passed the API's checks when it came in. */
    static RichMessage rich(WebViews.Page p) throws Exception {
        if (p.content() == null) {
            return RichMessage.text(p.text());
        }
        JsonNode rcs = JSON.readTree(p.content()).path("RCSMessage");
        for (Iterator<String> it = rcs.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (RichMessageReader.CONTENT.contains(name)) {
                return RichMessageReader.read(rcs, name);
            }
        }
        return RichMessage.text(p.text());
    }

    private static String message(String title, String text) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + "</title></head><body><h1>" + title
                + "</h1><p>" + text + "</p></body></html>";
    }

    private static boolean page(Response response, Callback callback, int status, String html) {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        var h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        h.put(HttpHeader.CACHE_CONTROL, "private, max-age=300");
        h.put("Content-Security-Policy", "default-src 'none'; img-src https: http:; style-src 'unsafe-inline'; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Robots-Tag", "noindex, nofollow");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
