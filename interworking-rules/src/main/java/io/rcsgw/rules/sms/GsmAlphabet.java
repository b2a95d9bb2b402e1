package io.rcsgw.rules.sms;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table. Characters are
 * encoded unpacked, one septet per byte, as SMPP carries them with data_coding 0x00 at most
 * SMSCs; an extension character is the escape septet 0x1B followed by its code.
 */
public final class GsmAlphabet {

    public static final int ESCAPE = 0x1B;

    private static final String DEFAULT_TABLE =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // code -> char for the extension table (0 = unassigned)
    private static final char[] EXTENSION = new char[128];
    private static final short[] ENCODE = new short[0x10000];

    private static final short NONE = -1;

    static {
        if (DEFAULT_TABLE.length() != 128) {
            throw new ExceptionInInitializerError("GSM default table must have 128 entries");
        }
        EXTENSION[0x0A] = '\f';
        EXTENSION[0x14] = '^';
        EXTENSION[0x28] = '{';
        EXTENSION[0x29] = '}';
        EXTENSION[0x2F] = '\\';
        EXTENSION[0x3C] = '[';
        EXTENSION[0x3D] = '~';
        EXTENSION[0x3E] = ']';
        EXTENSION[0x40] = '|';
        EXTENSION[0x65] = '€';
        java.util.Arrays.fill(ENCODE, NONE);
        for (int i = 0; i < 128; i++) {
            if (i != ESCAPE) {
                ENCODE[DEFAULT_TABLE.charAt(i)] = (short) i;
            }
        }
        for (int i = 0; i < 128; i++) {
            if (EXTENSION[i] != 0) {
                ENCODE[EXTENSION[i]] = (short) (0x100 | i);
            }
        }
    }

    private GsmAlphabet() {
    }

    /** Septets a character costs: 1 in the default table, 2 in the extension table, 0 if not encodable. */
    public static int septets(char c) {
        short code = ENCODE[c];
        if (code == NONE) {
            return 0;
        }
        return (code & 0x100) != 0 ? 2 : 1;
    }

    public static boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (ENCODE[text.charAt(i)] == NONE) {
                return false;
            }
        }
        return true;
    }

    /** Unpacked septets (one per byte) of a text that {@link #canEncode} accepted. */
    public static byte[] encodeUnpacked(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            short code = ENCODE[text.charAt(i)];
            if (code == NONE) {
                throw new IllegalArgumentException("character at " + i + " is not in the GSM 03.38 alphabet");
            }
            if ((code & 0x100) != 0) {
                out.write(ESCAPE);
            }
            out.write(code & 0x7F);
        }
        return out.toByteArray();
    }

    /** Decodes unpacked septets; an unknown escape decodes as its default-table character (TS 23.038). */
    public static String decodeUnpacked(byte[] septets, int offset, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int s = septets[i] & 0x7F;
            if (s == ESCAPE && i + 1 < offset + length) {
                int ext = septets[++i] & 0x7F;
                char c = EXTENSION[ext];
                sb.append(c != 0 ? c : DEFAULT_TABLE.charAt(ext));
            } else if (s == ESCAPE) {
                sb.append(' ');
            } else {
                sb.append(DEFAULT_TABLE.charAt(s));
            }
        }
        return sb.toString();
    }
}
