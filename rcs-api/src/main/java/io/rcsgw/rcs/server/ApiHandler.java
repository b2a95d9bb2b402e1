package io.rcsgw.rcs.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.rcs.api.AcceptResult;
import io.rcsgw.rcs.api.FileService;
import io.rcsgw.rcs.api.MessagingService;
import io.rcsgw.rcs.api.PlatformEventSink;
import io.rcsgw.rcs.auth.AccessTokens;
import io.rcsgw.rcs.auth.AuthThrottle;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Routes the northbound MaaP-style API on Jetty's core handler API (no servlets): the token
 * endpoint, send message (and isTyping), message status (read; revoke and read receipts),
 * contact capabilities (one or in bulk), files (upload, show, delete), and the RCS platform's events endpoint. Sending completes asynchronously when the
 * gateway has stored the message, so no request thread waits on the store.
 */
final class ApiHandler extends Handler.Abstract.NonBlocking {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final RcsApiConfig config;
    private final MessagingService service;
    private final ClientAuth auth;
    private final ObjectMapper json;
    private final ObjectMapper strict;
    private final MessageRequestParser parser;
    private final PlatformEventsHandler events;
    /** Null when the files API is off. */
    private final FilesHandler files;
    private final BillingRoutes billing;
    private final CapabilityRoutes capabilities;
    private final StatusRoutes status;
    private final List<Route> routes;

    ApiHandler(RcsApiConfig config, MessagingService service, PlatformEventSink sink, AccessTokens tokens, ObjectMapper json,
               AuthThrottle throttle, ApiObserver observer, java.time.Clock clock, FileService fileService) {
        this.config = config;
        this.service = service;
        this.json = json;
        this.auth = new ClientAuth(config.bots(), tokens, throttle, observer, json, this);
        this.strict = JsonInput.strict(json);
        this.parser = new MessageRequestParser(json, config.limits());
        this.events = sink == null || config.eventsAuth() == null ? null
                : new PlatformEventsHandler(config.eventsAuth(), sink, json, config.maxBodyBytes(), this, auth, clock);
        this.files = fileService == null ? null : new FilesHandler(fileService, json, this);
        this.billing = new BillingRoutes(service, json, this);
        this.capabilities = new CapabilityRoutes(service, json, this);
        this.status = new StatusRoutes(service, json, this);
        this.routes = buildRoutes();
    }

    /** What a route does with the request and the path's variables, in template order. */
    private interface Action {
        boolean run(Request request, Response response, Callback callback, String[] vars);
    }

    /** One served route: method and path template ({@code {name}} matches one non-empty segment). */
    record Route(String method, String template, Action action) {
        String[] match(String[] segments) {
            String[] t = template.substring(1).split("/", -1);
            if (t.length != segments.length) {
                return null;
            }
            String[] vars = new String[t.length];
            int n = 0;
            for (int i = 0; i < t.length; i++) {
                if (t[i].startsWith("{")) {
                    if (segments[i].isEmpty()) {
                        return null;
                    }
                    vars[n++] = segments[i];
                } else if (!t[i].equals(segments[i])) {
                    return null;
                }
            }
            return java.util.Arrays.copyOf(vars, n);
        }
    }

