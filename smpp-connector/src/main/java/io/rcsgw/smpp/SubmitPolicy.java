package io.rcsgw.smpp;

import java.util.Set;

/**
 * How a link treats the SMSC's answers and its pace.
 *
 * @param maxTps              submits per second at most; 0 for no limit
 * @param throttlingStatuses  command_status values meaning "slow down": the link pauses and resends
 *                            the submit itself, in order
 * @param retryableStatuses   other errors worth another try later; the rest fail the message
 * @param retryOnTimeout      whether a submit with no response in time is sent again (it may then
 *                            arrive twice) or fails the message (it may then never arrive)
 */
public record SubmitPolicy(int maxTps, Set<Integer> throttlingStatuses, Set<Integer> retryableStatuses,
                           boolean retryOnTimeout) {

    /** ESME_RTHROTTLED throttles; ESME_RMSGQFUL, ESME_RSYSERR and ESME_RX_T_APPN are retried. */
    public static final SubmitPolicy DEFAULT = new SubmitPolicy(0, Set.of(0x58), Set.of(0x14, 0x08, 0x64), true);

    public SubmitPolicy {
        if (maxTps < 0) {
            throw new IllegalArgumentException("maxTps must not be negative");
        }
        throttlingStatuses = Set.copyOf(throttlingStatuses);
        retryableStatuses = Set.copyOf(retryableStatuses);
    }

    public boolean throttles(int commandStatus) {
        return throttlingStatuses.contains(commandStatus);
    }

    public boolean retryable(int commandStatus) {
        return throttlingStatuses.contains(commandStatus) || retryableStatuses.contains(commandStatus);
    }
}
