package io.rcsgw.smpp;

/**
 * The fields of one submit_sm that vary per message.
 *
 * @param sar            SAR TLVs when the parts are joined that way, else null
 * @param messagePayload the whole text in a message_payload TLV (short_message is then empty), else null
 * @param validityPeriod SMPP time string, or null for the SMSC's default
 */
public record ShortMessagePdu(
        String sourceAddress,
        byte sourceTon,
        byte sourceNpi,
        String destinationAddress,
        byte esmClass,
        byte dataCoding,
        byte[] shortMessage,
        Sar sar,
        byte[] messagePayload,
        String validityPeriod,
        byte priority) {

    /** sar_msg_ref_num, sar_total_segments, sar_segment_seqnum (from 1). */
    public record Sar(int reference, int total, int sequence) {
    }

    public boolean udhi() {
        return (esmClass & 0x40) != 0;
    }
}
