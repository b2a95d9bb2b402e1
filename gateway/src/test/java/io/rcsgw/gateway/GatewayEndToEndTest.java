package io.rcsgw.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.rcsgw.gateway.config.ConfigLoader;
import io.rcsgw.smpp.receipt.ReceiptStatus;
import io.rcsgw.smpp.sim.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.rcsgw.gateway.Harness.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole gateway over real sockets: HTTP in, SMPP out to a simulator, receipts back, webhooks to WireMock. */
class GatewayEndToEndTest {

    @TempDir
    Path dir;

    SmscSimulator smsc;
    WireMockServer hooks;
    Gateway gateway;
    int port;

    @BeforeEach
    void start() throws Exception {
        smsc = SmscSimulator.start(SmscSimulator.Options.defaults().withCredentials("gw", "pw")
                // numbers ending 99 are unreachable; to numbers ending 77 the second part of a long message fails
                .withReceiptRule((d, sm) -> d.endsWith("99") || (d.endsWith("77") && sm.length > 6 && sm[0] == 5 && sm[5] == 2)
                        ? ReceiptStatus.UNDELIV : ReceiptStatus.DELIVRD));
        hooks = new WireMockServer(options().port(0).bindAddress("127.0.0.1"));
        hooks.start();
        hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        gateway = Gateway.start(ConfigLoader.parse(config(storeUrl()), Map.of()));
        port = gateway.apiPort();
        await("link bound", 5000, gateway::linksBound);
    }

    /** The store under test; {@link GatewayOnPostgresTest} runs everything again on PostgreSQL. */
    String storeUrl() throws Exception {
        return "jdbc:h2:file:" + dir.resolve("db");
    }

    String config(String storeUrl) {
        return """
                api: {host: 127.0.0.1, port: 0, maxBodyBytes: 4096, maxSmsSegments: 3}
                management: {host: 127.0.0.1, port: 0}
                store: {url: "%s", user: "%s"}
                cdr: {directory: "%s"}
                smsc:
                  - {name: smsc1, host: 127.0.0.1, port: %d, systemId: gw, password: pw, window: 10, responseTimeout: 2s, reconnectMin: 50ms, reconnectMax: 200ms}
                sms: {defaultSender: "12345", retryDelay: 50ms}
                webhooks: {retryMin: 50ms, retryMax: 200ms}
                bots:
                  - {id: bot1, secret: secret-one, webhookUrl: "http://127.0.0.1:%d/hook", sender: Acme}
                  - {id: bot2, secret: secret-two}
                """.formatted(storeUrl, storeUrl.startsWith("jdbc:postgresql") ? Harness.pgUser() : "sa", dir.resolve("cdr"),
                smsc.port(), hooks.port());
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        afterStore();
        hooks.stop();
        smsc.close();
    }

    private String state(String token, String bot, String msgId) throws Exception {
        return Harness.state(port, token, bot, msgId);
    }

    @Test
    void longMessagesToOneNumberCarryDistinctReferencesAndPartDetail() throws Exception {
        String token = token(port, "bot1", "secret-one");
        List<CompletableFuture<Integer>> sends = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String body = envelope("long-" + i, ("Part of a long message number " + i + ". ").repeat(6), "+447700900555");
            sends.add(CompletableFuture.supplyAsync(() -> io(() -> send(port, token, "bot1", body).status())));
        }
        for (var f : sends) {
            assertThat(f.get()).isEqualTo(202);
        }
        for (int i = 0; i < 6; i++) {
            String id = "long-" + i;
            await("delivered " + id, 10_000, () -> io(() -> state(token, "bot1", id)).equals("DELIVERED"));
        }
        var wire = smsc.received();
        assertThat(wire).hasSize(12);
        Map<Integer, List<Integer>> partsByReference = new java.util.TreeMap<>();
        for (var w : wire) {
            byte[] sm = w.shortMessage();
            assertThat(sm[0]).isEqualTo((byte) 5);
            partsByReference.computeIfAbsent(sm[3] & 0xFF, r -> new ArrayList<>()).add(sm[5] & 0xFF);
        }
        assertThat(partsByReference).as("one reference per message, never shared").hasSize(6);
        assertThat(partsByReference.values()).allSatisfy(seq -> assertThat(seq).containsExactlyInAnyOrder(1, 2));

