package io.rcsgw.rules.sms;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A text cut into SMS segments: the encoding chosen (with its GSM tables), how the parts are
 * joined, and each segment's text. Segment boundaries never cut a GSM escape sequence or a
 * UTF-16 surrogate pair, and keep grapheme clusters whole where they fit.
 *
 * @param alphabet the GSM character set for {@link SmsEncoding#GSM7}, null otherwise
 * @param units    what the whole text costs: septets, octets or UTF-16 code units
 */
public record SmsText(SmsEncoding encoding, GsmAlphabet alphabet, Concatenation concatenation, List<String> segments,
                      int units) {

    public SmsText {
        segments = List.copyOf(segments);
    }

    /** Segments the handset receives: what a message costs, and what the API limits. */
    public int segmentCount() {
        return segments.size();
    }

    public boolean isConcatenated() {
        return segments.size() > 1;
    }

    /** The data_coding for SMPP (0x00 GSM, 0x08 UCS-2, 0x04 8-bit). */
    public byte dataCoding() {
        return encoding.dataCoding();
    }

    /**
     * The header of segment {@code index}: national shift elements, and the concatenation
     * element when the parts are joined in the UDH. Empty when neither applies.
     */
    public UserDataHeader header(int index, int reference) {
        UserDataHeader.Concat concat = null;
        if (isConcatenated() && concatenation.inUserDataHeader()) {
            concat = new UserDataHeader.Concat(reference, segments.size(), index + 1,
                    concatenation == Concatenation.UDH_16BIT);
        }
        return UserDataHeader.of(alphabet, concat);
    }

    /** The segment's text as unpacked septets (GSM) or UTF-16BE, without any header. */
    public byte[] payload(int index) {
        String s = segments.get(index);
        return switch (encoding) {
            case GSM7 -> alphabet.encodeUnpacked(s);
            case UCS2 -> s.getBytes(StandardCharsets.UTF_16BE);
            case EIGHT_BIT -> s.getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    /** The whole text in one payload (for a message_payload TLV). */
    public String text() {
        return String.join("", segments);
    }
}
