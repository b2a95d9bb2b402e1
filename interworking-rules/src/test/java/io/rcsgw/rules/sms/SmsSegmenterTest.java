package io.rcsgw.rules.sms;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SmsSegmenterTest {

    @Test
    void shortGsmTextIsOneSegment() {
        SmsText t = SmsSegmenter.segment("Hello world");
        assertThat(t.encoding()).isEqualTo(SmsEncoding.GSM7);
        assertThat(t.segmentCount()).isEqualTo(1);
        assertThat(t.payload(0)).isEqualTo("Hello world".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void gsmBoundaries() {
        assertThat(SmsSegmenter.segment("a".repeat(160)).segmentCount()).isEqualTo(1);
        assertThat(SmsSegmenter.segment("a".repeat(161)).segmentCount()).isEqualTo(2);
        assertThat(SmsSegmenter.segment("a".repeat(306)).segmentCount()).isEqualTo(2);
        assertThat(SmsSegmenter.segment("a".repeat(307)).segmentCount()).isEqualTo(3);
    }

    @Test
    void extensionCharacterCostsTwoSeptetsAndIsNeverSplitFromItsEscape() {
        assertThat(SmsSegmenter.segment("€".repeat(80)).segmentCount()).isEqualTo(1);
        assertThat(SmsSegmenter.segment("€".repeat(81)).segmentCount()).isEqualTo(2);
        // 152 plain septets then a euro: the euro (2 septets) does not fit in 153 and moves on whole
        SmsText t = SmsSegmenter.segment("a".repeat(152) + "€" + "b".repeat(10));
        assertThat(t.segments().get(0)).isEqualTo("a".repeat(152));
        assertThat(t.segments().get(1)).startsWith("€");
        assertThat(t.payload(1)[0]).isEqualTo((byte) 0x1B);
        assertThat(t.payload(1)[1]).isEqualTo((byte) 0x65);
    }

    @Test
    void nonGsmTextGoesUcs2AndNeverCutsASurrogatePair() {
        assertThat(SmsSegmenter.segment("Привет").encoding()).isEqualTo(SmsEncoding.UCS2);
        assertThat(SmsSegmenter.segment("я".repeat(70)).segmentCount()).isEqualTo(1);
        assertThat(SmsSegmenter.segment("я".repeat(71)).segmentCount()).isEqualTo(2);
        String text = "x".repeat(66) + "😀" + "y".repeat(10);
        SmsText t = SmsSegmenter.segment(text);
        assertThat(t.segments().get(0)).isEqualTo("x".repeat(66));
        assertThat(t.segments().get(1)).startsWith("😀");
        assertThat(String.join("", t.segments())).isEqualTo(text);
        assertThat(new String(t.payload(1), StandardCharsets.UTF_16BE)).isEqualTo(t.segments().get(1));
    }

    @Test
    void gsmRoundTripThroughUnpackedSeptets() {
        String text = "@£$¥èé {[~]} \\ ^ € | Ünïcode? no: Ñandu & ß";
        String gsm = text.replace("ï", "i");
        byte[] b = GsmAlphabet.encodeUnpacked(gsm);
        assertThat(GsmAlphabet.decodeUnpacked(b, 0, b.length)).isEqualTo(gsm);
        assertThat(GsmAlphabet.canEncode(text)).isFalse();
    }

    @Test
    void udhEightBit() {
        assertThat(ConcatUdh.eightBit(0xAB, 3, 2)).containsExactly(5, 0, 3, 0xAB - 256, 3, 2);
    }
}
