package io.rcsgw.gateway.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class YamlLinesTest {

    static final String YAML = """
            api:
              port: 1
            rules:
              - name: a
                match: {bots: [x, y]}
              - name: b
                fallback:
                  missingFeature: zap
            """;

    @Test
    void keysAndListItemsHaveTheirLines() {
        YamlLines lines = new YamlLines(YAML);
        assertThat(lines.lineOf("api.port")).isEqualTo(2);
        assertThat(lines.lineOf("rules[0].name")).isEqualTo(4);
        assertThat(lines.lineOf("rules[0].match.bots[1]")).isEqualTo(5);
        assertThat(lines.lineOf("rules[1].fallback.missingFeature")).isEqualTo(8);
        // a key that is not written (a default) takes its nearest parent's line
        assertThat(lines.lineOf("rules[1].fallback.rcsFailed")).isEqualTo(7);
        assertThat(lines.lineOf("webhooks.timeout")).isEqualTo(-1);
    }

    @Test
    void anErrorGetsItsLineAndFile() {
        YamlLines lines = new YamlLines(YAML);
        assertThat(lines.located(new ConfigException("rules[1].fallback.missingFeature: send, degrade or sms"), "r.yaml")
                .getMessage()).isEqualTo("rules[1].fallback.missingFeature (r.yaml line 8): send, degrade or sms");
        assertThat(lines.located(new ConfigException("api.port: must be 0..65535"), null).getMessage())
                .isEqualTo("api.port (line 2): must be 0..65535");
        assertThat(lines.located(new ConfigException("config is not valid YAML: x"), null).getMessage())
                .isEqualTo("config is not valid YAML: x");
    }
}
