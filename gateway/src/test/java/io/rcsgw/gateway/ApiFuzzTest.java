package io.rcsgw.gateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.rcs.auth.EventSignature;
import io.rcsgw.smpp.sim.SmscSimulator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated requests at a running gateway, over raw sockets: MaaP bodies taken from the
 * API's own examples and then broken (fields removed, retyped, renamed, added; bytes cut,
 * flipped, inserted; keys repeated), random methods, paths, headers and bodies, and platform
 * events both signed and not. Never a 5xx, never a stack trace in the answer or the log, every
 * error answered as JSON, and nothing stored from a refused request.
 */
class ApiFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EVENTS_SECRET = "fuzz-events-secret";

    static Path dir;
    static SmscSimulator smsc;
    static Gateway gateway;
    static int port;
    static String token;
    static List<JsonNode> messageTemplates;
    static List<JsonNode> eventTemplates;
    static final Set<String> accepted = ConcurrentHashMap.newKeySet();
    static final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("rcsgw-fuzz");
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw"));
        gateway = Gateway.start(ConfigLoader.parse("""
                api: {host: 127.0.0.1, port: 0, authFailures: {perClient: 1000000, perAddress: 1000000, window: 1m}}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "jdbc:h2:file:%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw}
                rcs: {eventsSecret: %s}
                rcsSimulator: {enabled: true, capable: ["+447700900000-+447700900499"]}
                bots:
                  - {id: bot1, secret: secret-one}
                """.formatted(dir.resolve("db"), smsc.port(), EVENTS_SECRET), Map.of()));
        port = gateway.apiPort();
        token = Harness.token(port, "bot1", "secret-one");
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(OpenApiContractTest.SPEC));
        messageTemplates = examples(spec, "/rcs/bot/v1/{botId}/messages");
        messageTemplates.removeIf(t -> t.path("RCSMessage").has("isTyping"));
        eventTemplates = examples(spec, "/rcs/platform/v1/{botId}/events");
        assertThat(messageTemplates).hasSizeGreaterThan(8);
        assertThat(eventTemplates).hasSizeGreaterThan(2);
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterContainer
    static void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (gateway != null) {
            gateway.close();
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    private static List<JsonNode> examples(JsonNode spec, String path) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode examples = spec.at("/paths/" + path.replace("/", "~1") + "/post/requestBody/content/application~1json/examples");
        examples.forEach(e -> out.add(e.get("value")));
        return out;
    }

    // ---- properties

    @Property(tries = 300)
    void mutatedMessagesAreAcceptedOrRefusedAsJsonAndARefusedOneIsNotStored(@ForAll("messages") byte[] body) throws Exception {
        Reply r = request("POST /rcs/bot/v1/bot1/messages HTTP/1.1", List.of("Authorization: " + token,
                "Content-Type: application/json"), body);
        answeredWell(r);
        String msgId = msgIdOf(body);
        if (r.status() == 202 && r.json() != null && r.json().at("/RCSMessage/msgId").isTextual()) {
            accepted.add(r.json().at("/RCSMessage/msgId").asText());
        } else if (r.status() >= 400 && msgId != null && !accepted.contains(msgId)) {
            Reply status = request("GET /rcs/bot/v1/bot1/messages/" + msgId + "/status HTTP/1.1",
                    List.of("Authorization: " + token), null);
            assertThat(status.status()).as("refused (%d) and yet stored: %s", r.status(), msgId).isEqualTo(404);
        }
    }

    @Property(tries = 300)
    void randomMethodsPathsHeadersAndBodiesNeverBreakTheServer(@ForAll("requests") RawRequest rq) throws Exception {
        answeredWell(request(rq.requestLine(), rq.headers(), rq.body()));
    }

    @Property(tries = 200)
    void platformEventsSignedOrNotAreTakenOrRefusedAsJson(@ForAll("events") byte[] body, @ForAll boolean signed) throws Exception {
        long now = Instant.now().getEpochSecond();
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/json", "X-RCS-Timestamp: " + now));
        headers.add("X-RCS-Signature: " + (signed ? EventSignature.sign(EVENTS_SECRET, "bot1", now, body) : "sha256=" + "ab".repeat(32)));
        Reply r = request("POST /rcs/platform/v1/bot1/events HTTP/1.1", headers, body);
        answeredWell(r);
        if (!signed) {
            // a body too large to check is refused as such before its signature can be
            assertThat(r.status()).isIn(401, 413);
        }
    }

    // ---- what every answer must be

    record Reply(int status, String head, byte[] body, JsonNode json) {
    }

    private static void answeredWell(Reply r) {
        assertThat(r.status()).as(r.head()).isBetween(200, 499);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(text).as("no stack trace in the answer").doesNotContain("Exception", "\tat ", "io.rcsgw.", "org.eclipse");
        if (r.body().length > 0) {
            assertThat(r.head().toLowerCase()).as("an answer with a body is JSON").containsPattern(
                    "content-type: application/(problem\\+)?json");
            assertThat(r.json()).as("the body parses as JSON: " + text).isNotNull();
        }
        assertThat(r.head().toLowerCase()).doesNotContain("\nserver:");
        synchronized (logs) {
            List<ILoggingEvent> bad = logs.list.stream().filter(e -> e.getThrowableProxy() != null
                    || e.getLevel().isGreaterOrEqual(Level.ERROR)).toList();
            assertThat(bad).as("nothing logged with a stack trace or at ERROR").extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            logs.list.clear();
        }
    }

    private static String msgIdOf(byte[] body) {
        try {
            JsonNode id = JSON.readTree(body).path("RCSMessage").path("msgId");
            return id.isTextual() && id.asText().matches("[A-Za-z0-9_~-]{1,64}") ? id.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * One HTTP/1.1 exchange on its own connection, the request written exactly as given. A
     * connection reset before any byte of the answer came is asked once more: a server that
     * answers and closes before it read the whole request makes the kernel reset the connection,
     * and a reset can discard an answer the client had not read yet.
     */
    static Reply request(String requestLine, List<String> headers, byte[] body) throws Exception {
        try {
            return exchange(requestLine, headers, body);
        } catch (java.net.SocketException resetBeforeTheAnswer) {
            return exchange(requestLine, headers, body);
        }
    }

    private static Reply exchange(String requestLine, List<String> headers, byte[] body) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String h : headers) {
                req.write((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            if (body != null) {
                req.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            req.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                req.write(body);
            }
            OutputStream out = s.getOutputStream();
            try {
                out.write(req.toByteArray());
                out.flush();
            } catch (java.net.SocketException answeredEarly) {
                // the server answered (413, 431) and closed before taking the whole request: read its answer
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                in.transferTo(got);
            } catch (java.net.SocketException reset) {
                if (got.size() == 0) {
                    throw reset;
                }
                // a reset after the answer: what came before it counts
            }
            byte[] all = got.toByteArray();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a whole HTTP answer: " + text).isPositive();
            String head = text.substring(0, end);
            assertThat(head).startsWith("HTTP/1.1 ");
            int status = Integer.parseInt(head.substring(9, 12));
            byte[] payload = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                payload = unchunk(payload);
            }
            JsonNode json = null;
            try {
                json = payload.length == 0 ? null : JSON.readTree(payload);
            } catch (Exception ignored) {
                // left null: answeredWell says so
            }
            return new Reply(status, head, payload, json);
        }
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int eol = indexOf(chunked, i);
            int size = Integer.parseInt(new String(chunked, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    // ---- generators

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.randoms().map(r -> {
            ObjectNode t = (ObjectNode) messageTemplates.get(r.nextInt(messageTemplates.size())).deepCopy();
            if (t.path("RCSMessage").isObject()) {
                ((ObjectNode) t.get("RCSMessage")).put("msgId", "fz-" + Long.toHexString(r.nextLong() & Long.MAX_VALUE));
            }
            return Mutations.apply(t, r);
        });
    }

    @Provide
    Arbitrary<byte[]> events() {
        return Arbitraries.randoms().map(r -> {
            ObjectNode t = (ObjectNode) eventTemplates.get(r.nextInt(eventTemplates.size())).deepCopy();
            t.put("eventId", "fz-" + Long.toHexString(r.nextLong() & Long.MAX_VALUE));
            return Mutations.apply(t, r);
        });
    }

    record RawRequest(String requestLine, List<String> headers, byte[] body) {
    }

    static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO", "get"};
    static final String[] PATHS = {"/oauth2/v1/token", "/rcs/bot/v1/bot1/messages", "/rcs/bot/v1/bot1/messages/%s/status",
            "/rcs/bot/v1/bot1/contactCapabilities?userContact=%s", "/rcs/bot/v1/%s/messages", "/rcs/platform/v1/%s/events",
            "/%s", "/rcs/bot/v1/bot1/%s", "/rcs/bot/v1/bot1/messages/%s/status?x=%s"};
    static final String[] SEGMENTS = {"", ".", "..", "%2e%2e", "%2F", "%zz", "%", "%00", "%C3%A9", "%FF%FE", "a;b", "a%20b", "{x}",
            "+447700900123", "%2B447700900123", "x".repeat(300), "\u00e9", "a|b", "a\"b", "a\\b", "~", "*"};
    static final String[] TYPES = {"application/json", "application/json; charset=utf-8", "application/json; charset=latin1",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/problem+json",
            "*/*", "application/json;;;"};
    static final String[] AUTHS = {null, "Bearer ", "Bearer x", "Basic !!!", "Basic Ym90MTpzZWNyZXQtb25l", "bearer", "Digest x",
            "Basic " + java.util.Base64.getEncoder().encodeToString("bot1:".getBytes(StandardCharsets.UTF_8))};

    @Provide
    Arbitrary<RawRequest> requests() {
        return Arbitraries.randoms().map(r -> {
            String method = METHODS[r.nextInt(METHODS.length)];
            String path = PATHS[r.nextInt(PATHS.length)].replace("%s", SEGMENTS[r.nextInt(SEGMENTS.length)]);
            if (r.nextInt(10) == 0) {
                path = path + "?" + SEGMENTS[r.nextInt(SEGMENTS.length)] + "=" + SEGMENTS[r.nextInt(SEGMENTS.length)];
            }
            List<String> headers = new ArrayList<>();
            String auth = r.nextInt(3) == 0 ? "Authorization: " + token : AUTHS[r.nextInt(AUTHS.length)] == null ? null
                    : "Authorization: " + AUTHS[r.nextInt(AUTHS.length)];
            if (auth != null) {
                headers.add(auth);
            }
            if (r.nextBoolean()) {
                headers.add("Content-Type: " + TYPES[r.nextInt(TYPES.length)]);
            }
            if (r.nextInt(8) == 0) {
                headers.add("X-" + Mutations.ascii(r, 1 + r.nextInt(20)) + ": " + Mutations.ascii(r, r.nextInt(200)));
            }
            if (r.nextInt(20) == 0) {
                headers.add("X-Big: " + "y".repeat(10_000 + r.nextInt(20_000)));
            }
            byte[] body = switch (r.nextInt(4)) {
                case 0 -> null;
                case 1 -> Mutations.bytes(r, r.nextInt(300));
                case 2 -> Mutations.apply(messageTemplates.get(r.nextInt(messageTemplates.size())).deepCopy(), r);
                default -> "grant_type=client_credentials&x=%zz".getBytes(StandardCharsets.US_ASCII);
            };
            return new RawRequest(method + " " + path + " HTTP/1.1", headers, body);
        });
    }

    /** Ways to break a JSON document, structurally and then byte by byte. */
    static final class Mutations {

        private Mutations() {
        }

        static byte[] apply(JsonNode doc, Random r) {
            int structural = r.nextInt(4);
            for (int i = 0; i < structural; i++) {
                structure(doc, r);
            }
            byte[] bytes = doc.toString().getBytes(StandardCharsets.UTF_8);
            return switch (r.nextInt(8)) {
                case 0 -> java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length + 1));
                case 1 -> {
                    bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
                    yield bytes;
                }
                case 2 -> {
                    int at = r.nextInt(bytes.length + 1);
                    byte[] junk = bytes(r, 1 + r.nextInt(8));
                    byte[] out = new byte[bytes.length + junk.length];
                    System.arraycopy(bytes, 0, out, 0, at);
                    System.arraycopy(junk, 0, out, at, junk.length);
                    System.arraycopy(bytes, at, out, at + junk.length, bytes.length - at);
                    yield out;
                }
                case 3 -> new String(bytes, StandardCharsets.UTF_8).replaceFirst("\"msgId\":", "\"msgId\":\"dup\",\"msgId\":")
                        .replaceFirst("\"userContact\":", "\"userContact\":\"+447700900001\",\"userContact\":")
                        .getBytes(StandardCharsets.UTF_8);
                case 4 -> (new String(bytes, StandardCharsets.UTF_8) + (r.nextBoolean() ? " {}" : "x")).getBytes(StandardCharsets.UTF_8);
                default -> bytes;
            };
        }

        /** Removes, retypes, renames or adds a field somewhere in the document. */
        private static void structure(JsonNode doc, Random r) {
            List<JsonNode> containers = new ArrayList<>();
            collect(doc, containers);
            JsonNode c = containers.get(r.nextInt(containers.size()));
            if (c instanceof ObjectNode o) {
                List<String> names = new ArrayList<>();
                for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                String name = names.isEmpty() ? "x" : names.get(r.nextInt(names.size()));
                switch (r.nextInt(4)) {
                    case 0 -> o.remove(name);
                    case 1 -> o.set(name, junk(r));
                    case 2 -> {
                        JsonNode v = o.remove(name);
                        o.set(ascii(r, 1 + r.nextInt(12)), v == null ? junk(r) : v);
                    }
                    default -> o.set(ascii(r, 1 + r.nextInt(12)), junk(r));
                }
            } else if (c instanceof ArrayNode a) {
                if (a.isEmpty() || r.nextBoolean()) {
                    a.add(junk(r));
                } else {
                    a.set(r.nextInt(a.size()), junk(r));
                }
            }
        }

        private static void collect(JsonNode n, List<JsonNode> out) {
            if (n.isContainerNode()) {
                out.add(n);
                n.forEach(child -> collect(child, out));
            }
        }

        static JsonNode junk(Random r) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            return switch (r.nextInt(14)) {
                case 0 -> f.nullNode();
                case 1 -> f.textNode("");
                case 2 -> f.textNode("x".repeat(5000 + r.nextInt(300_000)));
                case 3 -> f.textNode(unicode(r, 1 + r.nextInt(40)));
                case 4 -> f.numberNode(r.nextLong());
                case 5 -> f.numberNode(r.nextDouble() * 1e300);
                case 6 -> f.booleanNode(r.nextBoolean());
                case 7 -> f.arrayNode();
                case 8 -> f.objectNode();
                case 9 -> {
                    ArrayNode deep = f.arrayNode();
                    ArrayNode at = deep;
                    for (int i = 0; i < 200; i++) {
                        at = at.addArray();
                    }
                    yield deep;
                }
                case 10 -> f.textNode("+" + (r.nextInt(9) + 1) + Long.toString(Math.abs(r.nextLong())).substring(0, 1 + r.nextInt(16)));
                case 11 -> f.textNode("javascript:alert(1)");
                case 12 -> f.textNode("https://" + ascii(r, 5) + ".example/" + unicode(r, 5));
                default -> f.numberNode(new java.math.BigInteger(200, r));
            };
        }

        static String ascii(Random r, int n) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            return b.toString();
        }

        static String unicode(Random r, int n) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int cp = switch (r.nextInt(5)) {
                    case 0 -> r.nextInt(0x20);            // control characters, NUL included
                    case 1 -> 0xD800 + r.nextInt(0x800);  // a lone surrogate
                    case 2 -> 0x1F600 + r.nextInt(80);    // emoji
                    case 3 -> 0x0400 + r.nextInt(0x100);  // Cyrillic
                    default -> 0x20 + r.nextInt(0x5F);
                };
                b.appendCodePoint(cp);
            }
            return b.toString();
        }

        static byte[] bytes(Random r, int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }
    }
}
