package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Drives the store alone through the writes one SMS message makes in its life (accept, queued,
 * part and submitted, receipt and delivered, two webhook events settled) with a fixed number
 * of messages in flight, and reports the store writer's CPU per message: a steadier figure for
 * comparing store changes than whole-gateway throughput on a shared machine. Then retention
 * deletes them all, and its rate is reported the same way.
 *
 * <pre>java -cp ... io.rcsgw.gateway.store.StoreWriteBenchmark [JDBC_URL] [messages] [in-flight]</pre>
 */
public final class StoreWriteBenchmark {

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:h2:file:" + Files.createTempDirectory("rcsgw-bench").resolve("db");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        try (JdbcMessageStore store = new JdbcMessageStore(url, url.startsWith("jdbc:postgresql") ? "postgres" : "sa", "", 4,
                2000, Duration.ofMillis(1))) {
            run(store, 20_000, window, "warm-up");
            run(store, n, window, "measured");
            purge(store);
        }
    }

    /** Then retention deletes all of them, as it would a day's traffic: its rate and the writer's CPU per message. */
    private static void purge(JdbcMessageStore store) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("store-writer"))
                .findFirst().orElseThrow().getId();
        StorePurger purger = new StorePurger(store, 500, 50_000);
        long cpu0 = mx.getThreadCpuTime(writer);
        long t0 = System.nanoTime();
        long before = System.currentTimeMillis() + 1;
        int n = 0;
        StorePurger.Purged p;
        do {
            p = purger.run(before, before);
            n += p.messages();
        } while (p.more());
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (mx.getThreadCpuTime(writer) - cpu0) / 1e6;
        System.out.printf("retention: %d messages deleted in %.2f s (%.0f/s), store writer CPU %.1f us per message%n", n, sec,
                n / sec, cpuMs * 1000 / n);
    }

    private static void run(JdbcMessageStore store, int n, int window, String label) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("store-writer"))
                .findFirst().orElseThrow().getId();
        Semaphore slots = new Semaphore(window);
        long cpu0 = mx.getThreadCpuTime(writer);
        long t0 = System.nanoTime();
        List<CompletableFuture<?>> last = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            long id = store.newMessageId();
            MessageKey key = new MessageKey("bench", label + i);
            long at = System.currentTimeMillis();
            CompletableFuture<?> life = store.write(List.of(new StoreWrite.InsertMessage(id, key, "fp", "+4477009" + i,
                    "Benchmark message " + i + ", your code is " + (100000 + i), at)))
                    .thenCompose(x -> store.write(List.of(new StoreWrite.Transition(id, 1, MessageState.SMS_QUEUED,
                            "channel:sms", "sms", 1, at, false))))
                    .thenCompose(x -> store.write(List.of(new StoreWrite.InsertPart(Long.toHexString(id), Long.toHexString(id),
                            "l", id, 0, at), new StoreWrite.Transition(id, 2, MessageState.SMS_SUBMITTED, "smsc:accepted",
                            "sms", 1, at, false))))
                    .thenCompose(x -> store.write(List.of(new StoreWrite.HookSettled(id, 2, false, at))))
                    .thenCompose(x -> store.write(List.of(new StoreWrite.UpdatePart(id, 0, "DELIVRD", "000", at),
                            new StoreWrite.Transition(id, 3, MessageState.DELIVERED, "receipt:DELIVRD", "sms", 0, at, false))))
                    .thenCompose(x -> store.write(List.of(new StoreWrite.HookSettled(id, 3, true, at))))
                    .whenComplete((x, e) -> slots.release());
            if (i >= n - window) {
                last.add(life);
            }
        }
        CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get();
        slots.acquire(window);
        slots.release(window);
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (mx.getThreadCpuTime(writer) - cpu0) / 1e6;
        System.out.printf("%s: %d messages in %.2f s (%.0f/s), store writer CPU %.1f us per message%n", label, n, sec, n / sec,
                cpuMs * 1000 / n);
    }

    private StoreWriteBenchmark() {
    }
}
