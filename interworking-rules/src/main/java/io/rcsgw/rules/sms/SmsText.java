package io.rcsgw.rules.sms;

import java.util.List;

/**
 * A text cut into SMS segments: the encoding chosen, and each segment's text. Segment
 * boundaries never cut a GSM escape sequence or a UTF-16 surrogate pair.
 */
public record SmsText(SmsEncoding encoding, List<String> segments, int units) {

    public SmsText {
        segments = List.copyOf(segments);
    }

    public int segmentCount() {
        return segments.size();
    }

    public boolean isConcatenated() {
        return segments.size() > 1;
    }

    /** The bytes of one segment as SMPP short_message carries them, without any UDH. */
    public byte[] payload(int index) {
        String s = segments.get(index);
        return switch (encoding) {
            case GSM7 -> GsmAlphabet.encodeUnpacked(s);
            case UCS2 -> s.getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        };
    }
}
