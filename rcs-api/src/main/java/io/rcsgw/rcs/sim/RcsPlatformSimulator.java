package io.rcsgw.rcs.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.auth.EventSignature;
import io.rcsgw.rcs.auth.Hmac;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process RCS platform speaking the MaaP chatbot API, for the demo and tests: OAuth2
 * tokens, capability queries (capable numbers from {@link Options#capable()}), sending,
 * revoking and read receipts. Sent messages are delivered and displayed after configurable
 * delays as signed {@code messageStatus} events to the gateway; numbers in
 * {@link Options#neverDeliver()} never get theirs. It can be told to fail every call with a
 * status, to answer slowly, to expire its tokens, and to send user messages and replies.
 */
public final class RcsPlatformSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RcsPlatformSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * {@code eventsUrl}: where events go, with {@code {botId}} replaced; {@code eventsSecret} signs
     * them (an {@link EventSignature}); {@code clientId}/{@code clientSecret}: the
     * gateway's OAuth2 credentials here; {@code tokenTtl}: lifetime of issued tokens.
     */
    public record Options(String host, int port, NumberRanges capable, NumberRanges neverDeliver, Duration deliveredDelay,
                          Duration displayedDelay, String eventsUrl, String eventsSecret, String clientId,
                          String clientSecret, Duration tokenTtl, NumberRanges failing, List<Features> features) {

        public static Options defaults() {
            return new Options("127.0.0.1", 0, NumberRanges.ALL, NumberRanges.NONE, Duration.ofMillis(50),
                    Duration.ofMillis(200), null, null, "rcsgw", "rcsgw-platform-secret", Duration.ofHours(1),
                    NumberRanges.NONE, List.of());
        }

        /** Numbers whose messages the platform reports as failed instead of delivered. */
        public Options withFailing(NumberRanges r) {
            return new Options(host, port, capable, neverDeliver, deliveredDelay, displayedDelay, eventsUrl, eventsSecret,
                    clientId, clientSecret, tokenTtl, r, features);
        }

        /** Capable numbers whose handsets list only these capabilities (e.g. no carousel); the first entry that matches wins. */
        public Options withFeatures(List<Features> f) {
            return new Options(host, port, capable, neverDeliver, deliveredDelay, displayedDelay, eventsUrl, eventsSecret,
                    clientId, clientSecret, tokenTtl, failing, List.copyOf(f));
        }

        public Options withPort(int p) {
            return new Options(host, p, capable, neverDeliver, deliveredDelay, displayedDelay, eventsUrl, eventsSecret,
                    clientId, clientSecret, tokenTtl, failing, features);
        }

        public Options withCapable(NumberRanges r) {
            return new Options(host, port, r, neverDeliver, deliveredDelay, displayedDelay, eventsUrl, eventsSecret,
                    clientId, clientSecret, tokenTtl, failing, features);
        }

        public Options withNeverDeliver(NumberRanges r) {
            return new Options(host, port, capable, r, deliveredDelay, displayedDelay, eventsUrl, eventsSecret,
                    clientId, clientSecret, tokenTtl, failing, features);
        }

        public Options withDelays(Duration delivered, Duration displayed) {
            return new Options(host, port, capable, neverDeliver, delivered, displayed, eventsUrl, eventsSecret,
                    clientId, clientSecret, tokenTtl, failing, features);
        }

        public Options withEvents(String url, String secret) {
            return new Options(host, port, capable, neverDeliver, deliveredDelay, displayedDelay, url, secret,
                    clientId, clientSecret, tokenTtl, failing, features);
        }

        public Options withClient(String id, String secret) {
            return new Options(host, port, capable, neverDeliver, deliveredDelay, displayedDelay, eventsUrl, eventsSecret,
                    id, secret, tokenTtl, failing, features);
        }

        public Options withTokenTtl(Duration ttl) {
            return new Options(host, port, capable, neverDeliver, deliveredDelay, displayedDelay, eventsUrl, eventsSecret,
                    clientId, clientSecret, ttl, failing, features);
        }
    }

    /** The capabilities listed for numbers in {@code numbers}. */
    public record Features(NumberRanges numbers, List<String> capabilities) {
        public Features {
            capabilities = List.copyOf(capabilities);
        }
    }

    /** What a capable handset lists unless {@link Options#features()} says otherwise. */
    public static final List<String> FULL_FEATURES = List.of("chat", "fileTransfer", "richcard", "carousel",
            "chatbotCommunication");

    /** A message the simulator was sent: the bot, the number, and the RCSMessage as JSON. */
    public record Received(String botId, String msgId, String userContact, JsonNode rcsMessage) {
    }

    private final Options options;
    private final Server server;
    private final ServerConnector connector;
    private final HttpClient client = new HttpClient();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "rcs-sim-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<ScheduledFuture<?>>> pending = new ConcurrentHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final List<String> displayedReceipts = new CopyOnWriteArrayList<>();
    private final Map<String, String> displayedReceiptUsers = new ConcurrentHashMap<>();
    private final List<String> revoked = new CopyOnWriteArrayList<>();
    private final AtomicInteger capabilityQueries = new AtomicInteger();
    private final AtomicInteger typing = new AtomicInteger();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile String eventsUrl;
    private volatile String eventsSecret;
    private volatile int failStatus;
    private volatile long slowMillis;
    private volatile boolean failRevokes;

    private RcsPlatformSimulator(Options options) {
        this.options = options;
        this.eventsUrl = options.eventsUrl();
        this.eventsSecret = options.eventsSecret();
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("rcs-sim");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return RcsPlatformSimulator.this.handle(request, response, callback);
            }
        });
        client.setFollowRedirects(false);
        // events to the gateway: under load thousands are due at once; queue them rather than drop them
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(1_000_000);
    }

    public static RcsPlatformSimulator start(Options options) throws Exception {
        RcsPlatformSimulator s = new RcsPlatformSimulator(options);
        s.server.start();
        s.client.start();
        log.info("RCS platform simulator listening on {}:{}", options.host(), s.port());
        return s;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL the gateway's platform client is given. */
    public String baseUrl() {
        return "http://" + options.host() + ":" + port() + "/";
    }

    /** Where events go from now on ({@code {botId}} in the URL is replaced), signed with {@code secret}. */
    public void sendEventsTo(String url, String secret) {
        this.eventsSecret = secret;
        this.eventsUrl = url;
    }

    /** From now on every call (tokens too) is answered with this HTTP status; 0: behave normally. */
    public void failWith(int status) {
        failStatus = status;
    }

    /** From now on every call waits this long before it is answered. */
    public void slowDown(Duration d) {
        slowMillis = d.toMillis();
    }

    /** Every token issued so far stops working (as if the platform rotated its keys). */
    public void expireTokens() {
        tokens.clear();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int capabilityQueries() {
        return capabilityQueries.get();
    }

    public int typingNotifications() {
        return typing.get();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** msgIds of messages revoked before they were delivered. */
    public List<String> revoked() {
        return List.copyOf(revoked);
    }

    /** msgIds of the user's messages the bot marked displayed. */
    public List<String> displayedReceipts() {
        return List.copyOf(displayedReceipts);
    }

    /** The user a read receipt for {@code msgId} was addressed to, or null. */
    public String displayedReceiptUser(String msgId) {
        return displayedReceiptUsers.get(msgId);
    }

    /** The user sends the bot a text; returns the event's message id. */
    public String userSends(String botId, String userContact, String text) {
        String msgId = UUID.randomUUID().toString();
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("event", "message");
        e.putObject("RCSMessage").put("msgId", msgId).put("textMessage", text).put("timestamp", Instant.now().toString());
        e.putObject("messageContact").put("userContact", userContact);
        postEvent(botId, e);
        return msgId;
    }

    /** The user taps a suggested reply with this postback. */
    public void userResponds(String botId, String userContact, String displayText, String postback) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("event", "response");
        ObjectNode rcs = e.putObject("RCSMessage");
        rcs.put("msgId", UUID.randomUUID().toString());
        ObjectNode reply = rcs.putObject("suggestedResponse").putObject("response").putObject("reply");
        reply.put("displayText", displayText);
        reply.putObject("postback").put("data", postback);
        rcs.put("timestamp", Instant.now().toString());
        e.putObject("messageContact").put("userContact", userContact);
        postEvent(botId, e);
    }

    private boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (slowMillis > 0) {
            Thread.sleep(slowMillis);
        }
        if (failStatus != 0) {
            return answer(response, callback, failStatus, null);
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/oauth2/v1/token")) {
            return token(request, response, callback);
        }
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        Long expires = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        if (expires == null || expires < System.currentTimeMillis()) {
            return answer(response, callback, 401, null);
        }
        String[] parts = path.split("/");
        // /bot/v1/{botId}/...
        if (parts.length < 5 || !parts[1].equals("bot") || !parts[2].equals("v1")) {
            return answer(response, callback, 404, null);
        }
        String botId = parts[3];
        if (parts.length == 5 && parts[4].equals("contactCapabilities") && request.getMethod().equals("GET")) {
            capabilityQueries.incrementAndGet();
            String user = Request.extractQueryParameters(request).getValue("userContact");
            if (user == null || !options.capable().contains(user)) {
                return answer(response, callback, 404, null);
            }
            ObjectNode out = JSON.createObjectNode();
            var list = out.putArray("capabilities");
            featuresOf(user).forEach(list::add);
            return answer(response, callback, 200, out);
        }
        byte[] body = Content.Source.asByteArrayAsync(request, 1 << 20).get();
        JsonNode root = JSON.readTree(body);
        String user = root.path("messageContact").path("userContact").asText("");
        if (parts.length == 5 && parts[4].equals("messages") && request.getMethod().equals("POST")) {
            JsonNode rcs = root.path("RCSMessage");
            if (rcs.has("isTyping")) {
                typing.incrementAndGet();
                return answer(response, callback, 202, null);
            }
            if (!options.capable().contains(user)) {
                return answer(response, callback, 404, null);
            }
            String msgId = rcs.path("msgId").asText();
            received.add(new Received(botId, msgId, user, rcs));
            if (options.neverDeliver().contains(user)) {
                pending.put(botId + "/" + msgId, List.of()); // known, never delivered: revocable
            } else {
                schedule(botId, msgId, user);
            }
            return answer(response, callback, 202, null);
        }
        if (parts.length == 7 && parts[4].equals("messages") && parts[6].equals("status") && request.getMethod().equals("PUT")) {
            String msgId = parts[5];
            String status = root.path("RCSMessage").path("status").asText();
            if (status.equals("displayed")) {
                displayedReceipts.add(msgId);
                displayedReceiptUsers.put(msgId, root.path("messageContact").path("userContact").asText());
                return answer(response, callback, 200, null);
            }
            if (status.equals("cancelled")) {
                if (failRevokes) {
                    return answer(response, callback, 500, null);
                }
                String key = botId + "/" + msgId;
                if (delivered.contains(key)) {
                    return answer(response, callback, 409, null);
                }
                List<ScheduledFuture<?>> timers = pending.remove(key);
                if (timers == null) {
                    return answer(response, callback, 404, null);
                }
                timers.forEach(t -> t.cancel(false));
                revoked.add(msgId);
                return answer(response, callback, 200, null);
            }
        }
        return answer(response, callback, 400, null);
    }

    private List<String> featuresOf(String user) {
        for (Features f : options.features()) {
            if (f.numbers().contains(user)) {
                return f.capabilities();
            }
        }
        return FULL_FEATURES;
    }

    /** From now on revokes are answered 500 (true) or as usual (false). */
    public void failRevokes(boolean fail) {
        failRevokes = fail;
    }

    /** The platform reports a message it holds (e.g. for a number that is never delivered to) as delivered now. */
    public void deliverNow(String botId, String msgId, String userContact) {
        delivered.add(botId + "/" + msgId);
        postEvent(botId, status(msgId, userContact, "delivered"));
    }

    private void schedule(String botId, String msgId, String user) {
        if (options.failing().contains(user)) {
            timers.schedule(() -> {
                pending.remove(botId + "/" + msgId);
                postEvent(botId, status(msgId, user, "failed"));
            }, options.deliveredDelay().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        String key = botId + "/" + msgId;
        ScheduledFuture<?> d = timers.schedule(() -> {
            delivered.add(key);
            postEvent(botId, status(msgId, user, "delivered"));
        }, options.deliveredDelay().toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> r = timers.schedule(() -> {
            pending.remove(key);
            postEvent(botId, status(msgId, user, "displayed"));
        }, options.displayedDelay().toMillis(), TimeUnit.MILLISECONDS);
        pending.put(key, List.of(d, r));
    }

    private static ObjectNode status(String msgId, String user, String status) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("event", "messageStatus");
        e.putObject("RCSMessage").put("msgId", msgId).put("status", status).put("timestamp", Instant.now().toString());
        e.putObject("messageContact").put("userContact", user);
        return e;
    }

    /** POSTs an event, signed, retrying a few times while the gateway does not take it. */
    private void postEvent(String botId, ObjectNode event) {
        String url = eventsUrl;
        if (url == null) {
            log.warn("an RCS simulator event is dropped: no events URL yet");
            return;
        }
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
        post(url.replace("{botId}", botId), botId, body, 0);
    }

    private void post(String url, String botId, byte[] body, int attempt) {
        var req = client.newRequest(url).method(HttpMethod.POST).timeout(5, TimeUnit.SECONDS)
                .body(new BytesRequestContent("application/json", body));
        String secret = eventsSecret;
        if (secret != null) {
            long now = Instant.now().getEpochSecond();
            req.headers(h -> h.put(EventSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .put(EventSignature.SIGNATURE_HEADER, EventSignature.sign(secret, botId, now, body)));
        }
        req.send(result -> {
            int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
            if ((!result.isSucceeded() || status >= 500 || status == 0) && attempt < 5) {
                timers.schedule(() -> post(url, botId, body, attempt + 1), 200L << attempt, TimeUnit.MILLISECONDS);
            } else if (status / 100 != 2) {
                log.warn("the gateway did not take a platform event: {}", status != 0 ? "HTTP " + status
                        : String.valueOf(result.getFailure()));
            }
        });
    }

    private boolean token(Request request, Response response, Callback callback) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (options.clientId() + ":" + options.clientSecret()).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            return answer(response, callback, 401, null);
        }
        String token = UUID.randomUUID().toString();
        tokens.put(token, System.currentTimeMillis() + options.tokenTtl().toMillis());
        tokensIssued.incrementAndGet();
        ObjectNode out = JSON.createObjectNode();
        out.put("access_token", token);
        out.put("token_type", "Bearer");
        out.put("expires_in", options.tokenTtl().toSeconds());
        return answer(response, callback, 200, out);
    }

    private static boolean answer(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        if (body == null) {
            response.write(true, ByteBuffer.allocate(0), callback);
        } else {
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
        return true;
    }


    @Override
    public void close() {
        timers.shutdownNow();
        try {
            client.stop();
            server.stop();
        } catch (Exception e) {
            log.debug("stopping the RCS simulator: {}", e.toString());
        }
    }
}
