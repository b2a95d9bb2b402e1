package io.rcsgw.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void secretsPasswordsAndTokenKeysAreStarredAtAnyDepth() throws Exception {
        JsonNode c = ConfigRedaction.redact(JSON.readTree("""
                {"api": {"tokenKey": "k-123", "port": 8080},
                 "admin": {"token": "adm-456"},
                 "rcs": {"clientSecret": "cs-789", "eventsSecret": null},
                 "smsc": [{"name": "a", "password": "pw-1", "tlsTrustStorePassword": "pw-2", "systemId": "sys"}],
                 "bots": [{"id": "b", "secret": "s-1", "webhookSecret": "s-2"}]}
                """));
        assertThat(c.toString()).doesNotContain("k-123", "adm-456", "cs-789", "pw-1", "pw-2", "s-1", "s-2");
        assertThat(c.at("/api/tokenKey").textValue()).isEqualTo("***");
        assertThat(c.at("/api/port").intValue()).isEqualTo(8080);
        assertThat(c.at("/rcs/eventsSecret").isNull()).as("an unset secret stays unset").isTrue();
        assertThat(c.at("/smsc/0/systemId").textValue()).isEqualTo("sys");
        assertThat(c.at("/bots/0/id").textValue()).isEqualTo("b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://user:pass@hooks.example.com/rcs|https://***@hooks.example.com/rcs",
            "https://hooks.example.com/rcs?key=abc&v=2#top|https://hooks.example.com/rcs?key=***&v=***#top",
            "https://hooks.example.com/rcs?flag|https://hooks.example.com/rcs?flag",
            "jdbc:postgresql://db:5432/rcsgw?password=x&ssl=true|jdbc:postgresql://db:5432/rcsgw?password=***&ssl=***",
            "jdbc:h2:file:./data/rcsgw;PASSWORD=x;CACHE_SIZE=2048|jdbc:h2:file:./data/rcsgw;PASSWORD=***;CACHE_SIZE=***",
            "http://127.0.0.1:8080/hook|http://127.0.0.1:8080/hook"})
    void aUrlLosesItsUserInfoAndParameterValues(String url, String shown) {
        assertThat(ConfigRedaction.redactUrl(url)).isEqualTo(shown);
        assertThat(ConfigRedaction.redact(JSON.createObjectNode().put("webhookUrl", url)).get("webhookUrl").textValue())
                .isEqualTo(shown);
    }
}