    /** Every route the API serves; {@code openapi.yaml} documents each one (a test holds them to it). */
    private List<Route> buildRoutes() {
        return List.of(
            new Route("POST", "/oauth2/v1/token", (rq, rs, cb, v) -> auth.token(rq, rs, cb)),
            new Route("POST", "/rcs/bot/v1/{botId}/messages",
                    (rq, rs, cb, v) -> withBot(rq, rs, cb, v[0], bot -> send(rq, rs, cb, bot))),
            new Route("POST", "/rcs/bot/v1/{botId}/quote",
                    (rq, rs, cb, v) -> withBot(rq, rs, cb, v[0], bot -> billing.quote(rq, rs, cb, bot))),
            new Route("GET", "/rcs/bot/v1/{botId}/usage",
                    (rq, rs, cb, v) -> withBot(rq, rs, cb, v[0], bot -> billing.usage(rq, rs, cb, bot))),
            new Route("GET", "/rcs/bot/v1/{botId}/messages/{msgId}/status",
                    blocking((rq, rs, cb, v) -> withBot(rq, rs, cb, v[0], bot -> status.read(rs, cb, bot, v[1])))),
            new Route("PUT", "/rcs/bot/v1/{botId}/messages/{msgId}/status",
                    (rq, rs, cb, v) -> withBot(rq, rs, cb, v[0], bot -> status.update(rq, rs, cb, bot, v[1]))),
            new Route("GET", "/rcs/bot/v1/{botId}/contactCapabilities",
                    blocking((rq, rs, cb, v) -> withBot(rq, rs, cb, v[0], bot -> capabilities.one(rq, rs, cb, bot)))),
            new Route("POST", "/rcs/bot/v1/{botId}/contactCapabilities",
                    (rq, rs, cb, v) -> withBot(rq, rs, cb, v[0], bot -> capabilities.many(rq, rs, cb, bot))),
            new Route("POST", "/rcs/bot/v1/{botId}/files",
                    (rq, rs, cb, v) -> withFiles(rq, rs, cb, v[0], bot -> files.upload(rq, rs, cb, bot))),
            new Route("GET", "/rcs/bot/v1/{botId}/files/{fileId}",
                    blocking((rq, rs, cb, v) -> withFiles(rq, rs, cb, v[0], bot -> files.get(rs, cb, bot, v[1])))),
            new Route("DELETE", "/rcs/bot/v1/{botId}/files/{fileId}",
                    (rq, rs, cb, v) -> withFiles(rq, rs, cb, v[0], bot -> files.delete(rs, cb, bot, v[1]))),
            new Route("POST", "/rcs/platform/v1/{botId}/events", (rq, rs, cb, v) -> events == null || !config.bots().containsKey(v[0])
                    ? problem(rs, cb, Problem.notFound("no such resource: " + Request.getPathInContext(rq)))
                    : events.handle(rq, rs, cb, v[0])));
    }

    /**
     * An action that looks something up in the store as it runs (a message's status, a chatId, a
     * file): run on a pool thread. This handler is declared non-blocking, so Jetty may call it on
     * the selector thread, where one query would hold up every connection.
     */
    private Action blocking(Action action) {
        return (rq, rs, cb, v) -> {
            onPool(rq, rs, cb, () -> action.run(rq, rs, cb, v));
            return true;
        };
    }

