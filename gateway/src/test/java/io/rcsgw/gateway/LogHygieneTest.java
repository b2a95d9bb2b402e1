package io.rcsgw.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the logs say of a run on PostgreSQL with traffic on both channels and a store that refuses
 * a write: above DEBUG, never a message's text, a full number or a value from an SQL statement.
 */
class LogHygieneTest {

    static final String SECRET_TEXT = "Quartz jellyfish 7781";
    static final String NUMBER = "+447700900456";
    static final String RCS_NUMBER = "+447700900077";

    String pgUrl;
    Gateway gateway;
    SmscSimulator smsc;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root;

    @AfterEach
    void stop() {
        if (root != null) {
            root.detachAppender(logs);
        }
        if (gateway != null) {
            gateway.close();
        }
        if (smsc != null) {
            smsc.close();
        }
        if (pgUrl != null) {
            dropPgDatabase(pgUrl);
        }
    }

    @Test
    void noTextNumberOrSqlValueAboveDebug() throws Exception {
        Assumptions.assumeTrue(pgReachable(), "PostgreSQL not reachable");
        pgUrl = freshPgDatabase();
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
        gateway = Gateway.start(ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "%s", user: %s}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                rcsSimulator: {enabled: true, capable: ["+447700900000-+447700900099"]}
                bots:
                  - {id: bot1, secret: secret-one, webhookUrl: "http://127.0.0.1:9/hook"}
                """.formatted(pgUrl, pgUser(), smsc.port()), Map.of()));
        int port = gateway.apiPort();
        await("link bound", 5000, gateway::linksBound);
        String token = token(port, "bot1", "secret-one");
        assertThat(send(port, token, "bot1", envelope("sms-1", SECRET_TEXT, NUMBER)).status()).isEqualTo(202);
        assertThat(send(port, token, "bot1", envelope("rcs-1", SECRET_TEXT, RCS_NUMBER)).status()).isEqualTo(202);
        await("both delivered", 10_000, () -> GatewayEndToEndTest.io(() -> state(port, token, "bot1", "sms-1")
                .equals("DELIVERED") && state(port, token, "bot1", "rcs-1").startsWith("D")));
        // the store refuses the next write of that text: its error message would carry the row's values
        try (Connection c = DriverManager.getConnection(pgUrl, pgUser(), ""); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE messages ADD CONSTRAINT no_jellyfish CHECK (body NOT LIKE '%jellyfish%') NOT VALID");
        }
        Harness.Reply refused = send(port, token, "bot1", envelope("sms-2", SECRET_TEXT, NUMBER));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().toString()).doesNotContain("jellyfish").doesNotContain("7700900456");
        Thread.sleep(500); // the webhook (nothing listens on port 9) has failed a few times meanwhile

        List<String> seen = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            if (e.getLevel().isGreaterOrEqual(Level.INFO)) {
                seen.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage() + throwables(e.getThrowableProxy()));
            }
        }
        assertThat(seen).as("log lines at INFO and above").isNotEmpty();
        assertThat(seen).anyMatch(l -> l.contains("SQLState 23514")); // the refused write is logged, by its kind
        for (String line : seen) {
            assertThat(line).doesNotContain("jellyfish").doesNotContain("Quartz").doesNotContain("7700900456")
                    .doesNotContain("7700900077").doesNotContain("secret-one");
        }
    }

    private static String throwables(IThrowableProxy t) {
        StringBuilder sb = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }
}
