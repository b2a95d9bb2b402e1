package io.rcsgw.ops.load;

import io.rcsgw.rcs.sim.NumberRanges;
import io.rcsgw.rcs.sim.RcsPlatformSimulator;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
        Server hooks = HttpLoad.webhookReceiver(delivered, lastDeliveredNanos);
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
            List<GatewayNode> gws = new ArrayList<>();
            for (int k = 0; k < nodeCount; k++) {
                gws.add(GatewayNode.launch(jar, work, k, cluster, storeUrl, commitDelay, smsc.port(), shape, hookPort, jvmOpts, rcsConfig));
            }
            GatewayNode first = gws.get(0);
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
                for (GatewayNode g : gws) {
                    GatewayNode.awaitReady(http, "http://127.0.0.1:" + g.mgmt() + "/health/ready", g.process(), g.log(), deadline);
                }
                List<String> bases = gws.stream().map(g -> "http://127.0.0.1:" + g.api()).toList();
                if (platform != null) {
                    platform.sendEventsTo(base + "/rcs/platform/v1/{botId}/events", EVENTS_SECRET);
                }
                String token = HttpLoad.token(http, base);
                System.out.printf("gateway pid %d ready %.2f s after launch (%.1f CPU-s), %d node(s)%s; warm-up in rounds of %d "
                        + "messages%n", gw.pid(), (System.nanoTime() - first.launched()) / 1e9, ProcCpu.cpuTicks(gw.pid()) / 100.0,
                        nodeCount, cluster ? " in cluster mode" : "", warmup);
                // Warm up until the JIT has settled: compiling burns a core for tens of seconds after
                // start, which is not what the gateway costs once it runs.
                int warmedUp = 0;
                for (int round = 0; warmup > 0 && round < MAX_WARMUP_ROUNDS; round++) { // --warmup 0: measure from the start
                    long[] t0 = GatewayNode.cpuByKind(gws);
                    long[] own0 = ProcCpu.cpuTicksByKind(ProcessHandle.current().pid());
                    HttpLoad.blast(http, bases, token, "w" + round + "-", warmup, c, 0, deadline);
                    awaitCount("warm-up webhooks", delivered, (long) warmup * (round + 1), deadline);
                    long[] t1 = GatewayNode.cpuByKind(gws);
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
                long cpu0 = GatewayNode.cpuByKind(gws)[0];
                long own0 = ProcCpu.cpuTicks(ProcessHandle.current().pid());
                long machine0 = ProcCpu.machineBusyTicks();
                long[] kinds0 = GatewayNode.cpuByKind(gws);
                long submits0 = smsc.submitCount();
                long delivered0 = delivered.get();
                String rcsSends = "rcsgw_rcs_platform_request_seconds_count{operation=\"send\",outcome=\"ok\"}";
                double rcsSends0 = rcs ? HttpLoad.scrape(http, "http://127.0.0.1:" + mgmt + "/metrics").getOrDefault(rcsSends, 0.0) : 0;
                long start = System.nanoTime();
                BacklogSampler backlog = BacklogSampler.start(http, "http://127.0.0.1:" + mgmt + "/metrics");
                HttpLoad.Result r = HttpLoad.blast(http, bases, token, "m", n, c, rate, deadline);
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
                long cpu1 = GatewayNode.cpuByKind(gws)[0];
                long own1 = ProcCpu.cpuTicks(ProcessHandle.current().pid());
                long machine1 = ProcCpu.machineBusyTicks();
                long[] kinds1 = GatewayNode.cpuByKind(gws);
                Map<String, Double> metrics = HttpLoad.scrape(http, "http://127.0.0.1:" + mgmt + "/metrics");
                double sendSec = (sendEnd - start) / 1e9;
                double submitSec = (lastSubmit.get() - start) / 1e9;
                double hookSec = (lastDeliveredNanos.get() - start) / 1e9;
                long[] lat = Arrays.copyOf(r.latencies(), r.count().get());
                Arrays.sort(lat);
                System.out.println();
                System.out.printf("messages               %d at concurrency %d%s (after %d warm-up)%n", n, c,
                        rate > 0 ? ", offered at " + rate + "/s" : "", warmedUp);
                if (rate > 0) {
                    System.out.printf("behind schedule        %d sends found all %d clients busy%n", r.late().get(), c);
                }
                System.out.printf("HTTP errors            %d, of which %d refused with 429 (overload.maxOpen reached)%n",
                        r.errors().get(), r.shed().get());
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
                for (GatewayNode g : gws) {
                    g.process().destroy();
                }
                for (GatewayNode g : gws) {
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

    static void awaitCount(String what, AtomicLong counter, long target, long deadline) throws InterruptedException {
        while (counter.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("time limit reached waiting for " + what + ": " + counter.get() + " of " + target);
            }
            Thread.sleep(5);
        }
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
}
