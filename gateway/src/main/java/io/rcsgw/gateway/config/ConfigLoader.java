package io.rcsgw.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rcsgw.rules.rating.TariffTable;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML configuration into {@link GatewayConfig}: substitutes {@code ${ENV}} and
 * {@code ${ENV:-default}}, refuses unknown keys, fills defaults and checks every value. Each
 * error names the key, e.g. {@code smsc[0].port: must be 1..65535}.
 */
public final class ConfigLoader {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private ConfigLoader() {
    }

    public static GatewayConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, env);
    }

    public static GatewayConfig parse(String yaml, Map<String, String> env) {
        String substituted = substitute(yaml, env);
        YamlLines lines = new YamlLines(substituted);
        GatewayConfig raw;
        try {
            raw = read(substituted, GatewayConfig.class, "config");
        } catch (ConfigException e) {
            throw lines.located(e, null);
        }
        if (raw == null) {
            raw = new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null);
        }
        try {
            return ConfigValidator.validate(ConfigDefaults.withDefaults(raw));
        } catch (ConfigException e) {
            throw lines.located(e, null);
        }
    }

    /** The top level of a rules file: {@code rules:} and nothing else. */
    public record RulesFile(List<GatewayConfig.Rule> rules) {
    }

    /**
     * The rules of a rules file, checked the way the config's own {@code rules:} are; an error
     * names the file, the key and its line. {@code source} receives the text they came from.
     */
    public static List<GatewayConfig.Rule> loadRulesFile(Path file, StringBuilder source) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("rulesFile: cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("rulesFile: cannot read " + file + ": " + e.getMessage());
        }
        YamlLines lines = new YamlLines(text);
        try {
            RulesFile r = read(text, RulesFile.class, "rules file");
            List<GatewayConfig.Rule> rules = r == null || r.rules() == null ? List.of() : r.rules();
            source.append(text);
            return rules;
        } catch (ConfigException e) {
            throw lines.located(e, file.toString());
        }
    }

    private static <T> T read(String yaml, Class<T> type, String what) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationDeserializer()));
        try {
            return mapper.readValue(yaml, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(path(e) + ": unknown key");
        } catch (JsonMappingException e) {
            String detail = e.getOriginalMessage();
            if (e.getCause() instanceof IllegalArgumentException iae) {
                detail = iae.getMessage();
            }
            throw new ConfigException(path(e) + ": " + detail.split("\n")[0]);
        } catch (IOException e) {
            throw new ConfigException(what + " is not valid YAML: " + e.getMessage().split("\n")[0]);
        }
    }

    /**
     * The rules a validated config runs: its {@code rules:}, or those of its {@code rulesFile},
     * compiled; a {@link ConfigException} names what is wrong (and where).
     */
    public static io.rcsgw.rules.routing.RuleSet ruleSet(GatewayConfig c) {
        return ruleSet(c, c.webView().publicBaseUrl() != null);
    }

    /** The same, with web views on or off as they are in the running gateway (they need a restart to change). */
    public static io.rcsgw.rules.routing.RuleSet ruleSet(GatewayConfig c, boolean webViews) {
        List<GatewayConfig.Rule> rules = c.rules();
        String source;
        YamlLines lines = null;
        String file = null;
        if (c.rulesFile() != null) {
            StringBuilder text = new StringBuilder();
            rules = loadRulesFile(Path.of(c.rulesFile()), text);
            source = text.toString();
            lines = new YamlLines(source);
            file = c.rulesFile();
        } else {
            try {
                source = new ObjectMapper().registerModule(new SimpleModule().addSerializer(Duration.class,
                        new com.fasterxml.jackson.databind.ser.std.ToStringSerializer())).writeValueAsString(rules);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            java.util.Set<String> bots = new java.util.HashSet<>();
            c.bots().forEach(b -> bots.add(b.id()));
            return RuleCompiler.compile(rules, c.rcs().deliveryTimeout(), webViews, source, bots);
        } catch (ConfigException e) {
            throw lines == null ? e : lines.located(e, file);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }

    static String substitute(String yaml, Map<String, String> env) {
        Matcher m = ENV.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigException("environment variable " + m.group(1) + " is referenced in the config but not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The tariff plans of a validated config, by bot. */
    public static TariffTable tariffTable(GatewayConfig c) {
        return TariffPlans.table(c);
    }

    /** Durations as 500ms, 30s, 5m, 1h, 2d, or ISO-8601 (PT30S). */
    static Duration parseDuration(String text) {
        return io.rcsgw.rules.model.Durations.parse(text);
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return parseDuration(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage(), e);
            }
        }
    }
}
