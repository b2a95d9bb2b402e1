package io.rcsgw.gateway.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static final String MIN = """
            smsc: [{name: a, host: 127.0.0.1, port: 2775, systemId: gw, password: pw}]
            bots: [{id: b, secret: secret-12}]
            """;

    @Test
    void theExampleConfigIsValid() throws Exception {
        String example = Files.readString(Path.of("../config/example.yaml"));
        GatewayConfig c = ConfigLoader.parse(example, Map.of("RCSGW_TOKEN_KEY", "0123456789abcdef0123",
                "SMSC1_PASSWORD", "pw", "ACME_SECRET", "acme-secret"));
        assertThat(c.smsc().get(0).window()).isEqualTo(50);
        assertThat(c.webhooks().retryWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(c.store().password()).isEmpty();
    }

    @Test
    void defaultsAreFilled() {
        GatewayConfig c = ConfigLoader.parse(MIN, Map.of());
        assertThat(c.api().port()).isEqualTo(8080);
        assertThat(c.management().port()).isEqualTo(9400);
        assertThat(c.smsc().get(0).responseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.store().url()).startsWith("jdbc:h2:file:");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "api: {prot: 1}\n", Map.of()))
                .hasMessage("api.prot: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("port: 2775", "port: 70000"), Map.of()))
                .hasMessage("smsc[0].port: must be 1..65535");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "webhooks: {timeout: soon}\n", Map.of()))
                .hasMessageStartingWith("webhooks.timeout: 'soon' is not a duration");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("secret-12", "short"), Map.of()))
                .hasMessage("bots[0].secret: must be at least 8 characters");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "api: {tokenKey: ${NOPE}}\n", Map.of()))
                .hasMessageContaining("NOPE");
        assertThatThrownBy(() -> ConfigLoader.parse("bots: [{id: b, secret: secret-12}]\n", Map.of()))
                .hasMessageStartingWith("smsc:");
    }
}
