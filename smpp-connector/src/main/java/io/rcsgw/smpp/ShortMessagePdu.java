package io.rcsgw.smpp;

/**
 * The fields of one submit_sm that vary per message. Addresses are digits for international
 * numbers (TON 1, NPI 1) or text for an alphanumeric sender (TON 5, NPI 0).
 */
public record ShortMessagePdu(
        String sourceAddress,
        String destinationAddress,
        byte dataCoding,
        boolean udhi,
        byte[] shortMessage) {

    public boolean alphanumericSource() {
        for (int i = 0; i < sourceAddress.length(); i++) {
            char c = sourceAddress.charAt(i);
            if (c < '0' || c > '9') {
                return true;
            }
        }
        return false;
    }
}
