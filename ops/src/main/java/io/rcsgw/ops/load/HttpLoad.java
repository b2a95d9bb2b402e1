package io.rcsgw.ops.load;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The generator's HTTP side: it sends the messages as the load bot and times each 202, takes the
 * webhook events the gateway posts back, and reads the gateway's metrics.
 */
final class HttpLoad {

    private HttpLoad() {
    }

    record Result(long[] latencies, AtomicInteger count, AtomicInteger errors, AtomicInteger late, AtomicInteger shed) {

        /** Answered 202. */
        int accepted() {
            return count.get() - errors.get();
        }
    }

    /** Sends {@code n} messages spread round-robin over the nodes' APIs ({@code bases}), as a load balancer does. */
    static Result blast(HttpClient http, List<String> bases, String token, String prefix, int n, int c, int rate,
                                long deadline) throws InterruptedException {
        Semaphore slots = new Semaphore(c);
        Result r = new Result(new long[n], new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger());
        List<URI> messages = bases.stream().map(b -> URI.create(b + "/rcs/bot/v1/load/messages")).toList();
        long start = System.nanoTime();
        for (int i = 0; i < n && System.nanoTime() < deadline; i++) {
            long due = System.nanoTime();
            if (rate > 0) {
                // open loop: message i is due at i/rate; its latency counts from then, so a stall
                // in the gateway shows as latency rather than as a pause in what is offered
                due = start + (long) (i * 1e9 / rate);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!slots.tryAcquire()) {
                    r.late.incrementAndGet();
                    slots.acquire();
                }
            } else {
                slots.acquire();
            }
            String body = "{\"RCSMessage\":{\"msgId\":\"" + prefix + i + "\",\"textMessage\":\"Load test message " + i
                    + ", your code is " + (100000 + i) + "\"},\"messageContact\":{\"userContact\":\"+4477" + (10000000 + i) + "\"}}";
            long t0 = due;
            http.newRequest(messages.get(i % messages.size())).method(HttpMethod.POST)
                    .headers(h -> h.put(HttpHeader.AUTHORIZATION, token))
                    .body(new StringRequestContent("application/json", body))
                    .timeout(10, TimeUnit.SECONDS)
                    .send(result -> {
                        long dt = System.nanoTime() - t0;
                        if (!result.isSucceeded() || result.getResponse().getStatus() != 202) {
                            r.errors.incrementAndGet();
                            if (result.getResponse() != null && result.getResponse().getStatus() == 429) {
                                r.shed.incrementAndGet();
                            }
                        }
                        int k = r.count.getAndIncrement();
                        if (k < r.latencies.length) {
                            r.latencies[k] = dt;
                        }
                        slots.release();
                    });
        }
        slots.acquire(c);
        return r;
    }

    /** A webhook endpoint on a loopback port that counts delivered events and notes when the last came. */
    static Server webhookReceiver(AtomicLong delivered, AtomicLong last) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // non-blocking, so Jetty may run it on the selector thread: the receiver is part of the
        // measuring instrument, and its thread hand-offs would take CPU from the gateway
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.asStringAsync(request, StandardCharsets.UTF_8).whenComplete((body, err) -> {
                    if (body != null && body.contains("\"status\":\"delivered\"")) {
                        delivered.incrementAndGet();
                        last.set(System.nanoTime());
                    }
                    response.setStatus(204);
                    callback.succeeded();
                });
                return true;
            }
        });
        server.start();
        return server;
    }

    static String token(HttpClient http, String base) throws Exception {
        ContentResponse r = http.newRequest(base + "/oauth2/v1/token").method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, "Basic "
                        + Base64.getEncoder().encodeToString("load:load-secret".getBytes(StandardCharsets.UTF_8))))
                .body(new StringRequestContent("application/x-www-form-urlencoded", "grant_type=client_credentials")).send();
        String s = r.getContentAsString();
        int i = s.indexOf("\"access_token\":\"") + 16;
        return "Bearer " + s.substring(i, s.indexOf('"', i));
    }

    /** Unlabelled samples of the gateway's Prometheus text output. */
    static Map<String, Double> scrape(HttpClient http, String url) {
        Map<String, Double> out = new HashMap<>();
        try {
            for (String line : http.GET(url).getContentAsString().split("\n")) {
                int sp = line.lastIndexOf(' ');
                if (!line.startsWith("#") && sp > 0) {
                    out.put(line.substring(0, sp).replace(",}", "}"), Double.parseDouble(line.substring(sp + 1)));
                }
            }
        } catch (Exception e) {
            System.out.println("metrics not scraped: " + e);
        }
        return out;
    }
}
