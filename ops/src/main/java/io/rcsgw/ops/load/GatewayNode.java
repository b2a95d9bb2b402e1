package io.rcsgw.ops.load;

import org.eclipse.jetty.client.HttpClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One gateway process of a load run: its ports, its log, when it was launched. Launched from the
 * gateway jar with a config of its own against the generator's SMSC simulator and webhook
 * receiver, on loopback ports.
 */
record GatewayNode(Process process, int api, int mgmt, Path log, long launched) {

    /** Starts node {@code k}: its config (with a cluster block when {@code cluster}), its process. */
    static GatewayNode launch(Path jar, Path work, int k, boolean cluster, String storeUrl, String commitDelay, int smscPort,
                                  LoadGenerator.Smsc shape, int hookPort, List<String> jvmOpts, String extra) throws IOException {
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
                storeUrl != null && storeUrl.startsWith("jdbc:postgresql:") ? LoadGenerator.PG_USER : "sa", commitDelay, work.resolve("data/cdr"), smscPort, suffix, shape.window(), shape.binds(), hookPort)
                + (cluster ? "cluster: {enabled: true, nodeId: load" + k + "}\n" : "") + extra);
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmOpts);
        command.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
        System.out.println("gateway: " + String.join(" ", command));
        Path log = work.resolve("gateway" + suffix + ".log");
        long launched = System.nanoTime();
        return new GatewayNode(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), api, mgmt,
                log, launched);
    }

    /** CPU ticks of all the nodes: total, JIT compiler, system; then context switches (as {@link ProcCpu#cpuTicksByKind}). */
    static long[] cpuByKind(List<GatewayNode> gws) throws IOException {
        long[] sum = new long[4];
        for (GatewayNode g : gws) {
            long[] k = ProcCpu.cpuTicksByKind(g.process().pid());
            for (int i = 0; i < sum.length; i++) {
                sum[i] += k[i];
            }
        }
        return sum;
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

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
