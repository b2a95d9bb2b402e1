package io.rcsgw.rules.sms;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the short_message of a mobile-originated SMS by its SMPP data_coding (SMPP 3.4
 * §5.2.19, 3GPP TS 23.038 §4): the SMPP-defined codes 0x00-0x0E, and the GSM coding groups
 * above them. A user data header (UDHI set) is parsed first; its national language elements
 * select the GSM tables. Binary data stays binary.
 */
public final class SmsDecoder {

    private static final Charset ISO_8859_5 = Charset.forName("ISO-8859-5");
    private static final Charset ISO_8859_8 = Charset.forName("ISO-8859-8");
    private static final Charset EUC_KR = Charset.forName("EUC-KR");

    private SmsDecoder() {
    }

    /** The decoded user data: text, or binary octets when the coding carries no text. */
    public record Decoded(UserDataHeader header, String text, byte[] binary) {
        public boolean isText() {
            return text != null;
        }
    }

    /** Alphabets a data_coding can name. */
    enum Kind { GSM7, ASCII, LATIN1, UCS2, CYRILLIC, HEBREW, KOREAN, BINARY }

    static Kind kind(int dataCoding) {
        int dc = dataCoding & 0xFF;
        if (dc < 0x10) {
            return switch (dc) {
                case 0x00 -> Kind.GSM7;
                case 0x01 -> Kind.ASCII;
                case 0x03 -> Kind.LATIN1;
                case 0x06 -> Kind.CYRILLIC;
                case 0x07 -> Kind.HEBREW;
                case 0x08 -> Kind.UCS2;
                case 0x0E -> Kind.KOREAN;
                default -> Kind.BINARY; // 0x02/0x04 8-bit, 0x05 JIS, 0x09-0x0D pictograms, music, JIS X 0212
            };
        }
        int group = dc >> 4;
        if (group <= 0x7) { // general data coding (0x40-0x7F: marked for automatic deletion)
            if ((dc & 0x20) != 0) {
                return Kind.BINARY; // compressed
            }
            return switch ((dc >> 2) & 0x3) {
                case 0 -> Kind.GSM7;
                case 2 -> Kind.UCS2;
                default -> Kind.BINARY;
            };
        }
        return switch (group) {
            case 0xC, 0xD -> Kind.GSM7;   // message waiting indication, GSM 7-bit
            case 0xE -> Kind.UCS2;        // message waiting indication, UCS-2
            case 0xF -> (dc & 0x04) != 0 ? Kind.BINARY : Kind.GSM7; // message class
            default -> Kind.BINARY;       // 0x80-0xBF reserved
        };
    }

    /**
     * Decodes {@code shortMessage}. {@code zero} says what data_coding 0x00 means at this SMSC;
     * its packing setting also applies to the GSM coding groups.
     *
     * @throws IllegalArgumentException when the UDH is malformed
     */
    public static Decoded decode(int dataCoding, byte[] shortMessage, boolean udhi, DefaultCoding zero) {
        UserDataHeader header = udhi ? UserDataHeader.parse(shortMessage) : UserDataHeader.EMPTY;
        int start = header.length();
        Kind kind = kind(dataCoding);
        if (kind == Kind.GSM7 && (dataCoding & 0xFF) == 0x00 && zero == DefaultCoding.LATIN1) {
            kind = Kind.LATIN1;
        }
        byte[] body = Arrays.copyOfRange(shortMessage, start, shortMessage.length);
        String text = switch (kind) {
            case GSM7 -> {
                GsmAlphabet alphabet = header.alphabet();
                if (zero == DefaultCoding.GSM_PACKED) {
                    byte[] septets = GsmPacking.unpack(shortMessage, start, shortMessage.length - start,
                            GsmPacking.fillBits(start));
                    yield alphabet.decodeUnpacked(septets, 0, septets.length);
                }
                yield alphabet.decodeUnpacked(body, 0, body.length);
            }
            case ASCII -> new String(body, StandardCharsets.US_ASCII);
            case LATIN1 -> new String(body, StandardCharsets.ISO_8859_1);
            case UCS2 -> new String(body, 0, body.length & ~1, StandardCharsets.UTF_16BE);
            case CYRILLIC -> new String(body, ISO_8859_5);
            case HEBREW -> new String(body, ISO_8859_8);
            case KOREAN -> new String(body, EUC_KR);
            case BINARY -> null;
        };
        return new Decoded(header, text, text == null ? body : null);
    }
}
