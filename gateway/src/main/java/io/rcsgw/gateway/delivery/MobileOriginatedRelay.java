package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.metrics.GatewayMetrics;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.gateway.webhook.WebhookDispatcher;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.rules.model.Msisdn;
import io.rcsgw.smpp.MobileOriginated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A mobile-originated SMS to a bot's number (its numeric sender) reaches the bot's webhook through
 * the same stored outbox as the RCS platform's user events, stored before the SMSC is answered:
 * as the {@code response} event of a suggestion when it is the number of one in the last SMS the
 * bot sent that user (within the rule's reply window), else as a MaaP {@code message} event;
 * both marked {@code gateway.channel: "sms"}. An SMS to a number an ESME account owns goes to that
 * ESME instead ({@link EsmeMessages}). Binary messages and ones for no bot are counted and
 * logged (without content or the full number).
 */
final class MobileOriginatedRelay {

    private static final Logger log = LoggerFactory.getLogger(MobileOriginatedRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An answer by number: digits, with the spaces and full stop a handset's keyboard may add. */
    private static final Pattern NUMBER = Pattern.compile("\\s*(\\d{1,2})\\s*\\.?\\s*");

    private final MessageStore store;
    private final WebhookDispatcher webhooks;
    private final Clock clock;
    private final Map<String, String> botByNumber;
    private final EsmeMessages esmes;
    private final Charging charging;

    MobileOriginatedRelay(MessageStore store, WebhookDispatcher webhooks, Map<String, String> botByNumber, EsmeMessages esmes,
                          Charging charging, Clock clock) {
        this.charging = charging;
        this.store = store;
        this.webhooks = webhooks;
        this.botByNumber = Map.copyOf(botByNumber);
        this.esmes = esmes;
        this.clock = clock;
    }

    void onMobileOriginated(MobileOriginated mo) {
        GatewayMetrics.MOBILE_ORIGINATED.labels(mo.link(), mo.partial() ? "partial" : "complete").inc();
        log.debug("mobile-originated message on {} from ...{} in {} parts{}", mo.link(),
                mo.source().length() > 4 ? mo.source().substring(mo.source().length() - 4) : "", mo.parts(),
                mo.partial() ? ", missing " + mo.missing() : "");
        String number = mo.destination().startsWith("+") ? mo.destination().substring(1) : mo.destination();
        String digits = mo.source().startsWith("+") ? mo.source().substring(1) : mo.source();
        if (mo.text() == null || !Msisdn.isValid("+" + digits)) {
            return;
        }
        String contact = "+" + digits;
        String eventId = "sms-" + UUID.randomUUID();
        long now = clock.millis();
        EsmeMessages.ForEsme forEsme = esmes.forNumber(number, contact, mo.text());
        if (forEsme != null) {
            // the number is an ESME's: the message goes to it over SMPP, through the same outbox
            relay(new WebhookEvent.Relay(forEsme.botId(), eventId, contact, forEsme.payload(), now), "sms-mo", mo, number);
            return;
        }
        String bot = botByNumber.get(number);
        if (bot == null || !webhooks.wants(bot)) {
            return;
        }
        byte[] json = answer(bot, contact, mo.text(), now)
                .map(s -> MobileOriginatedEvent.response(eventId, s.text(), s.postback(), s.action(), s.inReplyTo(), contact,
                        now, mo.link()))
                .orElseGet(() -> MobileOriginatedEvent.payload(eventId, mo.text(), contact, now, mo.link(), mo.partial()));
        relay(new WebhookEvent.Relay(bot, eventId, contact, json, now), "sms-mo", mo, number);
    }

    /** Stored, with its charging data record, before the SMSC is answered; then queued. */
    private void relay(WebhookEvent.Relay r, String kind, MobileOriginated mo, String number) {
        List<StoreWrite> writes = new ArrayList<>(2);
        writes.add(new StoreWrite.InsertPlatformEvent(r.botId(), r.eventId(), kind, r.userContact(),
                new String(r.json(), StandardCharsets.UTF_8), r.at(), r.eventId()));
        charging.rateMobileOriginated(r.botId(), r.eventId(), r.userContact(), number, mo.text(), mo.parts(), mo.link(),
                r.at(), writes);
        store.write(writes).join();
        webhooks.offer(r);
    }

    /** The suggestion a numeric answer picks, from the last SMS with suggestions the bot sent this user. */
    private record Picked(String text, String postback, boolean action, String inReplyTo) {
    }

    private Optional<Picked> answer(String bot, String contact, String text, long now) {
        var m = NUMBER.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int n = Integer.parseInt(m.group(1));
        Optional<MessageStore.SmsMenu> menu = store.smsMenu(bot, contact, now);
        if (menu.isEmpty()) {
            GatewayMetrics.SMS_REPLIES.labels("no-menu").inc();
            return Optional.empty();
        }
        try {
            for (JsonNode s : JSON.readTree(menu.get().suggestions())) {
                if (s.path("n").asInt() == n) {
                    GatewayMetrics.SMS_REPLIES.labels("matched").inc();
                    return Optional.of(new Picked(s.path("text").asText(), s.hasNonNull("postback")
                            ? s.get("postback").asText() : null, !"REPLY".equals(s.path("kind").asText()),
                            menu.get().msgId()));
                }
            }
        } catch (Exception e) {
            log.warn("an SMS menu of bot {} could not be read: {}", bot, e.toString());
        }
        GatewayMetrics.SMS_REPLIES.labels("no-such-number").inc();
        return Optional.empty();
    }
}
