package io.rcsgw.gateway.esme;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.gateway.webhook.WebhookEvent;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.smpp.server.EsmeReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which outcomes make a receipt for which registered_delivery, and what it says. */
class EsmeReceiptsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "rd {0}, {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "0,    DELIVERED,     -",
            "1,    DELIVERED,     DELIVRD",
            "1,    DISPLAYED,     DELIVRD",
            "1,    UNDELIVERABLE, UNDELIV",
            "1,    FAILED,        UNDELIV",
            "1,    EXPIRED,       EXPIRED",
            "1,    CANCELLED,     DELETED",
            "1,    REJECTED,      REJECTD",
            "1,    SMS_SUBMITTED, -",
            "2,    DELIVERED,     -",
            "2,    EXPIRED,       EXPIRED",
            "3,    DELIVERED,     DELIVRD",
            "3,    FAILED,        -",
            "17,   SMS_SUBMITTED, ENROUTE",
            "17,   RCS_SENT,      ENROUTE",
            "16,   DELIVERED,     -",
    })
    void registeredDelivery(int rd, MessageState state, String stat) throws Exception {
        EsmeReceipt r = EsmeReceipts.receipt(event(state), JSON.readTree("{\"s\":\"e1\",\"src\":\"12345\",\"rd\":" + rd
                + ",\"at\":1764669600000,\"t\":\"Your code is 4711\"}"));
        assertThat(r == null ? null : r.stat()).isEqualTo(stat);
    }

    @Test
    void theReceiptReadsAsAppendixB() throws Exception {
        EsmeReceipt r = EsmeReceipts.receipt(event(MessageState.DELIVERED), JSON.readTree(
                "{\"s\":\"e1\",\"src\":\"12345\",\"rd\":1,\"at\":1764669600000,\"t\":\"Your code is 4711 for\"}"));
        assertThat(r.shortMessage()).isEqualTo("id:m-1 sub:001 dlvrd:001 submit date:2512021000 done date:2512021001 "
                + "stat:DELIVRD err:000 text:Your code is 4711 fo");
        assertThat(r.destination()).isEqualTo("+447700900001");
        assertThat(r.esmeSource()).isEqualTo("12345");
        assertThat(r.messageState()).isEqualTo(2);
    }

    static WebhookEvent.Status event(MessageState state) {
        return new WebhookEvent.Status(1, new MessageKey("bot1", "m-1"), 3, "+447700900001", state, "sms", "x",
                1764669660000L, EsmeReceipts.MARK + "{}", "sms", false);
    }
}
