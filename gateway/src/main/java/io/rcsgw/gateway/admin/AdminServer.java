package io.rcsgw.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rcsgw.gateway.LocalHttpServer;
import io.rcsgw.gateway.RulesReloader;
import io.rcsgw.gateway.config.ConfigException;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoredMessage;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.receipt.MessageIdKey;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import io.rcsgw.rcs.platform.CapabilityCache;
import io.rcsgw.rcs.platform.RcsPlatform;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's API, on its own port behind its own bearer token:
 * <ul>
 *   <li>{@code GET /admin/links}: each link (bind) with its SMSC, state and counters;</li>
 *   <li>{@code POST /admin/links/{name}/disable} and {@code .../enable}: take a link out of service or back;</li>
 *   <li>{@code GET /admin/config}: the running configuration, secrets redacted;</li>
 *   <li>{@code GET /admin/messages/{botId}/{msgId}}: a message as stored, with parts and SMSC ids;</li>
 *   <li>{@code GET /admin/messages?smsc=NAME&smscMessageId=ID}: the message an SMSC id belongs to;</li>
 *   <li>{@code GET /admin/rcs}: the RCS platform's circuit breaker and the capability cache;</li>
 *   <li>{@code POST /admin/rcs/breaker/open}, {@code .../close}: force every message to SMS (e.g. for
 *       platform maintenance), or close the breaker again (it then opens and closes by itself);</li>
 *   <li>{@code GET /admin/esmes}: the SMPP server's accounts and binds; {@code POST /admin/esmes/{systemId}/disconnect}
 *       ends an account's binds, {@code .../disable} ends them and refuses new ones until {@code .../enable};</li>
 *   <li>{@code GET /admin/nodes}: the cluster's nodes, their leases, the singletons each runs and its links (another
 *   node's as of its last renewal).</li>
 *   <li>{@code GET|POST /admin/bots/{botId}/credit}: a prepaid bot's credit, and its top-up.</li>
 *   <li>{@code POST /admin/rules/reload}: read the configuration file again and apply its rules (tariffs,
 *       SMS routes); the answer names the sections that changed but need a restart.</li>
 * </ul>
 */
public final class AdminServer implements AutoCloseable {


    private final Server server;
    private final byte[] token;
    private final List<SmscLink> links;
    private final Map<String, String> smscByLink;
    private final MessageStore store;
    /** What runs, secrets redacted; replaced when the rules are reloaded. */
    private volatile JsonNode config;
    private final RulesReloader reloader;
    private final ObjectMapper json;
    private final RcsPlatform platform;
    private final CapabilityCache capabilities;

    /**
     * @param config the running configuration as JSON; secrets are redacted here
     * @param platform the RCS platform client and its capability cache; null when RCS is off
     * @param reloader applies the rules of the configuration file again; null when the gateway has no file
     */
    /** Null when no SMPP server runs. */
    private final io.rcsgw.smpp.server.SmppServer esmes;
    private final CreditAdmin credit;
    /** Null unless cluster.enabled. */
    private final io.rcsgw.gateway.cluster.ClusterNode cluster;

