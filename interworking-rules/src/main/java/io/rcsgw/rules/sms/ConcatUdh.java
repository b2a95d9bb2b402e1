package io.rcsgw.rules.sms;

/** User data headers for concatenated SMS (3GPP TS 23.040 §9.2.3.24.1). */
public final class ConcatUdh {

    private ConcatUdh() {
    }

    /** The 6-byte UDH with an 8-bit reference: UDHL 05, IEI 00, IEDL 03, ref, total, seq (1-based). */
    public static byte[] eightBit(int reference, int total, int sequence) {
        if (total < 1 || total > 255 || sequence < 1 || sequence > total) {
            throw new IllegalArgumentException("segment " + sequence + " of " + total);
        }
        return new byte[]{0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) sequence};
    }

    /** UDH followed by the segment's payload, as short_message with esm_class UDHI set. */
    public static byte[] prepend(byte[] udh, byte[] payload) {
        byte[] out = new byte[udh.length + payload.length];
        System.arraycopy(udh, 0, out, 0, udh.length);
        System.arraycopy(payload, 0, out, udh.length, payload.length);
        return out;
    }
}
