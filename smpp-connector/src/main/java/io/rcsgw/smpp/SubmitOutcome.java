package io.rcsgw.smpp;

/** What became of one submit_sm. */
public sealed interface SubmitOutcome {

    /** The SMSC took it and named it. */
    record Accepted(String messageId) implements SubmitOutcome {
    }

    /** The SMSC answered with an error command_status. */
    record Rejected(int commandStatus) implements SubmitOutcome {
        /** Statuses worth another try: throttled, queue full, system error, message queue full. */
        public boolean retryable() {
            return commandStatus == 0x58 || commandStatus == 0x14 || commandStatus == 0x08 || commandStatus == 0x64;
        }

        public String reason() {
            return String.format("smsc:0x%02x", commandStatus);
        }
    }

    /** No answer in time: the SMSC may or may not have the message. */
    record Unknown(String detail) implements SubmitOutcome {
    }

    /** The gateway could not build a valid PDU (e.g. an address too long): sending again won't help. */
    record Invalid(String detail) implements SubmitOutcome {
    }

    /** The link was not bound or dropped before the request went out: safe to send again. */
    record LinkDown(String detail) implements SubmitOutcome {
    }
}
