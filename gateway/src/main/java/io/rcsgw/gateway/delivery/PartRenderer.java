package io.rcsgw.gateway.delivery;

import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;
import io.rcsgw.rules.sms.SmsText;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.ShortMessageParts;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.SmscLink;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a message as the submit_sm parts one link sends: segmented as that link's SMSC wants
 * (with the route's national tables), from the rule's sender, else the bot's, else the default,
 * with the rule's validity, else the link's, and never past the message's expiry.
 */
final class PartRenderer {

    private final Map<String, String> senderByBot;
    private final String defaultSender;
    private final Clock clock;

    PartRenderer(Map<String, String> senderByBot, String defaultSender, Clock clock) {
        this.senderByBot = Map.copyOf(senderByBot);
        this.defaultSender = defaultSender;
        this.clock = clock;
    }

    /**
     * The text as the link's segmenter profile cuts it; {@code routeLanguages}, when not null,
     * replace the link's national tables (unless the link sends GSM text as Latin-1).
     */
    static SmsText text(String body, SmscLink link, Set<NationalLanguage> routeLanguages) {
        SmsProfile profile = link.sms().profile();
        if (routeLanguages != null && !profile.gsmAsLatin1()) {
            profile = profile.withLanguages(routeLanguages);
        }
        return SmsSegmenter.segment(body, profile);
    }

    /** The text's parts for the link, {@code reference} their concatenation reference. */
    List<ShortMessagePdu> pdus(InFlight f, SmscLink link, SmsText text, int reference) {
        return ShortMessageParts.of(senderOf(f), f.recipient.substring(1), text, reference, settingsFor(f, link));
    }

    /** The rule's sender, else the bot's, else the default. */
    String senderOf(InFlight f) {
        synchronized (f) {
            if (f.sender != null) {
                return f.sender;
            }
        }
        return senderByBot.getOrDefault(f.key.botId(), defaultSender);
    }

    /**
     * The link's settings, with the validity the rule sets, and never past the message's expiry
     * (at least a second): an SMSC does not deliver an expired message either.
     */
    SmsSettings settingsFor(InFlight f, SmscLink link) {
        Duration validity;
        Long expiry;
        synchronized (f) {
            validity = f.validity;
            expiry = f.expiresAt;
        }
        if (validity == null) {
            validity = link.sms().validityPeriod();
        }
        if (expiry != null) {
            Duration left = Duration.ofMillis(Math.max(1000, expiry - clock.millis()));
            validity = validity == null || left.compareTo(validity) < 0 ? left : validity;
        }
        return validity == null || validity.equals(link.sms().validityPeriod()) ? link.sms() : link.sms().withValidityPeriod(validity);
    }
}
