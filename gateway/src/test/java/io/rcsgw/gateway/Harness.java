package io.rcsgw.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Test helpers: a small HTTP client for the API, waiting, and throwaway PostgreSQL databases. */
public final class Harness {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Harness() {
    }

    record Reply(int status, String contentType, JsonNode body) {
    }

    static Reply call(String method, String url, String auth, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode node = r.body().length == 0 ? null : JSON.readTree(r.body());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), node);
    }

    static String token(int port, String bot, String secret) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((bot + ":" + secret).getBytes(StandardCharsets.UTF_8));
        Reply r = call("POST", "http://127.0.0.1:" + port + "/oauth2/v1/token", basic,
                "application/x-www-form-urlencoded", "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("token_type").asText()).isEqualTo("Bearer");
        return "Bearer " + r.body().get("access_token").asText();
    }

    static String envelope(String msgId, String text, String to) {
        var root = JSON.createObjectNode();
        var rcs = root.putObject("RCSMessage");
        if (msgId != null) {
            rcs.put("msgId", msgId);
        }
        rcs.put("textMessage", text);
        root.putObject("messageContact").put("userContact", to);
        return root.toString();
    }

    static Reply send(int port, String token, String bot, String json) throws Exception {
        return call("POST", "http://127.0.0.1:" + port + "/rcs/bot/v1/" + bot + "/messages", token, "application/json",
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends every body from {@code threads} threads at once; the HTTP status of each, in order (-1: no answer). */
    static java.util.List<Integer> sendAll(int port, String token, String bot, java.util.List<String> bodies, int threads)
            throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var sends = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Integer>>();
            for (String body : bodies) {
                sends.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return send(port, token, bot, body).status();
                    } catch (Exception e) {
                        return -1;
                    }
                }, pool));
            }
            var statuses = new java.util.ArrayList<Integer>();
            for (var f : sends) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    static Reply status(int port, String token, String bot, String msgId) throws Exception {
        return call("GET", "http://127.0.0.1:" + port + "/rcs/bot/v1/" + bot + "/messages/" + msgId + "/status", token, null, null);
    }

    /** A message's gateway state, or "HTTP nnn" when the status lookup does not answer 200. */
    static String state(int port, String token, String bot, String msgId) throws Exception {
        Reply r = status(port, token, bot, msgId);
        return r.status() == 200 ? r.body().at("/gateway/state").asText() : "HTTP " + r.status();
    }

    public static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    // ---- PostgreSQL ----

    static String pgAdminUrl() {
        return Optional.ofNullable(System.getenv("RCSGW_TEST_PG_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    public static String pgUser() {
        return Optional.ofNullable(System.getenv("RCSGW_TEST_PG_USER")).orElse("postgres");
    }

    public static boolean pgReachable() {
        try (Connection c = DriverManager.getConnection(pgAdminUrl(), pgUser(), "")) {
            return c.isValid(2);
        } catch (Exception e) {
            if ("true".equals(System.getenv("RCSGW_REQUIRE_PG"))) {
                throw new AssertionError("RCSGW_REQUIRE_PG is set but PostgreSQL is not reachable at " + pgAdminUrl(), e);
            }
            return false;
        }
    }

    /** Creates an empty database for one test and returns its JDBC URL. */
    public static String freshPgDatabase() throws Exception {
        String name = "rcsgw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(pgAdminUrl(), pgUser(), ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String admin = pgAdminUrl();
        int slash = admin.lastIndexOf('/');
        int q = admin.indexOf('?', slash);
        return admin.substring(0, slash + 1) + name + (q >= 0 ? admin.substring(q) : "");
    }

    public static void dropPgDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection c = DriverManager.getConnection(pgAdminUrl(), pgUser(), ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (Exception ignored) {
            // best effort
        }
    }

    /** Runs one statement on the database at {@code url}. */
    public static void sql(String url, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(url, pgUser(), ""); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Cluster nodes {@code ids} under epoch 1, each with a lease a minute long by the database's clock. */
    public static void leaseNodes(String url, String... ids) throws Exception {
        for (String id : ids) {
            sql(url, "INSERT INTO nodes (id, epoch, lease_until, joined_at) VALUES ('" + id + "', 1, "
                    + io.rcsgw.gateway.store.JdbcMessageStore.DB_NOW_MILLIS + " + 60000, 0)");
        }
    }
}
