package io.rcsgw.rcs.platform.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.rcsgw.rcs.platform.Capability;
import io.rcsgw.rcs.platform.PlatformException;
import io.rcsgw.rcs.platform.PlatformObserver;
import io.rcsgw.rcs.platform.PlatformSettings;
import io.rcsgw.rcs.platform.RcsPlatform;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The RCS platform over HTTP (Jetty client, asynchronous). Each call passes a bulkhead (at most
 * N in flight, never queued) and a circuit breaker that counts unavailability only: timeouts,
 * I/O errors and 5xx open it, while a 4xx is the platform working as it should. The OAuth2
 * token is fetched once for all callers, renewed ahead of its expiry, and fetched anew when the
 * platform answers 401.
 */
public final class HttpRcsPlatform implements RcsPlatform {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE = 1 << 20;

    private final PlatformSettings settings;
    private final Clock clock;
    private final PlatformObserver observer;
    private final HttpClient client = new HttpClient();
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final String basicAuth;
    private Token token;
    private CompletableFuture<Token> tokenFetch;

    private record Token(String value, long expiresAt) {
    }

    private HttpRcsPlatform(PlatformSettings settings, Clock clock, PlatformObserver observer) {
        this.settings = settings;
        this.clock = clock;
        this.observer = observer;
        this.breaker = CircuitBreaker.of("rcs-platform", CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindow())
                .minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordException(e -> e instanceof PlatformException.Unavailable)
                .build());
        this.bulkhead = Bulkhead.of("rcs-platform", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls()).maxWaitDuration(Duration.ZERO).build());
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (settings.clientId() + ":" + settings.clientSecret()).getBytes(StandardCharsets.UTF_8));
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        client.setMaxConnectionsPerDestination(Math.max(8, settings.maxConcurrentCalls()));
        client.setConnectTimeout(settings.timeout().toMillis());
    }

    public static HttpRcsPlatform start(PlatformSettings settings, Clock clock, PlatformObserver observer) {
        HttpRcsPlatform p = new HttpRcsPlatform(settings, clock, observer);
        try {
            p.client.start();
            // a 401 is ours to handle (new token, one retry); Jetty's handler (added by start) refuses one without WWW-Authenticate
            p.client.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the RCS platform client", e);
        }
        return p;
    }

    @Override
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    private URI bot(String botId, String rest) {
        return settings.baseUrl().resolve("bot/v1/" + URLEncoder.encode(botId, StandardCharsets.UTF_8) + "/" + rest);
    }

    @Override
    public CompletableFuture<Capability> capabilities(String botId, String userContact) {
        URI uri = bot(botId, "contactCapabilities?userContact=" + URLEncoder.encode(userContact, StandardCharsets.UTF_8));
        return call("capabilities", t -> client.newRequest(uri).method(HttpMethod.GET).headers(h -> h.put(HttpHeader.AUTHORIZATION, t)))
                .thenApply(r -> {
                    if (r.getStatus() == 404) {
                        return Capability.NOT_CAPABLE; // MaaP: not an RCS user
                    }
                    expect2xx(r);
                    Set<String> features = new HashSet<>();
                    JsonNode body = readJson(r);
                    JsonNode list = body.get("capabilities");
                    if (list != null && list.isArray()) {
                        list.forEach(f -> features.add(f.asText()));
                    }
                    return new Capability(true, features);
                });
    }

    @Override
    public CompletableFuture<Void> send(String botId, String msgId, String userContact, String rcsMessage) {
        URI uri = bot(botId, "messages");
        String body = "{\"RCSMessage\":" + rcsMessage + ",\"messageContact\":{\"userContact\":" + quote(userContact) + "}}";
        return jsonCall("send", HttpMethod.POST, uri, body).thenAccept(HttpRcsPlatform::expect2xx);
    }

    @Override
    public CompletableFuture<Boolean> revoke(String botId, String msgId, String userContact) {
        URI uri = bot(botId, "messages/" + URLEncoder.encode(msgId, StandardCharsets.UTF_8) + "/status");
        String body = "{\"RCSMessage\":{\"status\":\"cancelled\"},\"messageContact\":{\"userContact\":" + quote(userContact) + "}}";
        return jsonCall("revoke", HttpMethod.PUT, uri, body).thenApply(r -> {
                    if (r.getStatus() == 404 || r.getStatus() == 409) {
                        return false; // already delivered, or unknown to the platform: too late to revoke
                    }
                    expect2xx(r);
                    return true;
                });
    }

    @Override
    public CompletableFuture<Void> isTyping(String botId, String userContact, boolean active) {
        URI uri = bot(botId, "messages");
        String body = "{\"RCSMessage\":{\"isTyping\":\"" + (active ? "active" : "idle") + "\"},\"messageContact\":{\"userContact\":"
                + quote(userContact) + "}}";
        return jsonCall("typing", HttpMethod.POST, uri, body).thenAccept(HttpRcsPlatform::expect2xx);
    }

    @Override
    public CompletableFuture<Void> displayed(String botId, String msgId, String userContact) {
        URI uri = bot(botId, "messages/" + URLEncoder.encode(msgId, StandardCharsets.UTF_8) + "/status");
        String body = "{\"RCSMessage\":{\"status\":\"displayed\"},\"messageContact\":{\"userContact\":" + quote(userContact) + "}}";
        return jsonCall("displayed", HttpMethod.PUT, uri, body).thenAccept(HttpRcsPlatform::expect2xx);
    }

    private CompletableFuture<ContentResponse> jsonCall(String operation, HttpMethod method, URI uri, String body) {
        return call(operation, t -> client.newRequest(uri).method(method).headers(h -> h.put(HttpHeader.AUTHORIZATION, t))
                .body(new StringRequestContent("application/json", body)));
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode readJson(ContentResponse r) {
        try {
            JsonNode n = JSON.readTree(r.getContent());
            return n == null ? JSON.createObjectNode() : n;
        } catch (Exception e) {
            throw new PlatformException.Unavailable("bad-response", "the platform answered with invalid JSON", e);
        }
    }

    private static void expect2xx(ContentResponse r) {
        if (r.getStatus() / 100 != 2) {
            throw new PlatformException.Rejected(r.getStatus(), "the platform refused the request: HTTP " + r.getStatus());
        }
    }

    /**
     * One guarded call: bulkhead, breaker, token, timeout; 5xx and transport failures come back as
     * {@link PlatformException.Unavailable}, other statuses as the response.
     */
    private CompletableFuture<ContentResponse> call(String operation, Function<String, Request> request) {
        if (!bulkhead.tryAcquirePermission()) {
            observer.call(operation, "bulkhead-full", 0);
            return CompletableFuture.failedFuture(new PlatformException.Unavailable("bulkhead-full",
                    "too many platform calls in flight", null));
        }
        if (!breaker.tryAcquirePermission()) {
            bulkhead.onComplete();
            observer.call(operation, "breaker-open", 0);
            return CompletableFuture.failedFuture(new PlatformException.Unavailable("breaker-open",
                    "the platform circuit breaker is open", null));
        }
        long start = System.nanoTime();
        CompletableFuture<ContentResponse> out = token(false)
                .thenCompose(t -> send(request.apply(t)))
                .thenCompose(r -> r.getStatus() != 401 ? CompletableFuture.completedFuture(r)
                        // the platform no longer takes our token (revoked, rotated): one more try with a new one
                        : token(true).thenCompose(t -> send(request.apply(t))))
                .handle((r, e) -> {
                    long nanos = System.nanoTime() - start;
                    bulkhead.onComplete();
                    PlatformException failure = null;
                    if (e != null) {
                        failure = classify(e);
                    } else if (r.getStatus() >= 500 || r.getStatus() == 429) {
                        failure = new PlatformException.Unavailable("http-" + r.getStatus(), "the platform answered HTTP " + r.getStatus(), null);
                    } else if (r.getStatus() == 401) {
                        failure = new PlatformException.Unavailable("token", "the platform refused a fresh token", null);
                    }
                    if (failure instanceof PlatformException.Unavailable) {
                        breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
                    } else {
                        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    }
                    observer.call(operation, failure == null ? "ok" : failure.reason(), nanos / 1e9);
                    if (failure != null) {
                        throw new CompletionException(failure);
                    }
                    return r;
                });
        return out;
    }

    private CompletableFuture<ContentResponse> send(Request request) {
        request.timeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return new CompletableResponseListener(request, MAX_RESPONSE).send();
    }

    private static PlatformException classify(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof PlatformException p) {
            return p;
        }
        if (c instanceof TimeoutException) {
            return new PlatformException.Unavailable("timeout", "no answer from the platform in time", c);
        }
        return new PlatformException.Unavailable("io", "platform call failed: " + c, c);
    }

    /** "Bearer ..." for the current token; {@code renew}: the platform refused the one we had. */
    private CompletableFuture<String> token(boolean renew) {
        synchronized (this) {
            long now = clock.millis();
            if (renew) {
                token = null;
            }
            if (token != null && now < token.expiresAt() - settings.tokenRefreshAhead().toMillis()) {
                return CompletableFuture.completedFuture("Bearer " + token.value());
            }
            if (tokenFetch == null || tokenFetch.isDone()) {
                tokenFetch = fetchToken();
            }
            return tokenFetch.thenApply(t -> "Bearer " + t.value());
        }
    }

    private CompletableFuture<Token> fetchToken() {
        Request r = client.newRequest(settings.tokenUrl()).method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, basicAuth))
                .body(new StringRequestContent("application/x-www-form-urlencoded", "grant_type=client_credentials"));
        return send(r).handle((resp, e) -> {
            if (e != null) {
                throw new CompletionException(new PlatformException.Unavailable("token", "no platform token: " + classify(e).getMessage(), e));
            }
            if (resp.getStatus() != 200) {
                throw new CompletionException(new PlatformException.Unavailable("token",
                        "the platform's token endpoint answered HTTP " + resp.getStatus(), null));
            }
            JsonNode body = readJson(resp);
            String value = body.path("access_token").asText("");
            if (value.isEmpty()) {
                throw new CompletionException(new PlatformException.Unavailable("token", "the token answer has no access_token", null));
            }
            long ttl = body.path("expires_in").asLong(3600);
            Token t = new Token(value, clock.millis() + ttl * 1000);
            synchronized (this) {
                token = t;
            }
            return t;
        });
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
