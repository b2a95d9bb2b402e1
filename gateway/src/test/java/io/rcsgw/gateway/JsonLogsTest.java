package io.rcsgw.gateway;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** logging.format: json gives one JSON object per line. */
class JsonLogsTest {

    @Test
    void eachEventIsOneJsonLine() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // what SLF4J's start-up would set
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator c = new JoranConfigurator();
            c.setContext(ctx);
            c.doConfigure(JsonLogsTest.class.getResource("/logback-json.xml"));
            ctx.getLogger("io.rcsgw.gateway.Gateway").info("rcsgw started: API on {}:{}", "127.0.0.1", 8080);
            ctx.getLogger("io.rcsgw.gateway.Gateway").debug("not at INFO");
        } finally {
            ctx.stop();
            System.setOut(original);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[0]);
        assertThat(event.get("level").asText()).isEqualTo("INFO");
        assertThat(event.get("loggerName").asText()).isEqualTo("io.rcsgw.gateway.Gateway");
        assertThat(event.get("formattedMessage").asText()).isEqualTo("rcsgw started: API on 127.0.0.1:8080");
    }
}
