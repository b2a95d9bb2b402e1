package io.rcsgw.gateway.esme;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.delivery.EsmeMessages;
import io.rcsgw.gateway.metrics.SmppServerMetrics;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.smpp.server.EsmeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Users' messages for ESMEs: an SMS to a number or short code an account owns, and an RCS user
 * message to a bot with no webhook whose account owns numbers (sent as from the user to the
 * account's first number). Each waits in the webhook outbox, in the user's order, as a small
 * JSON of its own ({@code {"esme":...}}), until a receiver or transceiver bind of the account takes
 * it as deliver_sm.
 */
public final class EsmeInbox implements EsmeMessages {

    /** How an ESME's payload starts: the outbox tells them from a bot's events by it. */
    private static final byte[] MARK = "{\"esme\":".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An account that takes users' messages: its system_id and bot. */
    public record Account(String systemId, String botId, List<String> numbers) {
    }

    private final Map<String, Account> byNumber = new HashMap<>();
    private final Map<String, Account> byBot = new LinkedHashMap<>();
    private volatile EsmeOutlet outlet = new EsmeOutlet();

    /** @param botsWithWebhooks bots whose RCS user messages stay with their webhook */
    public EsmeInbox(List<Account> accounts, Set<String> botsWithWebhooks) {
        for (Account a : accounts) {
            for (String n : a.numbers()) {
                byNumber.putIfAbsent(digits(n), a);
            }
            if (!a.numbers().isEmpty() && !botsWithWebhooks.contains(a.botId())) {
                byBot.putIfAbsent(a.botId(), a);
            }
        }
    }

    void outlet(EsmeOutlet outlet) {
        this.outlet = outlet;
    }

    @Override
    public ForEsme forNumber(String destination, String source, String text) {
        Account a = byNumber.get(digits(destination));
        return a == null ? null : new ForEsme(a.botId(), payload(a.systemId(), source, destination, text));
    }

    @Override
    public byte[] forBot(String botId, String source, byte[] rcsEvent) {
        Account a = byBot.get(botId);
        if (a == null) {
            return null;
        }
        String text;
        try {
            text = UserText.of(JSON.readTree(rcsEvent).path("RCSMessage"));
        } catch (IOException e) {
            text = null;
        }
        if (text == null) {
            SmppServerMetrics.MO_UNDELIVERABLE.labels(a.systemId(), "no-text").inc();
            return null;
        }
        return payload(a.systemId(), source, a.numbers().get(0), text);
    }

    static boolean isFor(WebhookEvent event) {
        if (!(event instanceof WebhookEvent.Relay r) || r.json().length < MARK.length) {
            return false;
        }
        return Arrays.equals(r.json(), 0, MARK.length, MARK, 0, MARK.length);
    }

    /** Sends one to its account; true once a bind took it, or when it cannot be read (settled). */
    CompletableFuture<Boolean> deliver(WebhookEvent.Relay r) {
        JsonNode m;
        try {
            m = JSON.readTree(r.json());
        } catch (IOException e) {
            return CompletableFuture.completedFuture(true);
        }
        String account = m.path("esme").asText();
        // the same reference on every try, so that an ESME joins a resent message's parts as one
        EsmeMessage message = new EsmeMessage(m.path("source").asText(), m.path("destination").asText(),
                m.path("text").asText(), r.eventId().hashCode() & 0xFF);
        return outlet.deliver(account, message).thenApply(ok -> {
            SmppServerMetrics.MO_DELIVERED.labels(account, ok ? "taken" : "not-taken").inc();
            return ok;
        });
    }

    private static byte[] payload(String systemId, String source, String destination, String text) {
        ByteArrayBuilder out = new ByteArrayBuilder(160);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("esme", systemId);
            g.writeStringField("source", source);
            g.writeStringField("destination", destination);
            g.writeStringField("text", text);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
    }

    private static String digits(String number) {
        return number.startsWith("+") ? number.substring(1) : number;
    }
}
