package io.rcsgw.smpp.sim;

import org.jsmpp.DefaultPDUSender;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.OptionalParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's PDU sender when it answers late: each submit_sm_resp (positive or not) is
 * written {@code delayMillis} after jSMPP asks for it, from a timer, and jSMPP's thread goes on
 * to the next PDU at once, as a real SMSC answers while it takes more submits.
 */
final class DelayedResponses extends SynchronizedPDUSender {

    private static final Logger log = LoggerFactory.getLogger(DelayedResponses.class);

    private final ScheduledExecutorService timer;
    private final long delayMillis;

    DelayedResponses(ScheduledExecutorService timer, long delayMillis) {
        super(new DefaultPDUSender());
        this.timer = timer;
        this.delayMillis = delayMillis;
    }

    @Override
    public byte[] sendSubmitSmResp(OutputStream os, int sequenceNumber, String messageId, OptionalParameter... tlvs) {
        later(() -> super.sendSubmitSmResp(os, sequenceNumber, messageId, tlvs), sequenceNumber);
        return new byte[0];
    }

    @Override
    public byte[] sendHeader(OutputStream os, int commandId, int commandStatus, int sequenceNumber) throws IOException {
        if (commandId != SMPPConstant.CID_SUBMIT_SM_RESP) {
            return super.sendHeader(os, commandId, commandStatus, sequenceNumber);
        }
        later(() -> super.sendHeader(os, commandId, commandStatus, sequenceNumber), sequenceNumber);
        return new byte[0];
    }

    void close() {
        timer.shutdownNow();
    }

    private interface Write {
        void run() throws IOException, PDUStringException;
    }

    private void later(Write w, int sequenceNumber) {
        timer.schedule(() -> {
            try {
                w.run();
            } catch (IOException | PDUStringException e) {
                log.debug("simulator: response to {} not sent: {}", sequenceNumber, e.toString());
            }
        }, delayMillis, TimeUnit.MILLISECONDS);
    }
}
