package io.rcsgw.smpp.server;

/**
 * A delivery receipt for an ESME: about its message {@code messageId}, which it sent from
 * {@code esmeSource} to {@code destination} (E.164) at {@code submitAt}; its outcome as the
 * receipt text's {@code stat} (DELIVRD, EXPIRED, DELETED, UNDELIV, REJECTD, ENROUTE...) and as
 * SMPP's message_state, when ({@code doneAt}), the network error (0: none) and the message's
 * first characters.
 */
public record EsmeReceipt(String messageId, String esmeSource, String destination, long submitAt, long doneAt, String stat,
                          int messageState, int error, String text) {

    private static final java.time.format.DateTimeFormatter DATE = java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmm")
            .withZone(java.time.ZoneOffset.UTC);

    /** The receipt's short_message, in the format of SMPP 3.4's appendix B. */
    public String shortMessage() {
        java.time.format.DateTimeFormatter f = DATE;
        boolean delivered = messageState == 2;
        String first = text == null ? "" : text.length() > 20 ? text.substring(0, 20) : text;
        return "id:" + messageId + " sub:001 dlvrd:" + (delivered ? "001" : "000") + " submit date:"
                + f.format(java.time.Instant.ofEpochMilli(submitAt)) + " done date:" + f.format(java.time.Instant.ofEpochMilli(doneAt))
                + " stat:" + stat + " err:" + String.format("%03d", Math.min(error, 999)) + " text:" + first;
    }
}
