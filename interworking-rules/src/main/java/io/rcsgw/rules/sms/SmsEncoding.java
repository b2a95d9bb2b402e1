package io.rcsgw.rules.sms;

/**
 * The alphabets an SMS is sent in, with the SMPP data_coding that names them and how many
 * units of text fit in one message's 140 octets of user data after a user data header.
 */
public enum SmsEncoding {
    /** GSM 7-bit (default or national tables); units are septets. */
    GSM7((byte) 0x00),
    /** 8-bit binary; units are octets. */
    EIGHT_BIT((byte) 0x04),
    /** UCS-2 / UTF-16BE; units are 16-bit code units. */
    UCS2((byte) 0x08);

    /** Octets of user data in one SMS (3GPP TS 23.040). */
    public static final int USER_DATA_OCTETS = 140;

    private final byte dataCoding;

    SmsEncoding(byte dataCoding) {
        this.dataCoding = dataCoding;
    }

    public byte dataCoding() {
        return dataCoding;
    }

    /**
     * Units of text that fit in one message after a header of {@code udhOctets} octets
     * (including its length octet; 0 for none). For GSM the header is rounded up to whole
     * septets: 160, 153 with an 8-bit concatenation reference, 155 with one shift table.
     */
    public int capacity(int udhOctets) {
        return switch (this) {
            case GSM7 -> (USER_DATA_OCTETS * 8 - (udhOctets * 8 + GsmPacking.fillBits(udhOctets))) / 7;
            case EIGHT_BIT -> USER_DATA_OCTETS - udhOctets;
            case UCS2 -> (USER_DATA_OCTETS - udhOctets) / 2;
        };
    }
}
