package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.smpp.sim.SmscSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rcsgw.gateway.CrashRecoveryTest.freePort;
import static io.rcsgw.gateway.CrashRecoveryTest.startGateway;
import static io.rcsgw.gateway.Harness.await;
import static io.rcsgw.gateway.Harness.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gateway processes as nodes of one cluster on a fresh PostgreSQL database, each with its own
 * config file, log, HTTP and admin ports, all writing CDR files to one directory. Closing it
 * lets paused nodes go on, kills every node and drops the database.
 */
final class ClusterRig implements AutoCloseable {

    static final String ADMIN = "Bearer cluster-admin-token-0123";
    static final String SECRET = "cluster-secret";

    record Node(String id, int api, int admin, Process process) {
    }

    final Path dir;
    final String url;
    final List<Process> processes = new ArrayList<>();
    String smsPrice = "0.035";
    /** Added to the bot's entry, e.g. {@code , webhookUrl: "..."}. */
    String botExtra = "";
    /** Added to the SMSC link's entry, e.g. {@code , maxTps: 20}. */
    String smscExtra = "";
    /** Added at the end of each node's config. */
    String extraYaml = "";

    ClusterRig(Path dir) throws Exception {
        this.dir = dir;
        this.url = Harness.freshPgDatabase();
    }

    Path cdrs() {
        return dir.resolve("cdr");
    }

    Path log(String id) {
        return dir.resolve(id + ".log");
    }

    Node start(String id, SmscSimulator smsc) throws Exception {
        return start(id, smsc, "gw-" + id);
    }

    /** A node binding as {@code systemId}: its own SMSC account, or one the nodes share. */
    Node start(String id, SmscSimulator smsc, String systemId) throws Exception {
        int api = freePort();
        int admin = freePort();
        Path config = dir.resolve(id + ".yaml");
        Files.writeString(config, """
                api: {host: 127.0.0.1, port: %d, tokenKey: cluster-test-signing-key-0123456789}
                management: {host: 127.0.0.1, port: 0}
                admin: {host: 127.0.0.1, port: %d, token: cluster-admin-token-0123}
                store: {url: "%s", user: %s}
                cluster: {enabled: true, nodeId: %s, lease: 3s, heartbeat: 1s}
                rating:
                  tariffs:
                    - {name: standard, currency: EUR, smsSegment: %s}
                cdr: {directory: "%s", rotateInterval: 300ms}
                smsc:
                  - {name: s, host: 127.0.0.1, port: %d, systemId: %s, password: pw, reconnectMin: 50ms, reconnectMax: 200ms%s}
                bots:
                  - {id: b, secret: %s%s}
                %s""".formatted(api, admin, url, Harness.pgUser(), id, smsPrice, cdrs(), smsc.port(), systemId, smscExtra,
                SECRET, botExtra, extraYaml));
        Process p = startGateway(config, log(id));
        processes.add(p);
        try {
            await(id + " up (API and admin ports)", 30_000, () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException(id + " exited while starting, code " + p.exitValue());
                }
                return CrashRecoveryTest.listening(api) && CrashRecoveryTest.listening(admin);
            });
        } catch (AssertionError | RuntimeException e) {
            printLogs();
            throw e;
        }
        return new Node(id, api, admin, p);
    }

    /** A node's SMPP server on {@code port}, for account esme1 (password esme-pw1) of bot b, owning number 12345. */
    static String esmeServer(int port) {
        return """
                smppServer:
                  host: 127.0.0.1
                  port: %d
                  accounts:
                    - {systemId: esme1, password: esme-pw1, bot: b, numbers: ["12345"]}
                """.formatted(port);
    }

    /** Every node as {@code via}'s admin API shows it, by id. */
    static Map<String, JsonNode> nodes(Node via) throws Exception {
        Harness.Reply r = call("GET", "http://127.0.0.1:" + via.admin() + "/admin/nodes", ADMIN, null, null);
        assertThat(r.status()).isEqualTo(200);
        Map<String, JsonNode> out = new HashMap<>();
        r.body().get("nodes").forEach(n -> out.put(n.get("id").asText(), n));
        return out;
    }

    static List<String> singletons(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.get("singletons").forEach(s -> out.add(s.asText()));
        return out;
    }

    static void signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    }

    /** The parts in doubt that {@code survivor} logged taking over from {@code dead}, summed over its takeovers. */
    int inDoubtTakenOver(String survivor, String dead) throws Exception {
        Matcher m = Pattern.compile("took over (\\d+) open messages of " + Pattern.quote(dead) + "; (\\d+) parts in doubt")
                .matcher(Files.readString(log(survivor)));
        int sum = 0;
        while (m.find()) {
            sum += Integer.parseInt(m.group(2));
        }
        return sum;
    }

    /** Prints the end of each node's log: for a failing test's report. */
    void printLogs() throws Exception {
        try (var logs = Files.list(dir)) {
            for (Path p : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                System.out.println("---- " + p.getFileName() + " (last 60 lines)");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            }
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            signal(p, "CONT");
            p.destroyForcibly();
            p.waitFor();
        }
        Harness.dropPgDatabase(url);
    }
}
