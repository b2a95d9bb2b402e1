package io.rcsgw.smpp;

/** What became of one submit_sm. */
public sealed interface SubmitOutcome {

    /** The SMSC took it and named it. */
    record Accepted(String messageId) implements SubmitOutcome {
    }

    /** The SMSC answered with an error command_status; the link's policy says whether to try again. */
    record Rejected(int commandStatus, boolean retryable) implements SubmitOutcome {
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
