package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChargingRecordTest {

    @Test
    void theOriginalColumnsKeepTheirNamesAndOrderAndTheNewOnesFollow() {
        assertThat(ChargingRecord.COLUMNS.subList(0, 14)).containsExactly("record_id", "closed_at", "accepted_at", "bot_id",
                "msg_id", "recipient", "channel", "final_state", "category", "units", "unit_price", "amount", "currency",
                "tariff");
        assertThat(ChargingRecord.COLUMNS).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void aRecordListsItsValuesInColumnOrder() {
        ChargingRecord r = new ChargingRecord(4201,
                new ChargingRecord.Subject(420, "bot", "m-1", Direction.MT, "12345", "+447700900123", 0, "promo"),
                new ChargingRecord.LegFacts(Channel.SMS, ChargingRecord.LegKind.FALLBACK, MessageState.DELIVERED, 1_000, "", null, 2, "GSM7", 300, 300,
                        500, "fallback:undelivered", "smsc-a", List.of("smsc-a/1a", "smsc-a/1b")),
                new Rating(ChargeCategory.SMS_SEGMENT, 2, new BigDecimal("0.0350"), new BigDecimal("0.0700"), "EUR",
                        "standard", "2026-01"));
        assertThat(r.values()).hasSameSizeAs(ChargingRecord.COLUMNS).containsExactly("4201", "1970-01-01T00:00:01Z",
                "1970-01-01T00:00:00Z", "bot", "m-1", "+447700900123", "sms", "DELIVERED", "SMS_SEGMENT", "2", "0.0350",
                "0.0700", "EUR", "standard", "420", "MT", "fallback", "", "", "12345", "2", "GSM7", "300", "300",
                "1970-01-01T00:00:00.500Z", "promo", "fallback:undelivered", "smsc-a", "smsc-a/1a smsc-a/1b", "2026-01");
    }

    @Test
    void maskingKeepsTheNetworkAndTheLastTwoDigitsAndLeavesShortCodes() {
        assertThat(ChargingRecord.mask("+447700900123")).isEqualTo("+44770*****23");
        assertThat(ChargingRecord.mask("12345")).isEqualTo("12345");
        assertThat(ChargingRecord.mask("")).isEmpty();
    }
}
