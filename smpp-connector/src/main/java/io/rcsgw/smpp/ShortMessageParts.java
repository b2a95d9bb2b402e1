package io.rcsgw.smpp;

import io.rcsgw.rules.sms.Concatenation;
import io.rcsgw.rules.sms.DefaultCoding;
import io.rcsgw.rules.sms.GsmPacking;
import io.rcsgw.rules.sms.SmsEncoding;
import io.rcsgw.rules.sms.SmsText;
import io.rcsgw.rules.sms.UserDataHeader;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a segmented text into the submit_sm PDUs that carry it on one link: each part with its
 * header and payload in the link's data_coding 0 form, joined as the link wants (UDH, SAR TLVs,
 * or one message_payload TLV), with the link's addressing, validity and priority.
 */
public final class ShortMessageParts {

    private ShortMessageParts() {
    }

    /**
     * @param reference the concatenation reference, unique per destination while the parts are
     *                  in flight (the low 8 bits are used with an 8-bit UDH)
     */
    public static List<ShortMessagePdu> of(String source, String destinationDigits, SmsText text, int reference,
                                           SmsSettings link) {
        byte[] ton = addressing(source, link);
        String validity = link.validityPeriod() == null ? null : relativeTime(link.validityPeriod());
        byte priority = (byte) link.priority();
        Concatenation c = text.concatenation();
        if (c == Concatenation.MESSAGE_PAYLOAD && text.isConcatenated()) {
            UserDataHeader header = text.header(0, reference); // shift tables only: the SMSC adds the joining
            byte[] body = concat(header.toBytes(), encode(text, -1, header.length(), link));
            return List.of(new ShortMessagePdu(source, ton[0], ton[1], destinationDigits, esm(header), text.dataCoding(),
                    new byte[0], null, body, validity, priority));
        }
        int n = text.segmentCount();
        List<ShortMessagePdu> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            UserDataHeader header = text.header(i, c == Concatenation.UDH_8BIT ? reference & 0xFF : reference & 0xFFFF);
            byte[] sm = concat(header.toBytes(), encode(text, i, header.length(), link));
            ShortMessagePdu.Sar sar = c == Concatenation.SAR && n > 1
                    ? new ShortMessagePdu.Sar(reference & 0xFFFF, n, i + 1) : null;
            parts.add(new ShortMessagePdu(source, ton[0], ton[1], destinationDigits, esm(header), text.dataCoding(), sm, sar,
                    null, validity, priority));
        }
        return parts;
    }

    /** Segment {@code index} (or the whole text for -1) in the link's form of data_coding 0. */
    private static byte[] encode(SmsText text, int index, int headerOctets, SmsSettings link) {
        String s = index < 0 ? text.text() : text.segments().get(index);
        if (text.encoding() != SmsEncoding.GSM7) {
            return index < 0 ? s.getBytes(StandardCharsets.UTF_16BE) : text.payload(index);
        }
        byte[] septets = text.alphabet().encodeUnpacked(s);
        return switch (link.defaultCoding()) {
            case GSM_UNPACKED -> septets;
            case GSM_PACKED -> GsmPacking.pack(septets, GsmPacking.fillBits(headerOctets));
            case LATIN1 -> s.getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    private static byte esm(UserDataHeader header) {
        return (byte) (header.isEmpty() ? 0x00 : 0x40);
    }

    /**
     * Source TON/NPI: an alphanumeric sender is TON 5 (NPI 0), a short code the link's setting,
     * a longer number international (TON 1, NPI 1).
     */
    static byte[] addressing(String source, SmsSettings link) {
        boolean digits = !source.isEmpty();
        for (int i = 0; i < source.length() && digits; i++) {
            digits = source.charAt(i) >= '0' && source.charAt(i) <= '9';
        }
        if (!digits) {
            return new byte[]{5, 0};
        }
        if (source.length() <= SmsSettings.SHORT_CODE_DIGITS) {
            return new byte[]{(byte) link.shortCodeTon(), (byte) link.shortCodeNpi()};
        }
        return new byte[]{1, 1};
    }

    /** SMPP 3.4 §7.1.1 relative time: YYMMDDhhmmss000R. */
    static String relativeTime(Duration d) {
        long s = d.getSeconds();
        long days = s / 86_400;
        return String.format("%02d%02d%02d%02d%02d%02d000R", days / 365, (days % 365) / 30, (days % 365) % 30,
                (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