        var parts = status(port, token, "bot1", "long-0").body().at("/gateway/parts");
        assertThat(parts.size()).isEqualTo(2);
        assertThat(parts.get(0).get("part").asInt()).isEqualTo(1);
        assertThat(parts.get(1).get("state").asText()).isEqualTo("DELIVRD");
        assertThat(parts.get(1).get("link").asText()).isEqualTo("smsc1");
    }

    @Test
    void aLongMessageWithOnePartUndeliveredIsUndeliverableWithThePartShown() throws Exception {
        String token = token(port, "bot1", "secret-one");
        String text = "This message is long enough to need two SMS segments, and its second one will not arrive. ".repeat(2);
        assertThat(send(port, token, "bot1", envelope("half", text, "+447700900177")).status()).isEqualTo(202);
        await("undeliverable", 5000, () -> io(() -> state(token, "bot1", "half")).equals("UNDELIVERABLE"));
        var body = status(port, token, "bot1", "half").body();
        assertThat(body.at("/RCSMessage/status").asText()).isEqualTo("failed");
        var parts = body.at("/gateway/parts");
        assertThat(parts.size()).isEqualTo(2);
        await("both receipts", 5000, () -> io(() -> status(port, token, "bot1", "half").body()
                .at("/gateway/parts/0/state").asText()).equals("DELIVRD"));
        parts = status(port, token, "bot1", "half").body().at("/gateway/parts");
        assertThat(parts.get(0).get("state").asText()).isEqualTo("DELIVRD");
        assertThat(parts.get(1).get("state").asText()).isEqualTo("UNDELIV");
        var history = body.at("/gateway/history");
        assertThat(history.get(history.size() - 1).get("reason").asText()).isEqualTo("receipt:UNDELIV");
    }

    @Test
    void messageGoesOutAsSmsAndTheReceiptReachesTheWebhook() throws Exception {
        String token = token(port, "bot1", "secret-one");
        Harness.Reply r = send(port, token, "bot1", envelope("m-1", "Hello there", "+447700900123"));
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.body().toString()).isEqualTo("{\"RCSMessage\":{\"msgId\":\"m-1\",\"status\":\"pending\"}}");

        await("delivered", 5000, () -> io(() -> state(token, "bot1", "m-1")).equals("DELIVERED"));
        var wire = smsc.received();
        assertThat(wire).hasSize(1);
        assertThat(wire.get(0).destination()).isEqualTo("447700900123");
        assertThat(wire.get(0).source()).isEqualTo("Acme");
        assertThat(new String(wire.get(0).shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("Hello there");

        Harness.Reply st = status(port, token, "bot1", "m-1");
        assertThat(st.body().at("/RCSMessage/status").asText()).isEqualTo("delivered");
        assertThat(st.body().at("/gateway/channel").asText()).isEqualTo("sms");
        List<String> states = new ArrayList<>();
        st.body().at("/gateway/history").forEach(h -> states.add(h.get("state").asText() + "/" + h.get("reason").asText()));
        assertThat(states).containsExactly("ACCEPTED/accepted", "SMS_QUEUED/channel:sms", "SMS_SUBMITTED/smsc:accepted",
                "DELIVERED/receipt:DELIVRD");

        await("two webhooks", 5000, () -> hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).size() == 2);
        List<LoggedRequest> calls = hooks.findAll(postRequestedFor(urlEqualTo("/hook")));
        var first = JSON.readTree(calls.get(0).getBodyAsString());
        var second = JSON.readTree(calls.get(1).getBodyAsString());
        assertThat(first.get("event").asText()).isEqualTo("messageStatus");
        assertThat(first.at("/RCSMessage/msgId").asText()).isEqualTo("m-1");
        assertThat(first.at("/RCSMessage/status").asText()).isEqualTo("sent");
        assertThat(second.at("/RCSMessage/status").asText()).isEqualTo("delivered");
        assertThat(second.at("/messageContact/userContact").asText()).isEqualTo("+447700900123");
        assertThat(second.at("/gateway/channel").asText()).isEqualTo("sms");
        assertThat(calls.get(1).getHeader("X-Rcsgw-Event-Id")).isEqualTo(second.at("/gateway/eventId").asText());
    }

    @Test
    void longAndNonGsmTextsAreSegmentedAndAUndeliveredReceiptFailsTheMessage() throws Exception {
        String token = token(port, "bot1", "secret-one");
        assertThat(send(port, token, "bot1", envelope("long", "x".repeat(200), "+447700900123")).status()).isEqualTo(202);
        assertThat(send(port, token, "bot1", envelope("cyr", "Привет, мир! 😀", "+447700900124")).status()).isEqualTo(202);
        assertThat(send(port, token, "bot1", envelope("undeliv", "no such phone", "+447700900199")).status()).isEqualTo(202);
        await("long delivered", 5000, () -> io(() -> state(token, "bot1", "long")).equals("DELIVERED"));
        await("cyr delivered", 5000, () -> io(() -> state(token, "bot1", "cyr")).equals("DELIVERED"));
        await("undeliverable", 5000, () -> io(() -> state(token, "bot1", "undeliv")).equals("UNDELIVERABLE"));

        var toLong = smsc.received().stream().filter(s -> s.destination().equals("447700900123")).toList();
        assertThat(toLong).hasSize(2);
        assertThat(toLong).allMatch(SmscSimulator.ReceivedSubmit::udhi);
        assertThat(toLong.get(0).shortMessage()[4]).isEqualTo((byte) 2);
        var cyr = smsc.received().stream().filter(s -> s.destination().equals("447700900124")).toList();
        assertThat(cyr).hasSize(1);
        assertThat(cyr.get(0).dataCoding()).isEqualTo((byte) 0x08);
        assertThat(new String(cyr.get(0).shortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("Привет, мир! 😀");
        assertThat(status(port, token, "bot1", "undeliv").body().at("/RCSMessage/status").asText()).isEqualTo("failed");
    }

    @Test
    void aRepeatedMsgIdIsAnsweredTheSameAndSentOnceAndADifferentBodyConflicts() throws Exception {
        String token = token(port, "bot1", "secret-one");
        String body = envelope("dup", "once only", "+447700900123");
        List<CompletableFuture<Harness.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            replies.add(CompletableFuture.supplyAsync(() -> io(() -> send(port, token, "bot1", body))));
        }
        for (var f : replies) {
            Harness.Reply r = f.get();
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.body().at("/RCSMessage/msgId").asText()).isEqualTo("dup");
        }
        await("delivered", 5000, () -> io(() -> state(token, "bot1", "dup")).equals("DELIVERED"));
        assertThat(smsc.received()).hasSize(1);
        Harness.Reply conflict = send(port, token, "bot1", envelope("dup", "something else", "+447700900123"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
        assertThat(conflict.body().get("type").asText()).endsWith("/msgid-conflict");
        Thread.sleep(200);
        assertThat(smsc.received()).hasSize(1);
    }

    @Test
    void aBotSeesOnlyItsOwnMessagesAndTokensAreRequired() throws Exception {
        String one = token(port, "bot1", "secret-one");
        String two = token(port, "bot2", "secret-two");
        assertThat(send(port, one, "bot1", envelope("mine", "hi", "+447700900123")).status()).isEqualTo(202);
        assertThat(status(port, one, "bot1", "mine").status()).isEqualTo(200);
        assertThat(status(port, two, "bot2", "mine").status()).isEqualTo(404);
        assertThat(status(port, two, "bot1", "mine").status()).isEqualTo(404);
        assertThat(send(port, two, "bot1", envelope("x", "hi", "+447700900123")).status()).isEqualTo(404);
        assertThat(status(port, null, "bot1", "mine").status()).isEqualTo(401);
        assertThat(status(port, "Bearer forged.token", "bot1", "mine").status()).isEqualTo(401);
        String tampered = one.substring(0, one.length() - 2) + (one.endsWith("AA") ? "BB" : "AA");
        assertThat(status(port, tampered, "bot1", "mine").status()).isEqualTo(401);
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("bot1:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(call("POST", "http://127.0.0.1:" + port + "/oauth2/v1/token", basic, "application/x-www-form-urlencoded",
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON       | {\"RCSMessage\": {            | 400 | malformed-json      | ",
            "missing userContact  | {\"RCSMessage\":{\"msgId\":\"bad\",\"textMessage\":\"hi\"},\"messageContact\":{}} | 400 | missing-field | messageContact.userContact",
            "not E.164            | {\"RCSMessage\":{\"msgId\":\"bad\",\"textMessage\":\"hi\"},\"messageContact\":{\"userContact\":\"07700900123\"}} | 400 | invalid-field | messageContact.userContact",
            "empty text           | {\"RCSMessage\":{\"msgId\":\"bad\",\"textMessage\":\"\"},\"messageContact\":{\"userContact\":\"+447700900123\"}} | 400 | invalid-field | RCSMessage.textMessage",
            "unknown content      | {\"RCSMessage\":{\"msgId\":\"bad\",\"videoMessage\":\"x\"},\"messageContact\":{\"userContact\":\"+447700900123\"}} | 400 | unsupported-content | RCSMessage.videoMessage",
            "no content           | {\"RCSMessage\":{\"msgId\":\"bad\"},\"messageContact\":{\"userContact\":\"+447700900123\"}} | 400 | missing-field | RCSMessage.textMessage",
            "bad msgId            | {\"RCSMessage\":{\"msgId\":\"a/b\",\"textMessage\":\"hi\"},\"messageContact\":{\"userContact\":\"+447700900123\"}} | 400 | invalid-field | RCSMessage.msgId",
    })
    void badInputIsRefusedWithAProblemNamingTheFieldAndNothingIsStored(String name, String body, int status, String type,
                                                                       String field) throws Exception {
        String token = token(port, "bot1", "secret-one");
        Harness.Reply r = send(port, token, "bot1", body);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("type").asText()).endsWith("/" + type);
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(r.body().get("field").asText()).isEqualTo(field);
            assertThat(r.body().get("detail").asText()).contains(field);
        }
        assertThat(status(port, token, "bot1", "bad").status()).isEqualTo(404);
        assertThat(smsc.submitCount()).isZero();
    }

    @Test
    void tooManySegmentsAndOversizedBodiesAreRefused() throws Exception {
        String token = token(port, "bot1", "secret-one");
        Harness.Reply tooLong = send(port, token, "bot1", envelope("bad", "y".repeat(153 * 3 + 1), "+447700900123"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("type").asText()).endsWith("/message-too-long");
        assertThat(tooLong.body().get("field").asText()).isEqualTo("RCSMessage.textMessage");
        assertThat(tooLong.body().get("detail").asText()).contains("4 SMS segments");
        Harness.Reply huge = send(port, token, "bot1", envelope("bad", "z".repeat(5000), "+447700900123"));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().get("type").asText()).endsWith("/body-too-large");
        assertThat(status(port, token, "bot1", "bad").status()).isEqualTo(404);
        assertThat(smsc.submitCount()).isZero();
    }

    @Test
    void concurrentMessagesAreEachSubmittedExactlyOnce() throws Exception {
        String token = token(port, "bot1", "secret-one");
        int n = 400;
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(envelope("x" + i, "once " + i, "+4477008" + String.format("%05d", i)));
        }
        assertThat(sendAll(port, token, "bot1", bodies, 16)).hasSize(n).containsOnly(202);
        long end = System.currentTimeMillis() + 20_000;
        while (smsc.received().size() < n && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        Thread.sleep(300); // a duplicate would arrive right behind the first copy
        var wire = smsc.received();
        assertThat(wire).hasSize(n);
        assertThat(wire.stream().map(SmscSimulator.ReceivedSubmit::destination).distinct().count()).isEqualTo(n);
    }

    @Test
    void aDroppedSmscLinkReconnectsAndNothingIsLost() throws Exception {
        String token = token(port, "bot1", "secret-one");
        int n = 300;
        for (int i = 0; i < n; i++) {
            assertThat(send(port, token, "bot1", envelope("d" + i, "drop test " + i, "+4477009" + String.format("%05d", i))).status())
                    .isEqualTo(202);
            if (i == n / 3) {
                smsc.dropConnections();
            }
        }
        List<String> undelivered = new ArrayList<>();
        long end = System.currentTimeMillis() + 20_000;
        do {
            undelivered.clear();
            for (int i = 0; i < n; i++) {
                String s = state(token, "bot1", "d" + i);
                // the simulator answers UNDELIV for numbers ending in 99
                if (!s.equals(i % 100 == 99 ? "UNDELIVERABLE" : "DELIVERED")) {
                    undelivered.add("d" + i + "=" + s);
                }
            }
            if (!undelivered.isEmpty()) {
                Thread.sleep(100);
            }
        } while (!undelivered.isEmpty() && System.currentTimeMillis() < end);
        assertThat(undelivered).isEmpty();
        assertThat(smsc.bindCount()).isGreaterThanOrEqualTo(2);
        long distinct = smsc.received().stream().map(SmscSimulator.ReceivedSubmit::destination).distinct().count();
        assertThat(distinct).isEqualTo(n);
    }

    void afterStore() {
    }

    interface Io<T> {
        T get() throws Exception;
    }

    static <T> T io(Io<T> io) {
        try {
            return io.get();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
