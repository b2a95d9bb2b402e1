package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.MessageStatusView;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.OutboundMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API handler is declared non-blocking, so Jetty runs it on its one selector thread when it
 * can: a route that looks something up in the store must not hold up the other connections.
 */
class BlockingRoutesTest {

    private static final String BOT = "bot";
    private static final String SECRET = "bot-secret-1";

    private final CountDownLatch lookupStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RcsApiServer server;

    /** Accepts every message; a status lookup waits until the test releases it, as a slow query would. */
    private final MessagingService service = new MessagingService() {
        @Override
        public CompletableFuture<AcceptResult> accept(String botId, OutboundMessage message) {
            return CompletableFuture.completedFuture(new AcceptResult.Accepted("m-1", false));
        }

        @Override
        public Optional<MessageStatusView> status(String botId, String msgId) {
            lookupStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        @Override
        public Optional<String> userOf(String botId, String chatId) {
            if (chatId.equals("slow-chat")) {
                lookupStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Optional.of("+447700900123");
        }

        @Override
        public CompletableFuture<Optional<RevokeResult>> revoke(String botId, String msgId) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<ReadReceipt> displayed(String botId, String msgId, String userContact) {
            return CompletableFuture.completedFuture(ReadReceipt.SENT);
        }

        @Override
        public CompletableFuture<List<CapabilityView>> capabilities(String botId, List<String> userContacts) {
            return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletableFuture<Void> isTyping(String botId, String userContact, boolean active) {
            return CompletableFuture.completedFuture(null);
        }
    };

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSlowStatusLookupDoesNotHoldUpASendOnAnotherConnection() throws Exception {
        String base = start();
        String token = token(base);

        CompletableFuture<HttpResponse<String>> status = http.sendAsync(HttpRequest.newBuilder(
                URI.create(base + "/rcs/bot/v1/" + BOT + "/messages/m-1/status")).header("Authorization", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lookupStarted.await(10, TimeUnit.SECONDS)).as("the status lookup started").isTrue();

        // a fresh client: its own connection, which the selector must still serve
        HttpResponse<String> sent = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/rcs/bot/v1/" + BOT + "/messages"))
                        .header("Authorization", token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"RCSMessage\":{\"textMessage\":\"hi\"},\"messageContact\":{\"userContact\":\"+447700900123\"}}"))
                        .build(), HttpResponse.BodyHandlers.ofString()).get(5, TimeUnit.SECONDS);
        assertThat(sent.statusCode()).isEqualTo(202);
        assertThat(status).as("still waiting for its lookup").isNotDone();

        release.countDown();
        HttpResponse<String> answered = status.get(5, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(404);
        assertThat(answered.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void aSlowChatIdLookupDoesNotHoldUpASendOnAnotherConnection() throws Exception {
        String base = start();
        String token = token(base);

        CompletableFuture<HttpResponse<String>> toChat = http.sendAsync(send(base, token,
                "{\"RCSMessage\":{\"textMessage\":\"hi\"},\"messageContact\":{\"chatId\":\"slow-chat\"}}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lookupStarted.await(10, TimeUnit.SECONDS)).as("the chatId lookup started").isTrue();

        HttpResponse<String> sent = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(send(base, token,
                "{\"RCSMessage\":{\"textMessage\":\"hi\"},\"messageContact\":{\"userContact\":\"+447700900123\"}}"),
                HttpResponse.BodyHandlers.ofString()).get(5, TimeUnit.SECONDS);
        assertThat(sent.statusCode()).isEqualTo(202);
        assertThat(toChat).as("still waiting for its lookup").isNotDone();

        release.countDown();
        assertThat(toChat.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    }

    /** Starts the API server on the stub service; its base URL. */
    private String start() throws Exception {
        RcsApiConfig config = new RcsApiConfig("127.0.0.1", 0, 64 * 1024, Duration.ofMinutes(10),
                "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), null, Map.of(BOT, SECRET), null, null,
                null);
        server = new RcsApiServer(config, service, null, new ObjectMapper(), Clock.systemUTC(), ApiObserver.NONE).start();
        return "http://127.0.0.1:" + server.port();
    }

    private static HttpRequest send(String base, String token, String body) {
        return HttpRequest.newBuilder(URI.create(base + "/rcs/bot/v1/" + BOT + "/messages"))
                .header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String token(String base) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((BOT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/v1/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        int at = body.indexOf("\"access_token\":\"") + "\"access_token\":\"".length();
        return "Bearer " + body.substring(at, body.indexOf('"', at));
    }
}
