package io.rcsgw.gateway.config;

import io.rcsgw.rules.rating.ChargeCategory;
import io.rcsgw.rules.rating.BillingModel;
import io.rcsgw.rules.rating.PriceVersion;
import io.rcsgw.rules.rating.Rounding;
import io.rcsgw.rules.rating.SmsCharging;
import io.rcsgw.rules.rating.TariffPlan;
import io.rcsgw.rules.rating.TextLimit;
import java.math.RoundingMode;
import java.time.Instant;
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
                "SMSC1_PASSWORD", "pw", "ACME_SECRET", "acme-secret", "RCS_CLIENT_SECRET", "platform-secret",
                "RCS_EVENTS_SECRET", "0123456789abcdef", "PARTNER1_SMPP_PASSWORD", "pa55word"));
        assertThat(c.smsc().get(0).window()).isEqualTo(50);
        assertThat(c.smppServer().accounts().get(0).bot()).isEqualTo("acme");
        assertThat(c.smppServer().accounts().get(0).window()).isEqualTo(100);
        assertThat(c.rcs().notCapableTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.api().limits().maxSuggestions()).isEqualTo(11);
        assertThat(c.webhooks().retryWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(c.store().password()).isEmpty();
    }

    @Test
    void theProductionExampleIsValid() throws Exception {
        GatewayConfig c = ConfigLoader.parse(Files.readString(Path.of("../ops/deploy/rcsgw.yaml")), Map.of(
                "RCSGW_TOKEN_KEY", "0123456789abcdef0123", "RCSGW_DB_PASSWORD", "db", "SMSC1_PASSWORD", "pw",
                "ACME_SECRET", "acme-secret", "RCS_CLIENT_SECRET", "platform-secret", "RCS_EVENTS_SECRET", "0123456789abcdef"));
        assertThat(c.store().url()).startsWith("jdbc:postgresql:");
        assertThat(c.rcs().baseUrl()).isEqualTo("https://rcs.operator.internal/maap/");
        assertThat(c.smsc()).hasSize(2);
        assertThat(LinkSettings.tls("smsc[1]", c.smsc().get(1))).isNotNull();
        assertThat(c.routes()).hasSize(2);
        assertThat(c.cluster().enabled()).isFalse();
        // as a node of ops/deploy/compose.yaml
        GatewayConfig node = ConfigLoader.parse(Files.readString(Path.of("../ops/deploy/rcsgw.yaml")), Map.of(
                "RCSGW_TOKEN_KEY", "0123456789abcdef0123", "RCSGW_DB_PASSWORD", "db", "SMSC1_PASSWORD", "pw",
                "ACME_SECRET", "acme-secret", "RCS_CLIENT_SECRET", "platform-secret", "RCS_EVENTS_SECRET", "0123456789abcdef",
                "RCSGW_CLUSTER", "true", "RCSGW_NODE_ID", "rcsgw-2"));
        assertThat(node.cluster().enabled()).isTrue();
        assertThat(node.cluster().nodeId()).isEqualTo("rcsgw-2");
    }

    @Test
    void everyKeyIsDocumentedInTheExample() throws Exception {
        String example = Files.readString(Path.of("../config/example.yaml"));
        java.util.List<String> missing = new java.util.ArrayList<>();
        collectKeys(GatewayConfig.class, "", example, missing);
        assertThat(missing).as("keys not in config/example.yaml").isEmpty();
    }

    private static void collectKeys(Class<?> type, String prefix, String example, java.util.List<String> missing) {
        for (var c : type.getRecordComponents()) {
            if (!example.contains(c.getName() + ":")) {
                missing.add(prefix + c.getName());
            }
            Class<?> t = c.getType();
            if (t == java.util.List.class && c.getGenericType() instanceof java.lang.reflect.ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                t = element;
            }
            if (t.isRecord()) {
                collectKeys(t, prefix + c.getName() + ".", example, missing);
            }
        }
    }

    @Test
    void smsSettingsPerLink() {
        GatewayConfig c = ConfigLoader.parse(MIN.replace("password: pw}", "password: pw, concatenation: sar, "
                + "defaultCoding: gsm-packed, nationalLanguages: [turkish], validityPeriod: 2d, priority: 1}"), Map.of());
        var s = LinkSettings.smsSettings("smsc[0]", c.smsc().get(0));
        assertThat(s.concatenation()).isEqualTo(io.rcsgw.rules.sms.Concatenation.SAR);
        assertThat(s.defaultCoding()).isEqualTo(io.rcsgw.rules.sms.DefaultCoding.GSM_PACKED);
        assertThat(s.nationalLanguages()).containsExactly(io.rcsgw.rules.sms.NationalLanguage.TURKISH);
        assertThat(s.validityPeriod()).isEqualTo(Duration.ofDays(2));
        // a link without its own tables takes sms.nationalLanguages
        GatewayConfig inherited = ConfigLoader.parse(MIN + "sms: {nationalLanguages: [spanish]}\n", Map.of());
        assertThat(LinkSettings.smsSettings("smsc[0]", inherited.smsc().get(0)).nationalLanguages())
                .containsExactly(io.rcsgw.rules.sms.NationalLanguage.SPANISH);
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("password: pw}", "password: pw, concatenation: udh7}"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("smsc[0].concatenation: one of udh8, udh16, sar, payload");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("password: pw}", "password: pw, nationalLanguages: [klingon]}"),
                Map.of())).extracting(ConfigLoaderTest::unlined).isEqualTo("smsc[0].nationalLanguages: 'klingon' is not one of turkish, spanish, portuguese");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("password: pw}", "password: pw, defaultCoding: latin1, "
                + "nationalLanguages: [turkish]}"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("smsc[0].nationalLanguages: national tables need defaultCoding gsm or gsm-packed");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("password: pw}", "password: pw, priority: 4}"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("smsc[0].priority: must be 0..3");
    }

    @Test
    void defaultsAreFilled() {
        GatewayConfig c = ConfigLoader.parse(MIN, Map.of());
        assertThat(c.api().port()).isEqualTo(8080);
        assertThat(c.management().port()).isEqualTo(9400);
        assertThat(c.smsc().get(0).responseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.store().url()).startsWith("jdbc:h2:file:");
        assertThat(c.store().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.store().purgeInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(ConfigLoader.parse(MIN + "store: {retention: 0s}\n", Map.of()).store().retention()).isZero();
    }

    @Test
    void ratingAndCdrs() {
        GatewayConfig none = ConfigLoader.parse(MIN, Map.of());
        assertThat(none.cdr().enabled()).isTrue();
        assertThat(none.cdr().export()).isTrue();
        assertThat(none.cdr().directory()).isEqualTo("./data/cdr");
        assertThat(ConfigLoader.parse(MIN + "store: {url: \"jdbc:h2:file:/srv/gw/db/rcsgw;CACHE_SIZE=8192\"}\n", Map.of())
                .cdr().directory()).as("next to the H2 file").isEqualTo("/srv/gw/db/cdr");
        assertThat(ConfigLoader.tariffTable(none).forBot("b").name()).isEqualTo("none");

        String rated = MIN.replace("bots: [{id: b, secret: secret-12}]", """
                bots: [{id: b, secret: secret-12}, {id: v, secret: secret-12, tariff: vip}]
                rating:
                  tariffs:
                    - {name: standard, currency: EUR, smsSegment: 0.035, rcsBasic: 0.002}
                    - {name: vip, currency: EUR, smsSegment: "0.02"}
                """);
        GatewayConfig c = ConfigLoader.parse(rated, Map.of());
        assertThat(c.rating().defaultTariff()).as("the first tariff").isEqualTo("standard");
        var table = ConfigLoader.tariffTable(c);
        assertThat(table.forBot("b").version(0).price(ChargeCategory.SMS_SEGMENT)).isEqualByComparingTo("0.035");
        assertThat(table.forBot("v").version(0).price(ChargeCategory.SMS_SEGMENT)).isEqualByComparingTo("0.02");
        assertThat(table.forBot("v").version(0).price(ChargeCategory.RCS_BASIC)).isEqualByComparingTo("0");

        assertThatThrownBy(() -> ConfigLoader.parse(rated.replace("currency: EUR, smsSegment: 0.035",
                "currency: euro, smsSegment: 0.035"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.tariffs[0].currency: an ISO 4217 code such as EUR");
        assertThatThrownBy(() -> ConfigLoader.parse(rated.replace("smsSegment: 0.035", "smsSegment: -0.035"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.tariffs[0].smsSegment: must not be negative");
        assertThatThrownBy(() -> ConfigLoader.parse(rated.replace("tariff: vip", "tariff: platinum"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("bots[1].tariff: no tariff named platinum under rating.tariffs");
        assertThatThrownBy(() -> ConfigLoader.parse(rated.replace("name: vip", "name: standard"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.tariffs[1].name: duplicate tariff name standard");
        assertThatThrownBy(() -> ConfigLoader.parse(rated + "  defaultTariff: gold\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.defaultTariff: no tariff named gold under rating.tariffs");
        assertThatThrownBy(() -> ConfigLoader.parse(rated.replace("smsSegment: \"0.02\"", "smsSegment: cheap"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("rating.tariffs[1].smsSegment:");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "cdr: {rotateRecords: 0}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("cdr.rotateRecords:");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "cdr: {directory: \"\"}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("cdr.directory: a directory is required");
    }

    @Test
    void aClusterNeedsPostgresAndALeaseOfThreeHeartbeats() {
        GatewayConfig single = ConfigLoader.parse(MIN, Map.of());
        assertThat(single.cluster().enabled()).isFalse();
        assertThat(single.cluster().nodeId()).endsWith(":" + single.api().port());
        assertThat(single.cluster().lease()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "cluster: {enabled: true}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("cluster.enabled: several nodes share one PostgreSQL");
        String pg = MIN + "store: {url: \"jdbc:postgresql://127.0.0.1:5432/rcsgw\"}\n";
        GatewayConfig c = ConfigLoader.parse(pg + "cluster: {enabled: true, nodeId: gw-2, lease: 6s, heartbeat: 2s}\n", Map.of());
        assertThat(c.cluster().nodeId()).isEqualTo("gw-2");
        assertThatThrownBy(() -> ConfigLoader.parse(pg + "cluster: {enabled: true, lease: 5s, heartbeat: 2s}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("cluster.lease: at least three heartbeats");
        assertThatThrownBy(() -> ConfigLoader.parse(pg + "cluster: {enabled: true, nodeId: \"a b\"}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("cluster.nodeId:");
    }

    @Test
    void tariffPlansWithModelsRoundingPrefixesAndPriceVersions() {
        String planned = MIN.replace("bots: [{id: b, secret: secret-12}]", """
                bots: [{id: b, secret: secret-12}]
                cdr: {maskNumbers: true}
                rating:
                  tariffs:
                    - name: us
                      currency: USD
                      model: per-segment
                      basicLimit: bytes
                      rounding: {scale: 2, mode: half-even}
                      smsCharged: delivered
                      version: "2026"
                      rcsTextSegment: 0.004
                      rcsConversation: 0.03
                      smsSegment: 0.01
                      smsByPrefix: {"1": 0.007, "1202": 0.006}
                      versions:
                        - {from: "2027-01-01T00:00:00Z", version: "2027", rcsTextSegment: 0.005, smsByPrefix: {"1": 0.008}}
                        - {from: "2027-07-01T00:00:00Z", smsMo: 0.001}
                """);
        GatewayConfig c = ConfigLoader.parse(planned, Map.of());
        assertThat(c.cdr().maskNumbers()).isTrue();
        TariffPlan p = ConfigLoader.tariffTable(c).forBot("b");
        assertThat(p.model()).isEqualTo(BillingModel.PER_SEGMENT);
        assertThat(p.basicLimit()).isEqualTo(TextLimit.BYTES);
        assertThat(p.rounding()).isEqualTo(new Rounding(2, RoundingMode.HALF_EVEN));
        assertThat(p.smsCharging()).isEqualTo(SmsCharging.DELIVERED);
        long newYear = Instant.parse("2027-01-01T00:00:00Z").toEpochMilli();
        assertThat(p.version(newYear - 1).id()).isEqualTo("2026");
        assertThat(p.version(newYear - 1).price(ChargeCategory.RCS_P2A_CONVERSATION)).as("the older key")
                .isEqualByComparingTo("0.03");
        assertThat(p.version(newYear).id()).isEqualTo("2027");
        assertThat(p.version(newYear).price(ChargeCategory.RCS_TEXT_SEGMENT)).isEqualByComparingTo("0.005");
        assertThat(p.version(newYear).smsSegment("+12025550100")).as("a longer prefix carried over").isEqualByComparingTo("0.006");
        assertThat(p.version(newYear).smsSegment("+13105550100")).isEqualByComparingTo("0.008");
        assertThat(p.version(newYear).smsSegment("+447700900123")).isEqualByComparingTo("0.01");
        PriceVersion july = p.version(Instant.parse("2027-07-01T00:00:00Z").toEpochMilli());
        assertThat(july.id()).as("named by its instant").isEqualTo("2027-07-01T00:00:00Z");
        assertThat(july.price(ChargeCategory.SMS_MO)).isEqualByComparingTo("0.001");
        assertThat(july.price(ChargeCategory.RCS_TEXT_SEGMENT)).isEqualByComparingTo("0.005");

        assertThat(ConfigLoader.parse(MIN.replace("bots: [{id: b, secret: secret-12}]",
                "bots: [{id: b, secret: secret-12}]\nrating: {tariffs: [{name: t, currency: EUR}]}"), Map.of())
                .cdr().maskNumbers()).as("numbers in full by default").isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("per-segment", "per-minute"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.tariffs[0].model: unknown value per-minute");
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("half-even", "unnecessary"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("rating.tariffs[0].rounding.mode:");
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("{scale: 2", "{scale: 20"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.tariffs[0].rounding.scale: 0 to 12 decimal places");
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("\"1202\": 0.006", "\"+1202\": 0.006"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("rating.tariffs[0].smsByPrefix.+1202:");
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("2027-07-01T00:00:00Z", "2026-07-01T00:00:00Z"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.tariffs[0].versions[1].from: must be after the version before it");
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("2027-07-01T00:00:00Z", "July"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("rating.tariffs[0].versions[1].from: an ISO 8601 instant");
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("smsMo: 0.001", "smsMo: -1"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("rating.tariffs[0].versions[1].smsMo: must not be negative");
        assertThatThrownBy(() -> ConfigLoader.parse(planned.replace("rcsConversation: 0.03",
                "rcsConversation: 0.03\n      rcsP2aConversation: 0.03"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("rating.tariffs[0].rcsConversation:");
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "api: {prot: 1}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("api.prot: unknown key");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("port: 2775", "port: 70000"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("smsc[0].port: must be 1..65535");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "webhooks: {timeout: soon}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("webhooks.timeout: 'soon' is not a duration");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN.replace("secret-12", "short"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("bots[0].secret: must be at least 8 characters");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "api: {tokenKey: ${NOPE}}\n", Map.of()))
                .hasMessageContaining("NOPE");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "store: {retention: 30m}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).isEqualTo("store.retention: at least 1h, or 0s to keep every message");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "store: {purgeInterval: 0s}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("store.purgeInterval: must be a positive duration");
        assertThatThrownBy(() -> ConfigLoader.parse("bots: [{id: b, secret: secret-12}]\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("smsc:");
    }

    @Test
    void smppServerAccounts() {
        String one = MIN + "smppServer: {accounts: [{systemId: e1, password: secret1, bot: b}]}\n";
        GatewayConfig c = ConfigLoader.parse(one, Map.of());
        assertThat(c.smppServer().port()).isEqualTo(2775);
        assertThat(c.smppServer().accounts().get(0).tps()).isEqualTo(100);
        assertThat(c.smppServer().accounts().get(0).maxBinds()).isEqualTo(4);
        assertThat(ConfigLoader.parse(MIN, Map.of()).smppServer().accounts()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.parse(one.replace("bot: b", "bot: nobody"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("smppServer.accounts[0].bot:");
        assertThatThrownBy(() -> ConfigLoader.parse(one.replace("secret1", "pw"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("smppServer.accounts[0].password:");
        assertThatThrownBy(() -> ConfigLoader.parse(one.replace("bot: b", "bot: b, allow: [somewhere]"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("smppServer.accounts[0].allow[0]:");
        assertThatThrownBy(() -> ConfigLoader.parse(one.replace("bot: b", "bot: b, window: 0"), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("smppServer.accounts[0].window:");
        assertThat(c.smppServer().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.smppServer().holdFor()).isEqualTo(Duration.ofDays(3));
        assertThat(c.smppServer().tls()).isNull();
        String two = "smppServer: {accounts: [{systemId: e1, password: secret1, bot: b, numbers: [\"12345\"]}, "
                + "{systemId: e2, password: secret2, bot: b, numbers: [\"+12345\"]}]}\n";
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + two, Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("smppServer.accounts[1].numbers[0]: +12345 is already e1's");
        assertThatThrownBy(() -> ConfigLoader.parse(one.replace("smppServer: {", "smppServer: {tls: {keyStore: /nowhere.p12}, "),
                Map.of())).extracting(ConfigLoaderTest::unlined).asString().startsWith("smppServer.tls.keyStore: /nowhere.p12 cannot be used");
        assertThatThrownBy(() -> ConfigLoader.parse(one.replace("smppServer: {", "smppServer: {idleTimeout: -1s, "), Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("smppServer.idleTimeout:");
    }

    @Test
    void filesAndAnonymousBots() {
        GatewayConfig c = ConfigLoader.parse(MIN, Map.of());
        assertThat(c.files().maxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.files().maxRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.files().types()).contains("image/jpeg", "application/pdf").doesNotContain("text/html");
        assertThat(c.files().fetch().allow()).isEmpty();
        assertThat(c.bots().get(0).anonymous()).isFalse();
        assertThat(ConfigLoader.parse(MIN.replace("secret: secret-12", "secret: secret-12, anonymous: true"), Map.of())
                .bots().get(0).anonymous()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "files: {maxBytes: 200000000}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("files.maxBytes: between 1 and");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "files: {types: [Image/JPEG]}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("files.types[0]:");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "files: {fetch: {allow: [\"https://u:p@cdn.example.com/\"]}}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("files.fetch.allow[0]:");
        assertThatThrownBy(() -> ConfigLoader.parse(MIN + "files: {fetch: {allow: [\"file:///etc\"]}}\n", Map.of()))
                .extracting(ConfigLoaderTest::unlined).asString().startsWith("files.fetch.allow[0]:");
    }

    /** The message without the " (line N)" the loader adds after a key found in the text. */
    static String unlined(Throwable e) {
        return e.getMessage().replaceFirst(" \\((?:[^ )]+ )?line \\d+\\)", "");
    }
}
