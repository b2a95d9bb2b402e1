package io.rcsgw.gateway.esme;

import io.rcsgw.rules.model.MessageState;

/**
 * A gateway state as SMPP says it: the receipt text's {@code stat} and the message_state of
 * query_sm and the receipt's TLV. An RCS outcome reads as SMPP's (delivered or displayed is
 * DELIVRD).
 */
record SmppOutcome(String stat, int messageState) {

    static SmppOutcome of(MessageState s) {
        return switch (s) {
            case ACCEPTED -> new SmppOutcome("ACCEPTD", 6);
            case SMS_QUEUED, SMS_SUBMITTED, RCS_SENT -> new SmppOutcome("ENROUTE", 1);
            case DELIVERED, DISPLAYED -> new SmppOutcome("DELIVRD", 2);
            case EXPIRED -> new SmppOutcome("EXPIRED", 3);
            case CANCELLED -> new SmppOutcome("DELETED", 4);
            case UNDELIVERABLE, FAILED -> new SmppOutcome("UNDELIV", 5);
            case REJECTED -> new SmppOutcome("REJECTD", 8);
        };
    }

    boolean delivered() {
        return messageState == 2;
    }

    /** Neither final nor accepted: on its way (an intermediate receipt). */
    boolean enRoute() {
        return messageState == 1;
    }
}
