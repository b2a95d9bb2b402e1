package io.rcsgw.gateway;

import io.rcsgw.gateway.config.ConfigException;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.gateway.config.GatewayConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar rcsgw.jar --config FILE.yaml} or {@code --demo}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config;
        boolean demo = false;
        java.util.function.Supplier<GatewayConfig> reload = null;
        try {
            if (args.length == 1 && args[0].equals("--demo")) {
                demo = true;
                config = ConfigLoader.parse(resource("/demo.yaml"), System.getenv());
            } else if (args.length == 2 && args[0].equals("--config")) {
                config = ConfigLoader.load(Path.of(args[1]), System.getenv());
                reload = () -> ConfigLoader.load(Path.of(args[1]), System.getenv());
            } else {
                System.err.println("usage: java -jar rcsgw.jar --config FILE.yaml | --demo");
                System.exit(2);
                return;
            }
        } catch (ConfigException e) {
            System.err.println("config error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.logging().format().equals("json")) {
            // chosen before the first logger exists: one JSON object per line from here on
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
        Gateway gateway = Gateway.start(config, reload);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        if (demo) {
            printDemo(gateway.apiPort(), gateway.managementPort());
        }
        stopped.await();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Main.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void printDemo(int api, int mgmt) {
        String base = "http://127.0.0.1:" + api;
        String auth = "curl -s -H \"Authorization: Bearer $TOKEN\" ";
        String post = auth + "-H 'Content-Type: application/json' \\\n  -d '";
        String to = base + "/rcs/bot/v1/demo/messages";
        String[] lines = {
                "",
                "rcsgw demo is running: API " + base + ", metrics http://127.0.0.1:" + mgmt + "/metrics, web views "
                        + "http://127.0.0.1:8081",
                "In-process simulators stand in for the operator: an RCS platform (+447700900000 to +447700900499 are RCS "
                        + "users; +447700900066 never gets its messages) and an SMSC (every other number gets SMS). "
                        + "The rules are in the demo config: promotions, OTPs, rich content. ESMEs bind over SMPP to "
                        + "127.0.0.1:2775 (system_id demo, password demo1234, source address 12345).",
                "",
                "# 1. get a token for the demo bot",
                "TOKEN=$(curl -s -u demo:demo-secret -d grant_type=client_credentials " + base
                        + "/oauth2/v1/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')",
                "# 2. a text to an RCS user, and its status: history, the rule that decided and why (gateway.decision)",
                post + "{\"RCSMessage\":{\"msgId\":\"hello-1\",\"textMessage\":\"Hello from rcsgw\"},"
                        + "\"messageContact\":{\"userContact\":\"+447700900123\"}}' " + to,
                auth + to + "/hello-1/status",
                "# 3. an OTP to a phone that is off: rule otp revokes it after 5 s and sends it as SMS",
                post + "{\"RCSMessage\":{\"msgId\":\"otp-1\",\"textMessage\":\"Your code is 123456\"},"
                        + "\"messageContact\":{\"userContact\":\"+447700900066\"},"
                        + "\"gateway\":{\"trafficType\":\"authentication\"}}' " + to,
                "sleep 6; " + auth + to + "/otp-1/status",
                "# 4. a long rich card to a number without RCS: a short SMS with a link to its web view (gateway.sms.text)",
                post + "{\"RCSMessage\":{\"msgId\":\"card-1\",\"richcardMessage\":{\"message\":{\"generalPurposeCard\":"
                        + "{\"content\":{\"title\":\"Winter sale\",\"description\":\""
                        + "Everything in store is up to half price until Sunday, in every shop and online. ".repeat(4).strip()
                        + "\",\"suggestions\":[{\"action\":"
                        + "{\"displayText\":\"Shop now\",\"urlAction\":{\"openUrl\":{\"url\":\"https://example.com/sale\"}}}},"
                        + "{\"reply\":{\"displayText\":\"Stop\",\"postback\":{\"data\":\"stop\"}}}]}}}}},"
                        + "\"messageContact\":{\"userContact\":\"+447700900900\"}}' " + to,
                auth + to + "/card-1/status",
                "# 5. their charging data records (rated with the demo tariff), in a file closed within 30 s",
                "cat data/cdr/*.csv",
                ""};
        for (String l : lines) {
            System.out.println(l);
        }
    }
}
