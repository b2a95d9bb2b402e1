package io.rcsgw.smpp.internal;

import org.jsmpp.DefaultPDUSender;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A link session's PDU sender that acknowledges a receipt only once it is stored, without a
 * thread waiting for the store: the receiver registers the store's future under the
 * deliver_sm's sequence number and returns, and the deliver_sm_resp that jSMPP then sends waits
 * for the future here. A failed future answers ESME_RSYSERR, so the SMSC sends the receipt again.
 */
final class HeldDeliverResponses extends SynchronizedPDUSender {

    private static final Logger log = LoggerFactory.getLogger(HeldDeliverResponses.class);

    private final Map<Integer, CompletableFuture<?>> held = new ConcurrentHashMap<>();

    HeldDeliverResponses() {
        super(new DefaultPDUSender());
    }

    void hold(int sequenceNumber, CompletableFuture<?> stored) {
        held.put(sequenceNumber, stored);
    }

    @Override
    public byte[] sendDeliverSmResp(OutputStream os, int commandStatus, int sequenceNumber, String messageId)
            throws IOException {
        CompletableFuture<?> f = held.remove(sequenceNumber);
        if (f == null || commandStatus != SMPPConstant.STAT_ESME_ROK) {
            return super.sendDeliverSmResp(os, commandStatus, sequenceNumber, messageId);
        }
        f.whenComplete((x, failure) -> {
            try {
                super.sendDeliverSmResp(os, failure == null ? SMPPConstant.STAT_ESME_ROK : SMPPConstant.STAT_ESME_RSYSERR,
                        sequenceNumber, messageId);
            } catch (IOException e) {
                // the connection went: the SMSC sends what it has no answer for again
                log.debug("deliver_sm_resp {} not sent: {}", sequenceNumber, e.toString());
            }
        });
        return new byte[0];
    }
}
