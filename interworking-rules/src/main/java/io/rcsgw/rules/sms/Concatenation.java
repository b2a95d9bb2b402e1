package io.rcsgw.rules.sms;

/**
 * How the parts of a long message are tied together, chosen per SMSC link. Segment sizes
 * follow the reference the handset finally receives: with SAR TLVs the SMSC puts the 16-bit
 * sar_msg_ref_num into the header it sends on, and with one message_payload TLV the SMSC
 * splits the text itself, commonly with an 8-bit reference.
 */
public enum Concatenation {
    /** A user data header with IEI 0x00: 8-bit reference. */
    UDH_8BIT(5),
    /** A user data header with IEI 0x08: 16-bit reference. */
    UDH_16BIT(6),
    /** sar_msg_ref_num, sar_total_segments and sar_segment_seqnum TLVs. */
    SAR(6),
    /** The whole text in one message_payload TLV. */
    MESSAGE_PAYLOAD(5);

    private final int headerOctetsOnAir;

    Concatenation(int headerOctetsOnAir) {
        this.headerOctetsOnAir = headerOctetsOnAir;
    }

    /** Octets the concatenation information element takes in each part's header on the air. */
    public int headerOctetsOnAir() {
        return headerOctetsOnAir;
    }

    /** Whether the gateway writes the concatenation element into each part's own UDH. */
    public boolean inUserDataHeader() {
        return this == UDH_8BIT || this == UDH_16BIT;
    }
}