    public AdminServer(String host, int port, String token, List<SmscLink> links, Map<String, String> smscByLink,
                       MessageStore store, JsonNode config, ObjectMapper json, RcsPlatform platform,
                       CapabilityCache capabilities, RulesReloader reloader, io.rcsgw.rcs.server.HttpLimits limits,
                       io.rcsgw.smpp.server.SmppServer esmes, io.rcsgw.gateway.delivery.Credit credit,
                       java.util.function.Function<String, String> currencyOf,
                       io.rcsgw.gateway.cluster.ClusterNode cluster) {
        this.cluster = cluster;
        this.esmes = esmes;
        this.credit = new CreditAdmin(credit, currencyOf, json, new CreditAdmin.Replies() {
            @Override
            public void send(Response response, Callback callback, int status, JsonNode body) {
                AdminServer.this.send(response, callback, status, body);
            }

            @Override
            public void problem(Response response, Callback callback, int status, String type, String detail) {
                AdminServer.this.problem(response, callback, status, type, detail);
            }
        });
        this.reloader = reloader;
        this.platform = platform;
        this.capabilities = capabilities;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.links = List.copyOf(links);
        this.smscByLink = Map.copyOf(smscByLink);
        this.store = store;
        this.config = ConfigRedaction.redact(config.deepCopy());
        this.json = json;
        server = LocalHttpServer.create("admin", host, port, 8, limits, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                route(request, response, callback);
                return true;
            }
        });
    }

    public AdminServer start() throws Exception {
        server.start();
        return this;
    }

    public int port() {
        return LocalHttpServer.port(server);
    }

    private void route(Request request, Response response, Callback callback) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)
                || !MessageDigest.isEqual(auth.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"rcsgw-admin\"");
            problem(response, callback, 401, "unauthorized", "the admin token is missing or wrong");
            return;
        }
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        String[] p = path.split("/", -1); // "", "admin", ...
        try {
            if (method.equals("GET") && path.equals("/admin/links")) {
                send(response, callback, 200, links());
            } else if (method.equals("POST") && p.length == 5 && p[2].equals("links")
                    && (p[4].equals("enable") || p[4].equals("disable"))) {
                Optional<SmscLink> link = links.stream().filter(l -> l.name().equals(p[3])).findFirst();
                if (link.isEmpty()) {
                    problem(response, callback, 404, "not-found", "no link " + p[3]);
                    return;
                }
                link.get().setEnabled(p[4].equals("enable"));
                send(response, callback, 200, LinkReports.detail(link.get(), smscByLink, json));
            } else if (method.equals("GET") && path.equals("/admin/config")) {
                send(response, callback, 200, config);
            } else if (method.equals("GET") && p.length == 5 && p[2].equals("messages")) {
                Optional<StoredMessage> m = store.find(new MessageKey(p[3], p[4]), true);
                found(response, callback, m, "no message " + p[4] + " of bot " + p[3]);
            } else if (method.equals("GET") && path.equals("/admin/messages")) {
                Fields q = Request.extractQueryParameters(request);
                String smsc = q.getValue("smsc");
                String id = q.getValue("smscMessageId");
                if (smsc == null || id == null) {
                    problem(response, callback, 400, "invalid-query", "smsc and smscMessageId are required");
                    return;
                }
                Optional<StoredMessage> m = store.findPart(smsc + "/" + MessageIdKey.canonical(id))
                        .flatMap(part -> store.findById(part.id()));
                found(response, callback, m, "no message with SMSC id " + id + " at " + smsc);
            } else if (method.equals("GET") && path.equals("/admin/rcs")) {
                send(response, callback, 200, rcs());
            } else if (method.equals("POST") && p.length == 5 && p[2].equals("rcs") && p[3].equals("breaker")
                    && (p[4].equals("open") || p[4].equals("close"))) {
                if (platform == null) {
                    problem(response, callback, 409, "rcs-off", "no RCS platform is configured");
                    return;
                }
                if (p[4].equals("open")) {
                    platform.circuitBreaker().transitionToForcedOpenState();
                } else {
                    platform.circuitBreaker().transitionToClosedState();
                }
                send(response, callback, 200, rcs());
            } else if (method.equals("GET") && path.equals("/admin/esmes")) {
                send(response, callback, 200, esmes());
            } else if (method.equals("POST") && p.length == 5 && p[2].equals("esmes")
                    && (p[4].equals("disconnect") || p[4].equals("enable") || p[4].equals("disable"))) {
                if (esmes == null || !esmes.accounts().containsKey(p[3])) {
                    problem(response, callback, 404, "not-found", "no ESME account " + p[3]);
                    return;
                }
                if (p[4].equals("disconnect")) {
                    int n = esmes.disconnect(p[3]);
                    send(response, callback, 200, json.createObjectNode().put("systemId", p[3]).put("disconnected", n));
                    return;
                }
                esmes.setEnabled(p[3], p[4].equals("enable"));
                send(response, callback, 200, esmes());
            } else if (method.equals("GET") && path.equals("/admin/nodes")) {
                send(response, callback, 200, nodes());
            } else if (p.length == 5 && p[2].equals("bots") && p[4].equals("credit")) {
                credit.handle(method, p[3], request, response, callback);
            } else if (method.equals("POST") && path.equals("/admin/rules/reload")) {
                reload(response, callback);
            } else {
                problem(response, callback, 404, "not-found", "no such resource: " + method + " " + path);
            }
        } catch (RuntimeException e) {
            if (e instanceof org.eclipse.jetty.http.HttpException h && h.getCode() < 500) {
                problem(response, callback, h.getCode(), "bad-request", "the request could not be read (a bad query?)");
            } else {
                org.slf4j.LoggerFactory.getLogger(AdminServer.class).error("unexpected error on {} {}", method, path, e);
                problem(response, callback, 500, "internal", "unexpected error");
            }
        }
    }

    /** The cluster's nodes with their leases and the singletons each runs; this node alone without a cluster. */
    private JsonNode nodes() {
        ObjectNode out = json.createObjectNode();
        out.put("cluster", cluster != null);
        var list = out.putArray("nodes");
        if (cluster == null) {
            list.addObject().put("self", true);
            return out;
        }
        Map<String, Long> owned = store.openByOwner();
        for (io.rcsgw.gateway.cluster.ClusterNode.Node n : cluster.nodes()) {
            boolean self = n.id().equals(cluster.nodeId());
            ObjectNode o = list.addObject().put("id", n.id()).put("self", self)
                    .put("openMessages", owned.getOrDefault(n.id(), 0L))
                    .put("alive", n.alive()).put("epoch", n.epoch())
                    .put("leaseUntil", java.time.Instant.ofEpochMilli(n.leaseUntil()).toString())
                    .put("joinedAt", java.time.Instant.ofEpochMilli(n.joinedAt()).toString());
            var held = o.putArray("singletons");
            n.singletons().forEach(held::add);
            if (self) {
                o.set("links", links());
            } else {
                o.set("links", reported(n.links())); // as of that node's last renewal
            }
        }
        return out;
    }

    private void reload(Response response, Callback callback) {
        if (reloader == null) {
            problem(response, callback, 409, "no-config-file", "the gateway was not started with --config FILE");
            return;
        }
        RulesReloader.Reloaded r;
        try {
            r = reloader.reload();
        } catch (ConfigException e) {
            // nothing was applied: the message names the key
            problem(response, callback, 400, "invalid-config", e.getMessage());
            return;
        }
        config = ConfigRedaction.redact(json.valueToTree(r.config()));
        ObjectNode out = json.createObjectNode();
        r.applied().forEach(out.putArray("applied")::add);
        r.restartNeeded().forEach(out.putArray("restartNeeded")::add);
        out.putObject("rules").put("version", r.version()).put("count", r.rules());
        out.set("rating", config.get("rating"));
        out.set("routes", config.get("routes"));
        send(response, callback, 200, out);
    }

    /** The SMPP server's accounts (enabled or not) and the binds it holds. */
    private ObjectNode esmes() {
        ObjectNode out = json.createObjectNode();
        out.put("enabled", esmes != null);
        if (esmes == null) {
            return out;
        }
        var accounts = out.putArray("accounts");
        esmes.accounts().forEach((id, on) -> accounts.addObject().put("systemId", id).put("enabled", on)
                .put("binds", esmes.binds().stream().filter(b -> b.systemId().equals(id)).count()));
        var binds = out.putArray("binds");
        for (var b : esmes.binds()) {
            binds.addObject().put("systemId", b.systemId()).put("type", b.bindType()).put("address", b.address())
                    .put("since", java.time.Instant.ofEpochMilli(b.since()).toString());
        }
        return out;
    }

    private ObjectNode rcs() {
        ObjectNode out = json.createObjectNode();
        out.put("enabled", platform != null);
        if (platform == null) {
            return out;
        }
        var cb = platform.circuitBreaker();
        ObjectNode breaker = out.putObject("breaker");
        breaker.put("state", cb.getState().name());
        breaker.put("failureRate", cb.getMetrics().getFailureRate());
        breaker.put("bufferedCalls", cb.getMetrics().getNumberOfBufferedCalls());
        breaker.put("failedCalls", cb.getMetrics().getNumberOfFailedCalls());
        breaker.put("notPermittedCalls", cb.getMetrics().getNumberOfNotPermittedCalls());
        var stats = capabilities.stats();
        ObjectNode cache = out.putObject("capabilityCache");
        cache.put("entries", capabilities.size());
        cache.put("hits", stats.hitCount());
        cache.put("misses", stats.missCount());
        cache.put("hitRatio", stats.requestCount() == 0 ? 0 : stats.hitRate());
        return out;
    }

    private void found(Response response, Callback callback, Optional<StoredMessage> m, String missing) {
        if (m.isEmpty()) {
            problem(response, callback, 404, "not-found", missing);
        } else {
            send(response, callback, 200, message(m.get()));
        }
    }

    private JsonNode reported(String links) {
        try {
            return json.readTree(links);
        } catch (java.io.IOException e) {
            return json.createArrayNode();
        }
    }

    private ArrayNode links() {
        ArrayNode out = json.createArrayNode();
        links.forEach(l -> out.add(LinkReports.detail(l, smscByLink, json)));
        return out;
    }

    private ObjectNode message(StoredMessage m) {
        ObjectNode n = json.createObjectNode();
        n.put("id", m.id());
        n.put("botId", m.key().botId());
        n.put("msgId", m.key().msgId());
        n.put("recipient", m.recipient());
        n.put("state", m.state().name());
        n.put("channel", m.channel());
        n.put("acceptedAt", Instant.ofEpochMilli(m.acceptedAt()).toString());
        n.put("concatReference", m.concatReference());
        n.put("webhookCursor", m.hookedSeq());
        ArrayNode parts = n.putArray("parts");
        for (StoredMessage.Part p : m.parts()) {
            ObjectNode e = parts.addObject();
            e.put("part", p.partNo() + 1);
            e.put("smscKey", p.smscKey());
            e.put("link", p.link());
            e.put("state", p.state());
            e.put("error", p.error());
        }
        ArrayNode history = n.putArray("history");
        for (StoredMessage.Event e : m.history()) {
            history.addObject().put("seq", e.seq()).put("state", e.state().name()).put("reason", e.reason())
                    .put("at", Instant.ofEpochMilli(e.at()).toString());
        }
        return n;
    }

    private void send(Response response, Callback callback, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        } catch (Exception e) {
            Response.writeError(null, response, callback, 500);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private void problem(Response response, Callback callback, int status, String type, String detail) {
        ObjectNode p = json.createObjectNode();
        p.put("type", "https://rcsgw.io/problems/admin/" + type);
        p.put("title", type);
        p.put("status", status);
        p.put("detail", detail);
        byte[] bytes = p.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
