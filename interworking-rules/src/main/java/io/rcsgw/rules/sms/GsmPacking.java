package io.rcsgw.rules.sms;

/**
 * Packing of GSM 7-bit septets into octets (3GPP TS 23.038 §6.1.2.1): septets are laid out
 * least significant bit first. When a user data header precedes the text, fill bits align the
 * first septet to a septet boundary counted from the start of the user data.
 */
public final class GsmPacking {

    private static final byte CR = 0x0D;

    private GsmPacking() {
    }

    /** Fill bits after a header of {@code udhOctets} (including its length octet) so the text starts on a septet boundary. */
    public static int fillBits(int udhOctets) {
        return udhOctets == 0 ? 0 : (7 - (udhOctets * 8) % 7) % 7;
    }

    /**
     * Packs unpacked septets after {@code fillBits} zero bits. When seven bits would be left
     * over at the end, they carry a CR, so they are not read as '@'; a text that ends in CR
     * exactly on an octet boundary gets a second CR, so that CR is not taken for that padding
     * (§6.1.2.3.1).
     */
    public static byte[] pack(byte[] septets, int fillBits) {
        if (septets.length > 0 && septets[septets.length - 1] == CR && (fillBits + septets.length * 7) % 8 == 0) {
            septets = java.util.Arrays.copyOf(septets, septets.length + 1);
            septets[septets.length - 1] = CR;
        }
        int bits = fillBits + septets.length * 7;
        int octets = (bits + 7) / 8;
        boolean pad = octets * 8 - bits == 7;
        byte[] out = new byte[octets];
        int bit = fillBits;
        for (int i = 0; i < septets.length + (pad ? 1 : 0); i++) {
            int s = (i < septets.length ? septets[i] : CR) & 0x7F;
            int octet = bit >> 3;
            int shift = bit & 7;
            out[octet] |= (byte) (s << shift);
            if (shift > 1 && octet + 1 < octets) {
                out[octet + 1] |= (byte) (s >> (8 - shift));
            }
            bit += 7;
        }
        return out;
    }

    /**
     * Unpacks the septets of {@code length} octets that start with {@code fillBits} fill bits.
     * A CR in seven bits that end exactly on the last octet is the padding {@link #pack} adds,
     * and dropped.
     */
    public static byte[] unpack(byte[] data, int offset, int length, int fillBits) {
        int bits = length * 8 - fillBits;
        int count = Math.max(0, bits / 7);
        byte[] out = new byte[count];
        int bit = fillBits;
        for (int i = 0; i < count; i++) {
            int octet = offset + (bit >> 3);
            int shift = bit & 7;
            int v = (data[octet] & 0xFF) >> shift;
            if (shift > 1) {
                v |= (data[octet + 1] & 0xFF) << (8 - shift);
            }
            out[i] = (byte) (v & 0x7F);
            bit += 7;
        }
        if (count > 0 && bits % 7 == 0 && out[count - 1] == CR) {
            return java.util.Arrays.copyOf(out, count - 1);
        }
        return out;
    }
}
