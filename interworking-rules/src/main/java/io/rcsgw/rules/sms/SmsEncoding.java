package io.rcsgw.rules.sms;

/** Character encodings of an SMS with their SMPP data_coding and per-segment capacity in units. */
public enum SmsEncoding {
    /** GSM 03.38 default alphabet; units are septets. */
    GSM7((byte) 0x00, 160, 153),
    /** UCS-2 / UTF-16BE; units are 16-bit code units. */
    UCS2((byte) 0x08, 70, 67);

    private final byte dataCoding;
    private final int singleCapacity;
    private final int concatCapacity;

    SmsEncoding(byte dataCoding, int singleCapacity, int concatCapacity) {
        this.dataCoding = dataCoding;
        this.singleCapacity = singleCapacity;
        this.concatCapacity = concatCapacity;
    }

    public byte dataCoding() {
        return dataCoding;
    }

    /** Units that fit in a message of one segment. */
    public int singleCapacity() {
        return singleCapacity;
    }

    /** Units per segment when the message is concatenated with an 8-bit-reference UDH. */
    public int concatCapacity() {
        return concatCapacity;
    }
}
