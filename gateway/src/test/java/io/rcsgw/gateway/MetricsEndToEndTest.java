package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.GatewayEndToEndTest.io;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After an end-to-end run the counters on the management port moved by exactly what happened,
 * and every metric the Grafana dashboard and the alert rules query is one the gateway exports.
 */
class MetricsEndToEndTest {

    @TempDir
    Path dir;

    /** Unlabelled and labelled samples of the Prometheus text format: "name{labels}" -> value. */
    static Map<String, Double> scrape(int port) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                out.put("#" + line.split(" ")[2], 0.0); // the metric exists, with or without samples yet
            } else if (!line.startsWith("#") && !line.isBlank()) {
                int sp = line.lastIndexOf(' ');
                out.put(line.substring(0, sp).replace(",}", "}"), Double.parseDouble(line.substring(sp + 1)));
            }
        }
        return out;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        return after.getOrDefault(sample, 0.0) - before.getOrDefault(sample, 0.0);
    }

    @Test
    void countersMoveByWhatHappenedAndDashboardsQueryOnlyExportedMetrics() throws Exception {
        WireMockServer hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        try (SmscSimulator smsc = SmscSimulator.start(SmscSimulator.Options.defaults()
                .withReceiptStatus(d -> d.endsWith("99") ? ReceiptStatus.UNDELIV : ReceiptStatus.DELIVRD))) {
            String yaml = """
                    api: {host: 127.0.0.1, port: 0}
                    management: {host: 127.0.0.1, port: 0}
                    store: {url: "jdbc:h2:file:%s"}
                    smsc:
                      - {name: metrics-smsc, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                    rcs: {eventsSecret: metrics-events-secret}
                    rcsSimulator: {enabled: true, capable: ["+447700900300-+447700900399"], deliveredDelay: 10ms, displayedDelay: 20ms}
                    bots:
                      - {id: metricsbot, secret: secret-12, webhookUrl: "http://127.0.0.1:%d/hook"}
                    """.formatted(dir.resolve("db"), smsc.port(), hooks.port());
            try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml, Map.of()))) {
                await("bound", 5000, gateway::linksBound);
                int port = gateway.apiPort();
                int mgmt = gateway.managementPort();
                Map<String, Double> before = scrape(mgmt);
                String token = token(port, "metricsbot", "secret-12");
                for (int i = 0; i < 3; i++) {
                    assertThat(send(port, token, "metricsbot", envelope("ok-" + i, "hello " + i, "+44770090010" + i)).status())
                            .isEqualTo(202);
                }
                assertThat(send(port, token, "metricsbot", envelope("long", "two segments ".repeat(20), "+447700900200"))
                        .status()).isEqualTo(202);
                assertThat(send(port, token, "metricsbot", envelope("lost", "no one home", "+447700900199")).status())
                        .isEqualTo(202);
                assertThat(send(port, token, "metricsbot", envelope("ok-0", "hello 0", "+447700900100")).status())
                        .as("a repeat").isEqualTo(202);
                assertThat(send(port, token, "metricsbot", envelope("rich", "hello RCS", "+447700900300")).status()).isEqualTo(202);
                // 5 SMS messages, 2 status events each (sent, then delivered or failed); the RCS one 3 (sent, delivered, displayed)
                await("all webhooks", 10_000, () -> io(() -> delta(before, scrape(mgmt),
                        "rcsgw_webhook_attempts_total{bot=\"metricsbot\",outcome=\"ok\"}")) == 13);
                Map<String, Double> after = scrape(mgmt);

                assertThat(delta(before, after, "rcsgw_messages_accepted_total{bot=\"metricsbot\",api=\"http\"}")).isEqualTo(6);
                assertThat(delta(before, after, "rcsgw_channel_decisions_total{channel=\"sms\",reason=\"fallback:not-capable\"}"))
                        .isEqualTo(5);
                assertThat(delta(before, after, "rcsgw_channel_decisions_total{channel=\"rcs\",reason=\"channel:rcs\"}")).isEqualTo(1);
                assertThat(delta(before, after, "rcsgw_fallbacks_total{reason=\"not-capable\"}")).isEqualTo(5);
                assertThat(delta(before, after, "rcsgw_messages_final_total{channel=\"rcs\",state=\"DELIVERED\"}")).isEqualTo(1);
                assertThat(delta(before, after, "rcsgw_rcs_platform_events_total{kind=\"messageStatus:displayed\"}")).isEqualTo(1);
                assertThat(delta(before, after, "rcsgw_rcs_platform_request_seconds_count{operation=\"send\",outcome=\"ok\"}"))
                        .isEqualTo(1);
                assertThat(delta(before, after, "rcsgw_rcs_platform_request_seconds_count{operation=\"capabilities\",outcome=\"ok\"}"))
                        .as("one lookup per number").isEqualTo(6);
                assertThat(after.get("rcsgw_rcs_breaker_state")).isEqualTo(0.0);
                assertThat(delta(before, after, "rcsgw_messages_repeated_total{bot=\"metricsbot\"}")).isEqualTo(1);
                assertThat(delta(before, after, "rcsgw_smpp_submits_total{link=\"metrics-smsc\",outcome=\"accepted\"}"))
                        .as("six parts").isEqualTo(6);
                assertThat(delta(before, after, "rcsgw_smpp_receipts_total{link=\"metrics-smsc\",stat=\"DELIVRD\"}")).isEqualTo(5);
                assertThat(delta(before, after, "rcsgw_smpp_receipts_total{link=\"metrics-smsc\",stat=\"UNDELIV\"}")).isEqualTo(1);
                assertThat(delta(before, after, "rcsgw_messages_final_total{channel=\"sms\",state=\"DELIVERED\"}")).isEqualTo(4);
                assertThat(delta(before, after, "rcsgw_messages_final_total{channel=\"sms\",state=\"UNDELIVERABLE\"}"))
                        .isEqualTo(1);
                assertThat(delta(before, after, "rcsgw_smpp_submit_seconds_count{link=\"metrics-smsc\"}")).isEqualTo(6);
                assertThat(delta(before, after, "rcsgw_smpp_receipt_seconds_count{link=\"metrics-smsc\"}")).isEqualTo(6);
                assertThat(delta(before, after, "rcsgw_message_end_to_end_seconds_count{channel=\"sms\"}")).isEqualTo(5);
                assertThat(after.get("rcsgw_smpp_link_bound{link=\"metrics-smsc\"}")).isEqualTo(1.0);
                assertThat(after.get("rcsgw_webhook_backlog")).isEqualTo(0.0);
                assertThat(after.get("rcsgw_webhook_oldest_seconds")).isEqualTo(0.0);
                assertThat(after.get("rcsgw_messages_oldest_open_seconds")).isEqualTo(0.0);
                assertThat(after).containsKey("process_cpu_seconds_total");

                Set<String> exported = new TreeSet<>();
                for (String k : after.keySet()) {
                    String name = k.startsWith("#") ? k.substring(1) : k.replaceAll("\\{.*", "");
                    exported.add(name.replaceAll("_(bucket|sum|count)$", ""));
                    exported.add(name + "_total"); // counters are typed without their _total suffix
                }
                for (String file : new String[]{"../ops/grafana/dashboards/rcsgw.json", "../ops/prometheus/alerts.yml"}) {
                    Set<String> queried = metricNames(Files.readString(Path.of(file)));
                    assertThat(queried).as(file).isNotEmpty();
                    assertThat(exported).as("metrics %s queries", file).containsAll(queried);
                }
            }
        } finally {
            hooks.stop();
        }
    }

    private static final Pattern METRIC = Pattern.compile("\\b(rcsgw_[a-z_]+)");

    /** Metric names a query text uses, histogram series mapped to their histogram. */
    static Set<String> metricNames(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group(1).replaceAll("_(bucket|sum|count)$", ""));
        }
        out.remove("rcsgw_"); // the word in prose, not a metric
        return out;
    }
}
