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
        System.out.println();
        System.out.println("rcsgw demo is running: API " + base + ", metrics http://127.0.0.1:" + mgmt + "/metrics");
        System.out.println("In-process simulators stand in for the operator: an RCS platform (numbers +447700900000 to "
                + "+447700900499 are RCS users) and an SMSC (every other number gets SMS, with delivery receipts).");
        System.out.println();
        System.out.println("# 1. get a token for the demo bot");
        System.out.println("TOKEN=$(curl -s -u demo:demo-secret -d grant_type=client_credentials " + base
                + "/oauth2/v1/token | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')");
        System.out.println("# 2. send a message");
        System.out.println("curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
        System.out.println("  -d '{\"RCSMessage\":{\"msgId\":\"hello-1\",\"textMessage\":\"Hello from rcsgw\"},"
                + "\"messageContact\":{\"userContact\":\"+447700900123\"}}' " + base + "/rcs/bot/v1/demo/messages");
        System.out.println("# 3. see its status and history (RCS: sent, delivered, displayed)");
        System.out.println("curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/rcs/bot/v1/demo/messages/hello-1/status");
        System.out.println("# 4. a rich card with suggestions to a number without RCS: it goes SMS as text");
        System.out.println("curl -s -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
        System.out.println("  -d '{\"RCSMessage\":{\"msgId\":\"card-1\",\"richcardMessage\":{\"message\":{\"generalPurposeCard\":"
                + "{\"content\":{\"title\":\"Your order\",\"description\":\"Arrives today\",\"suggestions\":[{\"action\":"
                + "{\"displayText\":\"Track\",\"urlAction\":{\"openUrl\":{\"url\":\"https://example.com/t/1\"}}}}]}}}}},"
                + "\"messageContact\":{\"userContact\":\"+447700900900\"}}' " + base + "/rcs/bot/v1/demo/messages");
        System.out.println("curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/rcs/bot/v1/demo/messages/card-1/status");
        System.out.println("# 5. their charging data records (rated with the demo tariff), in a file closed within 30 s");
        System.out.println("cat data/cdr/*.csv");
        System.out.println();
    }
}
