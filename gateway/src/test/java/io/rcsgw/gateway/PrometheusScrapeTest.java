package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.rcsgw.gateway.CrashRecoveryTest.freePort;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian's) scrapes a running gateway over loopback, and a query for the
 * accepted-messages counter returns the number that was sent. Runs when a prometheus binary is
 * on the PATH; .ci/run installs one and sets RCSGW_REQUIRE_PROMETHEUS so it cannot be skipped.
 */
class PrometheusScrapeTest {

    @TempDir
    Path dir;

    static Optional<Path> binary(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    @Test
    void prometheusCountsWhatWasSent() throws Exception {
        Optional<Path> prometheus = binary("prometheus");
        if (prometheus.isEmpty()) {
            assertThat(System.getenv("RCSGW_REQUIRE_PROMETHEUS")).as("RCSGW_REQUIRE_PROMETHEUS is set but prometheus is not on the PATH")
                    .isNotEqualTo("true");
            Assumptions.abort("prometheus is not installed");
        }
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults())) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: s, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    bots:
                      - {id: promtest, secret: secret-12}
                    """.formatted(dir.resolve("db"), smsc.port());
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                int promPort = freePort();
                Path config = dir.resolve("prometheus.yml");
                Files.writeString(config, """
                        global: {scrape_interval: 1s}
                        scrape_configs:
                          - job_name: rcsgw
                            static_configs: [{targets: ['127.0.0.1:%d']}]
                        """.formatted(gateway.managementPort()));
                Process p = new ProcessBuilder(prometheus.get().toString(), "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
                try {
                    int port = gateway.apiPort();
                    String token = token(port, "promtest", "secret-12");
                    int n = 25;
                    for (int i = 0; i < n; i++) {
                        assertThat(send(port, token, "promtest", envelope("p-" + i, "hi " + i, "+4477009001" + String.format("%02d", i)))
                                .status()).isEqualTo(202);
                    }
                    String query = "sum(rcsgw_messages_accepted_total{bot=\"promtest\"})";
                    URI uri = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query="
                            + URLEncoder.encode(query, StandardCharsets.UTF_8));
                    await("Prometheus sees " + n, 30_000, () -> {
                        try {
                            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                return false;
                            }
                            JsonNode result = JSON.readTree(r.body()).at("/data/result");
                            return result.size() == 1 && result.get(0).at("/value/1").asText().equals(String.valueOf(n));
                        } catch (java.io.IOException | InterruptedException e) {
                            return false; // Prometheus still starting
                        }
                    });
                } finally {
                    p.destroy();
                    p.waitFor();
                }
            }
        }
    }
}
