package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.sms.Concatenation;
import io.rcsgw.rules.sms.DefaultCoding;
import io.rcsgw.rules.sms.NationalLanguage;
import io.rcsgw.rules.sms.SmsEncoding;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.SmsSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class PartRendererTest {

    private static final long NOW = 1_790_000_000_000L;
    private final PartRenderer renderer = new PartRenderer(Map.of("shop", "Shop"), "rcsgw",
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private final TestLink link = new TestLink("a-0");

    private static InFlight message(String bot, String body) {
        return new InFlight(1, new MessageKey(bot, "m1"), "+447700900123", body, NOW, MessageState.ACCEPTED, 0, null, null, null);
    }

    @Test
    void theSenderIsTheRulesElseTheBotsElseTheDefault() {
        InFlight shop = message("shop", "hi");
        assertEquals("Shop", renderer.senderOf(shop));
        assertEquals("rcsgw", renderer.senderOf(message("other", "hi")));
        shop.sender = "447700900999";
        assertEquals("447700900999", renderer.senderOf(shop));
    }

    @Test
    void theValidityIsTheRulesElseTheLinksAndNeverPastTheExpiry() {
        InFlight f = message("shop", "hi");
        assertSame(link.sms(), renderer.settingsFor(f, link), "nothing set: the link's own settings");
        f.validity = Duration.ofMinutes(10);
        assertEquals(Duration.ofMinutes(10), renderer.settingsFor(f, link).validityPeriod());
        f.expiresAt = NOW + Duration.ofMinutes(4).toMillis();
        assertEquals(Duration.ofMinutes(4), renderer.settingsFor(f, link).validityPeriod(), "the expiry comes first");
        f.expiresAt = NOW - 5_000;
        assertEquals(Duration.ofSeconds(1), renderer.settingsFor(f, link).validityPeriod(), "expired meanwhile: a second");
        TestLink hourly = new TestLink("b-0", SmsSettings.DEFAULT.withValidityPeriod(Duration.ofHours(1)));
        InFlight later = message("shop", "hi");
        later.expiresAt = NOW + Duration.ofHours(2).toMillis();
        assertSame(hourly.sms(), renderer.settingsFor(later, hourly), "the link's hour ends before the expiry");
    }

    @Test
    void theRoutesNationalTablesReplaceTheLinksUnlessItSendsLatin1() {
        // Turkish tables win where they save segments: these 171 characters take 3 in UCS-2, 2 with them
        String turkish = "Sayın müşterimiz, ğüşıöç ĞÜŞİÖÇ siparişiniz yola çıktı. ".repeat(3);
        assertEquals(SmsEncoding.UCS2, PartRenderer.text(turkish, link, null).encoding(), "no Turkish table: UCS-2");
        assertEquals(SmsEncoding.GSM7, PartRenderer.text(turkish, link, Set.of(NationalLanguage.TURKISH)).encoding());
        TestLink turkishLink = new TestLink("t-0", new SmsSettings(Concatenation.UDH_8BIT, DefaultCoding.GSM_UNPACKED,
                Set.of(NationalLanguage.TURKISH), 255, null, 0, 3, 0, null));
        assertEquals(SmsEncoding.UCS2, PartRenderer.text(turkish, turkishLink, Set.of()).encoding(), "the route's none replace the link's");
        TestLink latin1 = new TestLink("l-0", new SmsSettings(Concatenation.UDH_8BIT, DefaultCoding.LATIN1, Set.of(), 255, null, 0,
                3, 0, null));
        assertEquals(SmsEncoding.UCS2, PartRenderer.text(turkish, latin1, Set.of(NationalLanguage.TURKISH)).encoding());
    }

    @Test
    void thePartsGoToTheNumberWithoutItsPlusFromTheSender() {
        InFlight f = message("shop", "x".repeat(200));
        List<ShortMessagePdu> pdus = renderer.pdus(f, link, PartRenderer.text(f.body, link, null), 42);
        assertEquals(2, pdus.size(), "200 GSM characters: two segments of 153");
        for (ShortMessagePdu p : pdus) {
            assertEquals("447700900123", p.destinationAddress());
            assertEquals("Shop", p.sourceAddress());
            assertEquals(0x40, p.esmClass() & 0x40, "UDH concatenation");
        }
    }
}
