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
    void datesOfTenTwelveAndFourteenDigitsAndNoSubOrDlvrd() {
        DeliveryReceipt ten = DeliveryReceiptParser.parse("id:1 submit date:2411261200 done date:2411261201 stat:DELIVRD",
                null, null).orElseThrow();
        assertThat(ten.submitDate()).isEqualTo(java.time.LocalDateTime.of(2024, 11, 26, 12, 0));
        assertThat(ten.doneDate()).isEqualTo(java.time.LocalDateTime.of(2024, 11, 26, 12, 1));
        DeliveryReceipt twelve = DeliveryReceiptParser.parse("id:1 done date:241126120159 stat:EXPIRED err:000", null, null)
                .orElseThrow();
        assertThat(twelve.doneDate()).isEqualTo(java.time.LocalDateTime.of(2024, 11, 26, 12, 1, 59));
        assertThat(twelve.status()).isEqualTo(ReceiptStatus.EXPIRED);
        DeliveryReceipt fourteen = DeliveryReceiptParser.parse("stat:REJECTD done date:20241126120159 id:7 Text:hi id:8", null, null)
                .orElseThrow();
        assertThat(fourteen.doneDate()).isEqualTo(java.time.LocalDateTime.of(2024, 11, 26, 12, 1, 59));
        assertThat(fourteen.messageId()).isEqualTo("7");
        assertThat(DeliveryReceiptParser.parse("id:7 done date:2413991299 stat:DELIVRD", null, null).orElseThrow().doneDate())
                .as("not a date").isNull();
    }

    @Test
    void aDateOutOfTheCalendarOrNotInAsciiDigitsIsNone() {
        assertThat(DeliveryReceiptParser.date("2402291200")).isEqualTo(java.time.LocalDateTime.of(2024, 2, 29, 12, 0));
        assertThat(DeliveryReceiptParser.date(" 20991231235959 ")).isEqualTo(java.time.LocalDateTime.of(2099, 12, 31, 23, 59, 59));
        assertThat(DeliveryReceiptParser.date("2302291200")).as("2023 has no 29 February").isNull();
        assertThat(DeliveryReceiptParser.date("2411262400")).as("hour 24").isNull();
        assertThat(DeliveryReceiptParser.date("241126120060")).as("second 60").isNull();
        assertThat(DeliveryReceiptParser.date("24112612")).as("8 digits").isNull();
        assertThat(DeliveryReceiptParser.date("\u0662\u0664\u0661\u0661\u0662\u0666\u0661\u0662\u0660\u0660"))
                .as("Arabic-Indic digits").isNull();
        assertThat(DeliveryReceiptParser.date("24-1126120")).isNull();
    }

    @Test
    void intermediateAndFinalStates() {
        for (String s : new String[]{"ENROUTE", "ACCEPTD", "ACKED", "BUFFRED"}) {
            assertThat(ReceiptStatus.fromWord(s).isFinal()).as(s).isFalse();
        }
        for (String s : new String[]{"DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "UNKNOWN", "REJECTD"}) {
            assertThat(ReceiptStatus.fromWord(s).isFinal()).as(s).isTrue();
        }
        assertThat(DeliveryReceiptParser.parse("id:9 stat:ENROUTE", null, null).orElseThrow().status().isFinal()).isFalse();
    }

    @Test
    void tlvsWin() {
        DeliveryReceipt r = DeliveryReceiptParser.parse("id:66 stat:DELIVRD", "42", 5).orElseThrow();
        assertThat(r.messageId()).isEqualTo("42");
        assertThat(r.status()).isEqualTo(ReceiptStatus.UNDELIV);
        // receipted_message_id is the submit_sm_resp's id as it was: no other form of it is tried
        assertThat(r.exactId()).isTrue();
        assertThat(DeliveryReceiptParser.parse("id:66 stat:DELIVRD", null, null).orElseThrow().exactId()).isFalse();
        assertThat(DeliveryReceiptParser.parse("id:66 stat:DELIVRD", " ", null).orElseThrow().exactId()).isFalse();
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
