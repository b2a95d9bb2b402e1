package io.rcsgw.rules.sms;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the encoding of a text and cuts it into segments. This is the single place that
 * decides segment counts: the API's validation, the SMS leg and rating all call it.
 */
public final class SmsSegmenter {

    private SmsSegmenter() {
    }

    public static SmsText segment(String text) {
        if (GsmAlphabet.canEncode(text)) {
            return cut(text, SmsEncoding.GSM7);
        }
        return cut(text, SmsEncoding.UCS2);
    }

    /** Units the text costs in its chosen encoding (septets for GSM, code units for UCS-2). */
    public static int units(String text, SmsEncoding encoding) {
        if (encoding == SmsEncoding.UCS2) {
            return text.length();
        }
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += GsmAlphabet.septets(text.charAt(i));
        }
        return n;
    }

    private static SmsText cut(String text, SmsEncoding encoding) {
        int total = units(text, encoding);
        if (total <= encoding.singleCapacity()) {
            return new SmsText(encoding, List.of(text), total);
        }
        int capacity = encoding.concatCapacity();
        List<String> segments = new ArrayList<>();
        int start = 0;
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cost;
            int width;
            char c = text.charAt(i);
            if (encoding == SmsEncoding.GSM7) {
                cost = GsmAlphabet.septets(c);
                width = 1;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                cost = 2;
                width = 2;
            } else {
                cost = 1;
                width = 1;
            }
            if (used + cost > capacity) {
                segments.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += cost;
            i += width;
        }
        segments.add(text.substring(start));
        return new SmsText(encoding, segments, total);
    }
}
