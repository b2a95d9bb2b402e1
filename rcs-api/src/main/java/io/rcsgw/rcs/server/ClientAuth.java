package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.auth.AccessTokens;
import io.rcsgw.rcs.auth.AuthThrottle;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Who a request comes from: the OAuth2 token endpoint (client credentials, RFC 6749 4.4, errors
 * in its 5.2 shape) and the Bearer token of every bot route (RFC 6750). Failures are counted
 * per client id and per source address ({@link AuthThrottle}); past the limit, 429 with
 * Retry-After. Failures are logged at WARN with the client (a configured bot id, else "an unknown
 * client") and the address, never the secret or token.
 */
final class ClientAuth {

    private static final Logger log = LoggerFactory.getLogger(ClientAuth.class);

    private final Map<String, String> secrets;
    private final AccessTokens tokens;
    private final AuthThrottle throttle;
    private final ApiObserver observer;
    private final ObjectMapper json;
    private final ApiHandler out;

    ClientAuth(Map<String, String> secrets, AccessTokens tokens, AuthThrottle throttle, ApiObserver observer, ObjectMapper json,
               ApiHandler out) {
        this.secrets = secrets;
        this.tokens = tokens;
        this.throttle = throttle;
        this.observer = observer;
        this.json = json;
        this.out = out;
    }

    /** The bot the request's Bearer token is for; empty when the answer (401, 429) has been written. */
    Optional<String> bot(Request request, Response response, Callback callback) {
        String address = address(request);
        if (throttled(address, response, callback)) {
            return Optional.empty();
        }
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"rcsgw\"");
            out.problem(response, callback, Problem.unauthorized("a Bearer token is required"));
            return Optional.empty();
        }
        Optional<String> bot = tokens.verify(auth.substring(7).trim());
        if (bot.isEmpty()) {
            failed(null, address, "bad-token");
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE,
                    "Bearer realm=\"rcsgw\", error=\"invalid_token\", error_description=\"the token is invalid or expired\"");
            out.problem(response, callback, Problem.unauthorized("the token is invalid or expired"));
        }
        return bot;
    }

    /** POST /oauth2/v1/token: HTTP Basic client authentication and a form with grant_type=client_credentials. */
    boolean token(Request request, Response response, Callback callback) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String clientId = null;
        String secret = null;
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    clientId = decoded.substring(0, colon);
                    secret = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException ignored) {
                // falls through to 401
            }
        }
        String address = address(request);
        long wait = throttle.retryAfterSeconds(clientId, address);
        if (wait > 0) {
            observer.authThrottled(throttle.retryAfterSeconds(null, address) > 0 ? "address" : "client");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
            return oauthError(response, callback, 429, "temporarily_unavailable",
                    "too many failed attempts; try again in " + wait + " s");
        }
        if (clientId == null || !AccessTokens.secretMatches(secrets.get(clientId), secret)) {
            failed(clientId, address, "bad-secret");
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"rcsgw\"");
            return oauthError(response, callback, 401, "invalid_client", "client authentication failed");
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return oauthError(response, callback, 400, "invalid_request", "send application/x-www-form-urlencoded");
        }
        String bot = clientId;
        BodyReader.read(request, 4096).whenComplete((body, error) -> {
            Map<String, String> form = error == null ? FormBody.parse(body) : null;
            if (form == null) {
                oauthError(response, callback, 400, "invalid_request", "the body is not a form, or a parameter is repeated");
                return;
            }
            String grant = form.get("grant_type");
            if (grant == null) {
                oauthError(response, callback, 400, "invalid_request", "grant_type is required");
                return;
            }
            if (!grant.equals("client_credentials")) {
                oauthError(response, callback, 400, "unsupported_grant_type", "only client_credentials is supported");
                return;
            }
            ObjectNode answer = json.createObjectNode();
            answer.put("access_token", tokens.issue(bot));
            answer.put("token_type", "Bearer");
            answer.put("expires_in", tokens.ttl().toSeconds());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
            out.write(response, callback, 200, "application/json", answer);
        });
        return true;
    }

    /** True (and 429 written) when the address failed too often lately. */
    boolean throttled(String address, Response response, Callback callback) {
        long wait = throttle.retryAfterSeconds(null, address);
        if (wait == 0) {
            return false;
        }
        observer.authThrottled("address");
        response.getHeaders().put(HttpHeader.RETRY_AFTER, wait);
        out.problem(response, callback, tooMany(wait));
        return true;
    }

    /** Counts and logs a failed authentication; {@code clientId} is what the request named, if anything. */
    void failed(String clientId, String address, String reason) {
        String client = clientId != null && secrets.containsKey(clientId) ? clientId : "unknown";
        observer.authFailed(client, reason);
        AuthThrottle.Outcome outcome = throttle.failed(clientId, address);
        String who = client.equals("unknown") ? "an unknown client" : "client " + client;
        switch (outcome) {
            case COUNTED -> log.warn("authentication failed ({}) for {} from {}", reason, who, address);
            case CLIENT_LOCKED -> log.warn("authentication failed ({}) for {} from {}: too many failures, its attempts are "
                    + "refused for the rest of the window", reason, who, address);
            case ADDRESS_LOCKED -> log.warn("authentication failed ({}) for {} from {}: too many failures from this address, "
                    + "its attempts are refused for the rest of the window", reason, who, address);
        }
    }

    /** The client's IP address (a proxy's header is not trusted: anyone may send one). */
    static String address(Request request) {
        SocketAddress a = request.getConnectionMetaData().getRemoteSocketAddress();
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(a);
    }

    private static Problem tooMany(long wait) {
        return Problem.of("too-many-failures", "Too many failed authentications", 429,
                "too many failed attempts from this address; try again in " + wait + " s", null);
    }

    private boolean oauthError(Response response, Callback callback, int status, String error, String description) {
        ObjectNode body = json.createObjectNode();
        body.put("error", error);
        body.put("error_description", description);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        out.write(response, callback, status, "application/json", body);
        return true;
    }
}
