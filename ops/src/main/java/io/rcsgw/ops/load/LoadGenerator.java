package io.rcsgw.ops.load;

import io.rcsgw.rcs.sim.NumberRanges;
import io.rcsgw.rcs.sim.RcsPlatformSimulator;
import io.rcsgw.smpp.sim.SmscSimulator;
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
import org.eclipse.jetty.util.thread.Invocable;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Drives a real gateway over loopback and measures it. It starts an SMSC simulator and a
 * webhook receiver of its own, starts the gateway jar as a child process configured against
 * them (H2 store, every message durable before its 202), warms it up in rounds until the JIT
 * compiler has settled, then sends N messages at concurrency C, waits for every receipt to
 * reach the webhook, and reports. Bounded in count
 * and in time; everything stays on 127.0.0.1.
 *
 * <pre>java -jar ops/target/rcsgw-loadgen.jar --gateway-jar gateway/target/rcsgw.jar -n 50000 -c 100</pre>
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String jar = "gateway/target/rcsgw.jar";
        int n = 20_000;
        int c = 100;
        int warmup = 20_000;
        int limitSeconds = 300;
        String storeUrl = null;
        boolean rcs = false;
        String commitDelay = "1ms";
        int rate = 0;
        int receiptWindow = 16;
        boolean esme = false;
        int smscRespDelay = 0;
        int smscWindow = 50;
        int binds = 1;
        int nodes = 1;
        boolean cluster = false;
        // the shipped units' collector and inlining bound (ops/deploy), with a fixed heap
        List<String> jvmOpts = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC", "-XX:InlineSmallCode=1000"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway-jar" -> jar = args[++i];
                case "-n" -> n = Integer.parseInt(args[++i]);
                case "-c" -> c = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--time-limit" -> limitSeconds = Integer.parseInt(args[++i]);
                case "--store-url" -> storeUrl = args[++i];
                case "--jvm-opt" -> {
                    String opt = args[++i];
                    if (opt.matches("-XX:\\+Use\\w+GC")) {
                        jvmOpts.removeIf(o -> o.matches("-XX:\\+Use\\w+GC")); // one collector only
                    }
                    jvmOpts.add(opt);
                }
                case "--rcs" -> rcs = true;
                case "--commit-delay" -> commitDelay = args[++i];
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--receipt-window" -> receiptWindow = Integer.parseInt(args[++i]);
                case "--esme" -> esme = true;
                case "--smsc-resp-delay" -> smscRespDelay = Integer.parseInt(args[++i]);
                case "--smsc-window" -> smscWindow = Integer.parseInt(args[++i]);
                case "--binds" -> binds = Integer.parseInt(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--cluster" -> cluster = true;
                default -> {
                    System.err.println("usage: --gateway-jar JAR -n COUNT -c CONCURRENCY [--warmup COUNT] [--time-limit SECONDS]"
                            + " [--store-url JDBC_URL] [--jvm-opt OPTION]... [--rcs] [--commit-delay DURATION]"
                            + " [--rate MSGS_PER_SECOND] [--receipt-window N] [--esme] [--smsc-resp-delay MS]"
                            + " [--smsc-window N] [--binds N] [--nodes N] [--cluster]");
                    System.exit(2);
                }
            }
        }
        if (esme) {
            EsmeLoad.run(Path.of(jar), n, c, warmup, Duration.ofSeconds(limitSeconds), jvmOpts, commitDelay, receiptWindow);
            return;
        }
        if ((nodes > 1 || cluster) && (storeUrl == null || !storeUrl.startsWith("jdbc:postgresql:"))) {
            System.err.println("--nodes and --cluster need --store-url jdbc:postgresql://...");
            System.exit(2);
        }
        run(Path.of(jar), n, c, warmup, Duration.ofSeconds(limitSeconds), storeUrl, jvmOpts, rcs, commitDelay, rate, receiptWindow,
                new Smsc(smscRespDelay, smscWindow, binds), nodes, nodes > 1 || cluster);
    }

    /**
     * The SMSC the gateway submits to: how late the simulator answers each submit_sm (ms), the
     * window of each of the gateway's binds to it, and how many binds.
     */
    record Smsc(int responseDelayMillis, int window, int binds) {
    }

    /**
     * {@code rcs}: every number is an RCS user of the gateway's in-process RCS platform simulator
     * (which then runs, and costs CPU, inside the gateway's process); otherwise all goes SMS.
     * {@code rate}: messages per second offered on a fixed schedule (open loop, at most {@code c}
     * in flight; latency counted from each message's scheduled time), or 0 to send as fast as
     * {@code c} clients can (closed loop). {@code receiptWindow}: deliver_sm the SMSC simulator
     * keeps outstanding at once (the SMSC's own window towards the gateway).
     */
    static void run(Path jar, int n, int c, int warmup, Duration limit, String storeUrl, List<String> jvmOpts, boolean rcs,
                    String commitDelay, int rate, int receiptWindow, Smsc shape, int nodeCount, boolean cluster) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Path work = Files.createTempDirectory("rcsgw-load");
        AtomicLong delivered = new AtomicLong();
        AtomicLong lastDeliveredNanos = new AtomicLong();
        Server hooks = webhookReceiver(delivered, lastDeliveredNanos);
        int hookPort = ((ServerConnector) hooks.getConnectors()[0]).getLocalPort();
        // the RCS platform simulator runs here, not in the gateway, so that its CPU is the generator's
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withRecordSubmits(false)
                .withReceiptWindow(receiptWindow).withResponseDelay(Duration.ofMillis(shape.responseDelayMillis())));
             RcsPlatformSimulator platform = rcs ? RcsPlatformSimulator.start(RcsPlatformSimulator.Options.defaults()
                     .withCapable(NumberRanges.ALL).withDelays(Duration.ofMillis(20), Duration.ofMillis(40))
                     .withClient("rcsgw", PLATFORM_SECRET)) : null) {
            // each node a process of its own on the one store, with its own ports and SMSC account
            String rcsConfig = rcs ? "rcs: {baseUrl: \"%s\", clientSecret: %s, eventsSecret: %s}\n".formatted(platform.baseUrl(),
                    PLATFORM_SECRET, EVENTS_SECRET) : "";
            List<Gateway> gws = new ArrayList<>();
            for (int k = 0; k < nodeCount; k++) {
                gws.add(launch(jar, work, k, cluster, storeUrl, commitDelay, smsc.port(), shape, hookPort, jvmOpts, rcsConfig));
            }
            Gateway first = gws.get(0);
            Process gw = first.process();
            int mgmt = first.mgmt();
            HttpClient http = new HttpClient();
            http.setMaxConnectionsPerDestination(c);
            http.setMaxRequestsQueuedPerDestination(c * 4);
            // its listeners never block: the selector runs them without waking a pool thread per answer
            http.getHttpClientTransport().setInvocationType(Invocable.InvocationType.NON_BLOCKING);
            http.start();
            try {
                String base = "http://127.0.0.1:" + first.api();
                for (Gateway g : gws) {
                    awaitReady(http, "http://127.0.0.1:" + g.mgmt() + "/health/ready", g.process(), g.log(), deadline);
                }
                List<String> bases = gws.stream().map(g -> "http://127.0.0.1:" + g.api()).toList();
                if (platform != null) {
                    platform.sendEventsTo(base + "/rcs/platform/v1/{botId}/events", EVENTS_SECRET);
                }
                String token = token(http, base);
                System.out.printf("gateway pid %d ready %.2f s after launch (%.1f CPU-s), %d node(s)%s; warm-up in rounds of %d "
                        + "messages%n", gw.pid(), (System.nanoTime() - first.launched()) / 1e9, ProcCpu.cpuTicks(gw.pid()) / 100.0,
                        nodeCount, cluster ? " in cluster mode" : "", warmup);
                // Warm up until the JIT has settled: compiling burns a core for tens of seconds after
                // start, which is not what the gateway costs once it runs.
                int warmedUp = 0;
                for (int round = 0; warmup > 0 && round < MAX_WARMUP_ROUNDS; round++) { // --warmup 0: measure from the start
                    long[] t0 = cpuByKind(gws);
                    long[] own0 = ProcCpu.cpuTicksByKind(ProcessHandle.current().pid());
                    blast(http, bases, token, "w" + round + "-", warmup, c, 0, deadline);
                    awaitCount("warm-up webhooks", delivered, (long) warmup * (round + 1), deadline);
                    long[] t1 = cpuByKind(gws);
                    long[] own1 = ProcCpu.cpuTicksByKind(ProcessHandle.current().pid());
                    double ownJit = (double) (own1[1] - own0[1]) / Math.max(1, own1[0] - own0[0]);
                    warmedUp += warmup;
                    double jit = (double) (t1[1] - t0[1]) / Math.max(1, t1[0] - t0[0]);
                    System.out.printf("warm-up round %d: %d messages, JIT compiler %.0f%% of gateway CPU, %.0f%% of generator CPU%n",
                            round + 1, warmup, jit * 100, ownJit * 100);
                    if (jit < JIT_SETTLED && ownJit < JIT_SETTLED) {
                        break;
                    }
                }

                DbCost db = storeUrl != null && storeUrl.startsWith("jdbc:postgresql:") ? new DbCost(storeUrl, PG_USER) : null;
                Map<String, Double> db0 = db == null ? null : db.snapshot();
                long cpu0 = cpuByKind(gws)[0];
                long own0 = ProcCpu.cpuTicks(ProcessHandle.current().pid());
                long machine0 = ProcCpu.machineBusyTicks();
                long[] kinds0 = cpuByKind(gws);
                long submits0 = smsc.submitCount();
                long delivered0 = delivered.get();
                String rcsSends = "rcsgw_rcs_platform_request_seconds_count{operation=\"send\",outcome=\"ok\"}";
                double rcsSends0 = rcs ? scrape(http, "http://127.0.0.1:" + mgmt + "/metrics").getOrDefault(rcsSends, 0.0) : 0;
                long start = System.nanoTime();
                BacklogSampler backlog = BacklogSampler.start(http, "http://127.0.0.1:" + mgmt + "/metrics");
                Result r = blast(http, bases, token, "m", n, c, rate, deadline);
                long sendEnd = System.nanoTime();
                AtomicLong lastSubmit = new AtomicLong(System.nanoTime());
                int accepted = r.accepted();
                while (!rcs && smsc.submitCount() - submits0 < accepted && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                lastSubmit.set(System.nanoTime());
                backlog.stop();
                awaitCount("webhooks", delivered, delivered0 + accepted, deadline);
                Map<String, Double> db1 = db == null ? null : db.snapshot();
                long cpu1 = cpuByKind(gws)[0];
                long own1 = ProcCpu.cpuTicks(ProcessHandle.current().pid());
                long machine1 = ProcCpu.machineBusyTicks();
                long[] kinds1 = cpuByKind(gws);
                Map<String, Double> metrics = scrape(http, "http://127.0.0.1:" + mgmt + "/metrics");
                double sendSec = (sendEnd - start) / 1e9;
                double submitSec = (lastSubmit.get() - start) / 1e9;
                double hookSec = (lastDeliveredNanos.get() - start) / 1e9;
                long[] lat = Arrays.copyOf(r.latencies, r.count.get());
                Arrays.sort(lat);
                System.out.println();
                System.out.printf("messages               %d at concurrency %d%s (after %d warm-up)%n", n, c,
                        rate > 0 ? ", offered at " + rate + "/s" : "", warmedUp);
                if (rate > 0) {
                    System.out.printf("behind schedule        %d sends found all %d clients busy%n", r.late.get(), c);
                }
                System.out.printf("HTTP errors            %d, of which %d refused with 429 (overload.maxOpen reached)%n",
                        r.errors.get(), r.shed.get());
                System.out.printf("accepted               %d, %.0f msgs/s (%.2f s)%n", accepted, accepted / sendSec, sendSec);
                System.out.printf("HTTP latency           p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
                if (rcs) {
                    System.out.printf("RCS sends (platform)   %.0f; SMS fallbacks %d%n", metrics.getOrDefault(rcsSends, 0.0) - rcsSends0,
                            smsc.submitCount() - submits0);
                } else {
                    System.out.printf("submits seen by SMSC   %d, %.0f /s (%.0f%% of accepted/s); SMSC answers after %d ms,"
                                    + " window %d x %d binds%n", smsc.submitCount() - submits0, accepted / submitSec,
                            100.0 * sendSec / submitSec, shape.responseDelayMillis(), shape.window(), shape.binds());
                }
                System.out.printf("peak backlog           %.0f messages open in the gateway, %.0f submits queued in its links,"
                        + " %.0f on the wire (sampled every %d ms)%n", backlog.peak("rcsgw_messages_in_flight"),
                        backlog.peak("rcsgw_smpp_link_queued"), backlog.peak("rcsgw_smpp_link_outstanding"),
                        BacklogSampler.EVERY_MILLIS);
                System.out.printf("peak heap              %.0f MB used, %.0f MB in the old generation after a collection%n",
                        backlog.peak(BacklogSampler.HEAP) / 1e6, backlog.peak(BacklogSampler.OLD_AFTER_GC) / 1e6);
                System.out.printf("receipts at webhook    %d delivered, %.0f /s; the last %.2f s after the last 202%n",
                        delivered.get() - delivered0, accepted / hookSec, Math.max(0, hookSec - sendSec));
                System.out.printf("gateway CPU            %.2f s per 1000 accepted messages (%.1f s total, all nodes)%n",
                        (cpu1 - cpu0) / 100.0 / Math.max(1, accepted) * 1000, (cpu1 - cpu0) / 100.0);
                System.out.printf("of which JIT compiler  %.1f s; in the kernel %.0f%%; %.1f context switches per message%n",
                        (kinds1[1] - kinds0[1]) / 100.0, 100.0 * (kinds1[2] - kinds0[2]) / Math.max(1, kinds1[0] - kinds0[0]),
                        (kinds1[3] - kinds0[3]) / (double) Math.max(1, accepted));
                System.out.printf("generator CPU          %.2f s per 1000 messages (client, SMSC simulator, webhook receiver)%n",
                        (own1 - own0) / 100.0 / Math.max(1, accepted) * 1000);
                System.out.printf("machine busy           %.0f%% of %d cores over the run%n", 100.0 * (machine1 - machine0)
                        / ((System.nanoTime() - start) / 1e7) / Runtime.getRuntime().availableProcessors(),
                        Runtime.getRuntime().availableProcessors());
                if (db0 != null) {
                    DbCost.report(db0, db1, accepted);
                }
                double commits = metrics.getOrDefault("rcsgw_store_batch_groups_count", 0.0);
                System.out.printf("store (whole run)      %.0f commits, %.1f groups per commit, %.2f ms per commit%n", commits,
                        metrics.getOrDefault("rcsgw_store_batch_groups_sum", 0.0) / Math.max(1, commits),
                        metrics.getOrDefault("rcsgw_store_commit_seconds_sum", 0.0) * 1000 / Math.max(1, commits));
            } finally {
                http.stop();
                for (Gateway g : gws) {
                    g.process().destroy();
                }
                for (Gateway g : gws) {
                    if (!g.process().waitFor(15, TimeUnit.SECONDS)) {
                        g.process().destroyForcibly();
                    }
                }
            }
        } finally {
            hooks.stop();
        }
        System.out.println("work directory (config, gateway log, H2 file): " + work);
    }

    /** One gateway process of the run: its ports, its log, when it was started. */
    record Gateway(Process process, int api, int mgmt, Path log, long launched) {
    }

    /** Starts node {@code k}: its config (with a cluster block when {@code cluster}), its process. */
    private static Gateway launch(Path jar, Path work, int k, boolean cluster, String storeUrl, String commitDelay, int smscPort,
                                  Smsc shape, int hookPort, List<String> jvmOpts, String extra) throws IOException {
        int api = freePort();
        int mgmt = freePort();
        String suffix = k == 0 ? "" : "-" + k;
        Path config = work.resolve("load" + suffix + ".yaml");
        Files.writeString(config, """
                api: {host: 127.0.0.1, port: %d, tokenKey: load-test-signing-key-0123456789}
                management: {host: 127.0.0.1, port: %d}
                store: {url: "%s", user: %s, commitDelay: %s}
                cdr: {directory: "%s"}
                smsc:
                  - {name: load, host: 127.0.0.1, port: %d, systemId: load%s, password: load, window: %d, binds: %d}
                bots:
                  - {id: load, secret: load-secret, webhookUrl: "http://127.0.0.1:%d/hook"}
                """.formatted(api, mgmt, storeUrl != null ? storeUrl : "jdbc:h2:file:" + work.resolve("data/rcsgw"),
                storeUrl != null && storeUrl.startsWith("jdbc:postgresql:") ? PG_USER : "sa", commitDelay, work.resolve("data/cdr"), smscPort, suffix, shape.window(), shape.binds(), hookPort)
                + (cluster ? "cluster: {enabled: true, nodeId: load" + k + "}\n" : "") + extra);
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmOpts);
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        System.out.println("gateway: " + String.join(" ", command));
        Path log = work.resolve("gateway" + suffix + ".log");
        long launched = System.nanoTime();
        return new Gateway(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), api, mgmt,
                log, launched);
    }

    /** CPU ticks of all the nodes: total, JIT compiler, system; then context switches (as {@link ProcCpu#cpuTicksByKind}). */
    private static long[] cpuByKind(List<Gateway> gws) throws IOException {
        long[] sum = new long[4];
        for (Gateway g : gws) {
            long[] k = ProcCpu.cpuTicksByKind(g.process().pid());
            for (int i = 0; i < sum.length; i++) {
                sum[i] += k[i];
            }
        }
        return sum;
    }

    private record Result(long[] latencies, AtomicInteger count, AtomicInteger errors, AtomicInteger late, AtomicInteger shed) {

        /** Answered 202. */
        int accepted() {
            return count.get() - errors.get();
        }
    }

    /** Sends {@code n} messages spread round-robin over the nodes' APIs ({@code bases}), as a load balancer does. */
    private static Result blast(HttpClient http, List<String> bases, String token, String prefix, int n, int c, int rate,
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

    private static Server webhookReceiver(AtomicLong delivered, AtomicLong last) throws Exception {
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

    static void awaitReady(HttpClient http, String url, Process gw, Path log, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            if (!gw.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + gw.exitValue() + "; see " + log);
            }
            try {
                if (http.GET(url).getStatus() == 200) {
                    return;
                }
            } catch (Exception ignored) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("gateway did not become ready");
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

    static void awaitCount(String what, AtomicLong counter, long target, long deadline) throws InterruptedException {
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("time limit reached waiting for " + what + ": " + counter.get() + " of " + target);
            }
            Thread.sleep(5);
        }
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

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** The PostgreSQL user of a --store-url database ($PGUSER, default postgres). */
    static final String PG_USER = System.getenv().getOrDefault("PGUSER", "postgres");
    private static final String PLATFORM_SECRET = "load-test-platform-secret";
    private static final String EVENTS_SECRET = "load-test-events-secret";

    /** Warm-up rounds end when the JIT uses less than this share of the gateway's CPU. */
    static final double JIT_SETTLED = 0.10;
    static final int MAX_WARMUP_ROUNDS = 20;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
