package io.rcsgw.smpp.receipt;

import java.util.Locale;

/** The stat: word of a delivery receipt (SMPP 3.4 Appendix B) and the message_state TLV. */
public enum ReceiptStatus {
    ENROUTE(false), DELIVRD(true), EXPIRED(true), DELETED(true), UNDELIV(true), ACCEPTD(false),
    UNKNOWN(true), REJECTD(true), ACKED(false), BUFFRED(false), SKIPPED(true);

    private final boolean terminal;

    ReceiptStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isFinal() {
        return terminal;
    }

    /** Parses a stat word, tolerating case and the long forms some SMSCs send. */
    public static ReceiptStatus fromWord(String word) {
        String w = word.trim().toUpperCase(Locale.ROOT);
        return switch (w) {
            case "DELIVRD", "DELIVERED" -> DELIVRD;
            case "EXPIRED" -> EXPIRED;
            case "DELETED" -> DELETED;
            case "UNDELIV", "UNDELIVERABLE" -> UNDELIV;
            case "ACCEPTD", "ACCEPTED" -> ACCEPTD;
            case "REJECTD", "REJECTED" -> REJECTD;
            case "ENROUTE" -> ENROUTE;
            case "ACKED" -> ACKED;
            case "BUFFRED", "BUFFERED" -> BUFFRED;
            case "SKIPPED" -> SKIPPED;
            default -> UNKNOWN;
        };
    }

    /** The message_state TLV value (SMPP 3.4 §5.2.28). */
    public static ReceiptStatus fromMessageState(int state) {
        return switch (state) {
            case 1 -> ENROUTE;
            case 2 -> DELIVRD;
            case 3 -> EXPIRED;
            case 4 -> DELETED;
            case 5 -> UNDELIV;
            case 6 -> ACCEPTD;
            case 8 -> REJECTD;
            case 9 -> SKIPPED;
            default -> UNKNOWN;
        };
    }

    public int messageState() {
        return switch (this) {
            case ENROUTE, BUFFRED, ACKED -> 1;
            case DELIVRD -> 2;
            case EXPIRED -> 3;
            case DELETED -> 4;
            case UNDELIV -> 5;
            case ACCEPTD -> 6;
            case UNKNOWN -> 7;
            case REJECTD -> 8;
            case SKIPPED -> 9;
        };
    }
}