    /** Runs {@code work} on a pool thread; what it throws is answered as the handler answers it. */
    private void onPool(Request request, Response response, Callback callback, Runnable work) {
        request.getComponents().getExecutor().execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                unexpected(request, response, callback, e);
            }
        });
    }

    /** "METHOD /template" of every route served. */
    List<String> routes() {
        return routes.stream().map(r -> r.method() + " " + r.template()).toList();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        try {
            // each segment is percent-decoded once, here: a msgId reads the same wherever it is compared
            String[] segments = PathSegments.decode(path);
            if (segments == null) {
                return problem(response, callback, Problem.of("bad-path", "The path is not valid", 400,
                        "a path segment has a bad percent escape or is not UTF-8", null));
            }
            List<String> allowed = new java.util.ArrayList<>();
            for (Route r : routes) {
                String[] vars = r.match(segments);
                if (vars == null) {
                    continue;
                }
                if (r.method().equals(method)) {
                    return r.action().run(request, response, callback, vars);
                }
                allowed.add(r.method());
            }
            if (!allowed.isEmpty()) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
                return problem(response, callback, Problem.methodNotAllowed(method));
            }
            return problem(response, callback, Problem.notFound("no such resource"));
        } catch (RuntimeException e) {
            return unexpected(request, response, callback, e);
        }
    }

    /** What a route threw: the client's error when Jetty refused part of the request as it was read, else a 500. */
    private boolean unexpected(Request request, Response response, Callback callback, RuntimeException e) {
        if (e instanceof org.eclipse.jetty.http.HttpException h && h.getCode() < 500) {
            // a bad query, say, found only when a route reads it
            return problem(response, callback, Problem.of("bad-request", "The request is not valid", h.getCode(),
                    "the request could not be read", null));
        }
        return internalError(request, response, callback, e);
    }

    /** A 500 for what no route expected; logged with the path (not the query, which may carry a number). */
    private boolean internalError(Request request, Response response, Callback callback, RuntimeException e) {
        log.error("unexpected error on {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
        return problem(response, callback, Problem.of("internal", "Internal error", 500, "unexpected error", null));
    }

    private interface BotAction {
        boolean run(String botId) throws RuntimeException;
    }

    private boolean withBot(Request request, Response response, Callback callback, String pathBot, BotAction action) {
        Optional<String> bot = auth.bot(request, response, callback);
        if (bot.isEmpty()) {
            return true;
        }
        if (!bot.get().equals(pathBot)) {
            return problem(response, callback, Problem.notFound("no such bot"));
        }
        return action.run(bot.get());
    }

    private boolean withFiles(Request request, Response response, Callback callback, String pathBot, BotAction action) {
        return withBot(request, response, callback, pathBot, bot -> files == null
                ? problem(response, callback, Problem.notFound("the files API is not enabled on this gateway"))
                : action.run(bot));
    }

    /** Reads and parses a message body (as a send or a quote takes it), answering the problem itself when it is not one. */
    boolean readMessage(Request request, Response response, Callback callback, String botId,
                                java.util.function.Consumer<MessageRequestParser.Parsed> then) {
        long length = request.getLength();
        if (length > config.maxBodyBytes()) {
            return problem(response, callback, Problem.bodyTooLarge(config.maxBodyBytes()));
        }
        if (!isJson(request)) {
            return refuseMediaType(request, response, callback, config.maxBodyBytes());
        }
        BodyReader.read(request, config.maxBodyBytes()).whenComplete((body, error) -> {
            if (error != null) {
                problem(response, callback, BodyReader.problem(error, config.maxBodyBytes()));
                return;
            }
            if (body.length > config.limits().maxMessageBytes()) {
                problem(response, callback, Problem.tooLong("RCSMessage", "the message is " + body.length
                        + " bytes, at most " + config.limits().maxMessageBytes() + " are allowed"));
                return;
            }
            // a chatId is looked up in the store: not on this thread, which may be the selector
            boolean[] needsLookup = {false};
            MessageRequestParser.Parsed parsed = parser.parse(body, chatId -> {
                needsLookup[0] = true;
                return Optional.empty();
            });
            if (needsLookup[0]) {
                onPool(request, response, callback, () -> answerParsed(response, callback,
                        parser.parse(body, chatId -> service.userOf(botId, chatId)), then));
                return;
            }
            answerParsed(response, callback, parsed, then);
        });
        return true;
    }

    private void answerParsed(Response response, Callback callback, MessageRequestParser.Parsed parsed,
                              java.util.function.Consumer<MessageRequestParser.Parsed> then) {
        if (parsed.problem() != null) {
            problem(response, callback, parsed.problem());
        } else {
            then.accept(parsed);
        }
    }

    private boolean send(Request request, Response response, Callback callback, String botId) {
        return readMessage(request, response, callback, botId, parsed -> {
            if (parsed.typingTo() != null) {
                service.isTyping(botId, parsed.typingTo(), parsed.typingActive()).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        problem(response, callback, unavailable(failure));
                    } else {
                        // SDKs read a JSON body on every 2xx
                        ObjectNode out = json.createObjectNode();
                        out.putObject("RCSMessage").put("isTyping", parsed.typingActive() ? "active" : "idle")
                                .put("status", "sent");
                        write(response, callback, 202, JSON, out);
                    }
                });
                return;
            }
            service.accept(botId, parsed.message()).whenComplete((result, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    log.warn("message for bot {} not accepted: {}", botId, cause.toString());
                    problem(response, callback, Problem.unavailable("the message could not be stored; retry with the same msgId"));
                    return;
                }
                if (result instanceof AcceptResult.Accepted a) {
                    ObjectNode out = json.createObjectNode();
                    out.putObject("RCSMessage").put("msgId", a.msgId()).put("status", "pending");
                    write(response, callback, 202, JSON, out);
                } else if (result instanceof AcceptResult.Conflict c) {
                    problem(response, callback, Problem.conflict(c.msgId()));
                } else if (result instanceof AcceptResult.Refused r) {
                    problem(response, callback, r.tooLong() ? Problem.tooLong(r.field(), r.detail())
                            : Problem.refusedByRule(r.field(), r.detail()));
                } else if (result instanceof AcceptResult.Invalid i) {
                    problem(response, callback, Problem.invalidField(i.field(), i.detail()));
                } else if (result instanceof AcceptResult.PaymentRequired pr) {
                    // problem+json with the shortfall as its own members, so a client need not parse the detail
                    ObjectNode body = json.valueToTree(Problem.of("insufficient-credit", "Insufficient credit", 402,
                            "the message may cost " + pr.needed() + " " + pr.currency() + " and " + pr.available() + " "
                                    + pr.currency() + " of credit is left: " + pr.shortfall() + " short", null));
                    body.put("needed", pr.needed()).put("available", pr.available()).put("shortfall", pr.shortfall())
                            .put("currency", pr.currency());
                    write(response, callback, 402, PROBLEM_JSON, body);
                } else if (result instanceof AcceptResult.Busy b) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, b.retryAfterSeconds());
                    problem(response, callback, Problem.overloaded(b.detail()));
                }
            });
        });
    }

    /** {@code application/json}, in UTF-8 (no charset parameter, or utf-8). */
    static boolean isJson(Request request) {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        String[] parts = type.toLowerCase(java.util.Locale.ROOT).split(";");
        if (!parts[0].trim().equals(JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) {
                return false;
            }
        }
        return true;
    }

    /**
     * 415, once the body is read (it is no larger than the limit): answered before, the connection
     * would close under a client that sends its next request on it.
     */
    private boolean refuseMediaType(Request request, Response response, Callback callback, int limit) {
        BodyReader.read(request, limit).whenComplete((body, error) -> problem(response, callback,
                Problem.unsupportedMediaType()));
        return true;
    }

    /** Reads a small JSON body (at most {@code limit} bytes) and hands it on; a bad one is answered here. */
    void readJson(Request request, Response response, Callback callback, int limit,
                          java.util.function.Consumer<JsonNode> then) {
        if (!isJson(request)) {
            refuseMediaType(request, response, callback, limit);
            return;
        }
        BodyReader.read(request, limit).whenComplete((body, error) -> {
            if (error != null) {
                problem(response, callback, BodyReader.problem(error, limit));
                return;
            }
            JsonNode root;
            try {
                root = JsonInput.read(strict, body);
            } catch (RichMessageReader.Invalid e) {
                problem(response, callback, e.problem);
                return;
            }
            then.accept(root);
        });
    }

    static Problem unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof io.rcsgw.rcs.platform.PlatformException p) {
            return Problem.unavailable("the RCS platform is unavailable (" + p.reason() + ")");
        }
        log.warn("request failed: {}", cause.toString());
        return Problem.unavailable("the request could not be completed; retry");
    }

    boolean problem(Response response, Callback callback, Problem p) {
        write(response, callback, p.status(), PROBLEM_JSON, p);
        return true;
    }

    void write(Response response, Callback callback, int status, String contentType, Object body) {
        if (body == null) {
            response.setStatus(status);
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (Exception e) {
            Response.writeError(null, response, callback, 500);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
