package io.rcsgw.smpp.receipt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryReceiptParserTest {

    @Test
    void standardText() {
        DeliveryReceipt r = DeliveryReceiptParser.parse(
                "id:0123456789 sub:001 dlvrd:001 submit date:2411261200 done date:2411261201 stat:DELIVRD err:000 text:Hello: world",
                null, null).orElseThrow();
        assertThat(r.messageId()).isEqualTo("0123456789");
        assertThat(r.status()).isEqualTo(ReceiptStatus.DELIVRD);
        assertThat(r.errorCode()).isEqualTo("000");
    }

    @Test
    void fieldsInAnyOrderAnyCaseAndMissing() {
        DeliveryReceipt r = DeliveryReceiptParser.parse("stat:undeliv ID:ab12 err:012 Text:x stat:DELIVRD", null, null).orElseThrow();
        assertThat(r.messageId()).isEqualTo("ab12");
        assertThat(r.status()).isEqualTo(ReceiptStatus.UNDELIV);
        assertThat(r.errorCode()).isEqualTo("012");
    }

    @Test
    void tlvsWin() {
        DeliveryReceipt r = DeliveryReceiptParser.parse("id:66 stat:DELIVRD", "42", 5).orElseThrow();
        assertThat(r.messageId()).isEqualTo("42");
        assertThat(r.status()).isEqualTo(ReceiptStatus.UNDELIV);
        assertThat(DeliveryReceiptParser.parse("no id here stat:DELIVRD", null, null)).isEmpty();
    }

    @Test
    void decimalReceiptIdMatchesHexSubmitId() {
        assertThat(MessageIdKey.candidates("6699")).contains(MessageIdKey.canonical("1A2B"));
        assertThat(MessageIdKey.candidates("0006699")).contains("1a2b");
        assertThat(MessageIdKey.canonical("000ABC")).isEqualTo("abc");
        assertThat(MessageIdKey.candidates("xyz-1")).containsExactly("xyz-1");
    }
}
