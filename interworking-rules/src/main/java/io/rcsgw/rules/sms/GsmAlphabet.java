package io.rcsgw.rules.sms;

import java.util.Arrays;
import java.util.Objects;

/**
 * A GSM 7-bit character set (3GPP TS 23.038): a locking shift table of 128 characters and a
 * single shift table reached through the escape septet 0x1B. {@link #DEFAULT} is the default
 * alphabet with its extension table; {@link #of} gives the tables of a national language.
 * Septets are handled unpacked here, one per byte; {@link GsmPacking} packs them.
 */
public final class GsmAlphabet {

    public static final int ESCAPE = 0x1B;

    private static final String DEFAULT_TABLE =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final char[] DEFAULT_EXTENSION = new char[128];
    private static final char NONE = 0;

    static {
        if (DEFAULT_TABLE.length() != 128) {
            throw new ExceptionInInitializerError("GSM default table must have 128 entries");
        }
        DEFAULT_EXTENSION[0x0A] = '\f';
        DEFAULT_EXTENSION[0x14] = '^';
        DEFAULT_EXTENSION[0x28] = '{';
        DEFAULT_EXTENSION[0x29] = '}';
        DEFAULT_EXTENSION[0x2F] = '\\';
        DEFAULT_EXTENSION[0x3C] = '[';
        DEFAULT_EXTENSION[0x3D] = '~';
        DEFAULT_EXTENSION[0x3E] = ']';
        DEFAULT_EXTENSION[0x40] = '|';
        DEFAULT_EXTENSION[0x65] = '€';
    }

    public static final GsmAlphabet DEFAULT = new GsmAlphabet(null, null);
    private static final GsmAlphabet[][] NATIONAL = new GsmAlphabet[NationalLanguage.values().length + 1][];

    static {
        int n = NationalLanguage.values().length + 1;
        for (int l = 0; l < n; l++) {
            NATIONAL[l] = new GsmAlphabet[n];
            for (int s = 0; s < n; s++) {
                NationalLanguage locking = l == 0 ? null : NationalLanguage.values()[l - 1];
                NationalLanguage single = s == 0 ? null : NationalLanguage.values()[s - 1];
                NATIONAL[l][s] = l == 0 && s == 0 ? DEFAULT
                        : locking != null && !locking.hasLockingShift() ? null : new GsmAlphabet(locking, single);
            }
        }
    }

    private final NationalLanguage locking;
    private final NationalLanguage single;
    private final char[] base = new char[128];
    private final char[] extension = new char[128];
    /** char -> septet (bit 8 set: in the single shift table), -1 when not encodable. */
    private final short[] encode = new short[0x10000];

    private GsmAlphabet(NationalLanguage locking, NationalLanguage single) {
        this.locking = locking;
        this.single = single;
        DEFAULT_TABLE.getChars(0, 128, base, 0);
        if (locking != null) {
            locking.lockingChanges().forEach((code, c) -> base[code] = c);
        }
        System.arraycopy(DEFAULT_EXTENSION, 0, extension, 0, 128);
        if (single != null) {
            single.singleShiftAdditions().forEach((code, c) -> extension[code] = c);
        }
        Arrays.fill(encode, (short) -1);
        // extension first, so a character present in both tables is sent in one septet
        for (int i = 0; i < 128; i++) {
            if (extension[i] != NONE) {
                encode[extension[i]] = (short) (0x100 | i);
            }
        }
        for (int i = 0; i < 128; i++) {
            if (i != ESCAPE) {
                encode[base[i]] = (short) i;
            }
        }
    }

    /**
     * The character set with these national tables; null means the default table. Null when the
     * language has no locking shift table (Spanish).
     */
    public static GsmAlphabet of(NationalLanguage lockingShift, NationalLanguage singleShift) {
        return NATIONAL[lockingShift == null ? 0 : lockingShift.ordinal() + 1][singleShift == null ? 0 : singleShift.ordinal() + 1];
    }

    /** The locking shift table's language, null for the default alphabet. */
    public NationalLanguage lockingShift() {
        return locking;
    }

    /** The single shift table's language, null for the default extension table. */
    public NationalLanguage singleShift() {
        return single;
    }

    /** How many national language information elements a message in this set needs (0 to 2). */
    public int shiftElements() {
        return (locking != null ? 1 : 0) + (single != null ? 1 : 0);
    }

    /** Septets a character costs: 1 in the base table, 2 in the single shift table, 0 if not encodable. */
    public int septets(char c) {
        short code = encode[c];
        if (code < 0) {
            return 0;
        }
        return (code & 0x100) != 0 ? 2 : 1;
    }

    public boolean canEncode(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (encode[text.charAt(i)] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets the text costs, or -1 when a character is not in this set. */
    public int count(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            short code = encode[text.charAt(i)];
            if (code < 0) {
                return -1;
            }
            n += (code & 0x100) != 0 ? 2 : 1;
        }
        return n;
    }

    /** Unpacked septets (one per byte) of a text that {@link #canEncode} accepted. */
    public byte[] encodeUnpacked(CharSequence text) {
        byte[] out = new byte[text.length() * 2];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            short code = encode[text.charAt(i)];
            if (code < 0) {
                throw new IllegalArgumentException("character at " + i + " is not in this GSM 7-bit character set");
            }
            if ((code & 0x100) != 0) {
                out[n++] = ESCAPE;
            }
            out[n++] = (byte) (code & 0x7F);
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Decodes unpacked septets. An escape followed by a code the single shift table does not
     * have decodes as that code's base character, and a trailing escape as a space (TS 23.038
     * §6.2.1.1).
     */
    public String decodeUnpacked(byte[] septets, int offset, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            int s = septets[i] & 0x7F;
            if (s == ESCAPE && i + 1 < offset + length) {
                int ext = septets[++i] & 0x7F;
                char c = extension[ext];
                sb.append(c != NONE ? c : ext == ESCAPE ? ' ' : base[ext]);
            } else if (s == ESCAPE) {
                sb.append(' ');
            } else {
                sb.append(base[s]);
            }
        }
        return sb.toString();
    }

    /** The character of a base-table septet (for tests and diagnostics). */
    public char baseChar(int septet) {
        return base[septet & 0x7F];
    }

    /** The character of a single-shift septet, or 0 when the table has none there. */
    public char extensionChar(int septet) {
        return extension[septet & 0x7F];
    }

    @Override
    public String toString() {
        return "GSM 7-bit" + (locking != null ? " locking " + locking : "") + (single != null ? " single " + single : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GsmAlphabet g && g.locking == locking && g.single == single;
    }

    @Override
    public int hashCode() {
        return Objects.hash(locking, single);
    }
}
