package io.rcsgw.rules.content;

import io.rcsgw.rules.routing.Overflow;
import io.rcsgw.rules.sms.SmsProfile;
import io.rcsgw.rules.sms.SmsSegmenter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmsFittingTest {

    static final SmsProfile P = SmsProfile.DEFAULT;

    static int segments(String s) {
        return SmsSegmenter.segment(s, P).segmentCount();
    }

    @Test
    void aTextThatFitsIsLeftAlone() {
        String t = "  short  ";
        assertThat(SmsFitting.fit(t, 1, P, Overflow.REJECT, null)).isEqualTo(new SmsFitting.AsIs(t));
    }

    @Test
    void rejectSaysHowManySegmentsItWouldNeed() {
        String t = "a".repeat(400);
        assertThat(SmsFitting.fit(t, 2, P, Overflow.REJECT, null)).isEqualTo(new SmsFitting.TooLong(t, 3));
    }

    @Test
    void truncateFillsTheSegmentsAndEndsWithAnEllipsis() {
        String t = "word ".repeat(100);
        SmsFitting.Fitted f = SmsFitting.fit(t, 2, P, Overflow.TRUNCATE, null);
        assertThat(f).isInstanceOf(SmsFitting.Truncated.class);
        assertThat(f.text()).startsWith("word word").endsWith("...").doesNotContain("…");
        assertThat(segments(f.text())).isEqualTo(2);
        // one more character would not fit: the cut is as late as it can be (2 x 153 septets)
        assertThat(f.text().length()).isBetween(300, 306);
    }

    @Test
    void truncateNeverCutsAGraphemeAndUsesTheUnicodeEllipsisInUcs2() {
        String flag = "\uD83C\uDDEC\uD83C\uDDE7"; // GB flag: two code points, four UTF-16 units, one grapheme
        String t = ("Hello " + flag + " ").repeat(40);
        SmsFitting.Fitted f = SmsFitting.fit(t, 2, P, Overflow.TRUNCATE, null);
        assertThat(f.text()).endsWith("…");
        assertThat(segments(f.text())).isLessThanOrEqualTo(2);
        String head = f.text().substring(0, f.text().length() - 1);
        // every flag in the head is whole: no lone regional indicator
        assertThat(head.replace(flag, "")).doesNotContain("\uD83C");
    }

    @Test
    void webViewKeepsTheLinkWhole() {
        String link = "https://gw.example/v/AbCdEfGhIjKlMnOpQrStUv";
        String t = "Big sale! ".repeat(60);
        SmsFitting.Fitted f = SmsFitting.fit(t, 2, P, Overflow.WEB_VIEW, link);
        assertThat(f).isInstanceOf(SmsFitting.Linked.class);
        assertThat(f.text()).endsWith("...\n" + link).startsWith("Big sale!");
        assertThat(segments(f.text())).isEqualTo(2);
        assertThat(SmsFitting.fit(t, 2, P, Overflow.WEB_VIEW, null)).isInstanceOf(SmsFitting.TooLong.class);
    }
}
