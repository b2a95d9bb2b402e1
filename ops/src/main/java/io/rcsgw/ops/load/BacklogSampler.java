package io.rcsgw.ops.load;

import org.eclipse.jetty.client.HttpClient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scrapes the gateway's metrics every {@link #EVERY_MILLIS} while a run lasts and keeps the
 * peak of each gauge named (summed over its labels): how much the gateway held in memory.
 */
final class BacklogSampler {

    static final int EVERY_MILLIS = 1000;
    static final String HEAP = "jvm_memory_bytes_used{area=\"heap\"}";
    /** What the old generation held after its last collection: the live set, with ParallelGC. */
    static final String OLD_AFTER_GC = "jvm_memory_pool_collection_used_bytes{pool=\"PS Old Gen\"}";
    private static final String[] GAUGES = {"rcsgw_messages_in_flight", "rcsgw_smpp_link_queued", "rcsgw_smpp_link_outstanding",
            HEAP, OLD_AFTER_GC};

    private final Map<String, Double> peaks = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    private BacklogSampler(HttpClient http, String url) {
        thread = new Thread(() -> {
            while (!stopped) {
                try {
                    Map<String, Double> m = HttpLoad.scrape(http, url);
                    for (String g : GAUGES) {
                        double sum = m.entrySet().stream().filter(e -> e.getKey().equals(g) || e.getKey().startsWith(g + "{"))
                                .mapToDouble(Map.Entry::getValue).sum();
                        peaks.merge(g, sum, Math::max);
                    }
                    Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a missed scrape under load: the next one counts
                }
            }
        }, "backlog-sampler");
        thread.setDaemon(true);
    }

    static BacklogSampler start(HttpClient http, String url) {
        BacklogSampler s = new BacklogSampler(http, url);
        s.thread.start();
        return s;
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(2000);
    }

    double peak(String gauge) {
        return peaks.getOrDefault(gauge, 0.0);
    }
}
