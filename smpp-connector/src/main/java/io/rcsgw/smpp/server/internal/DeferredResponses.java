package io.rcsgw.smpp.server.internal;

import org.jsmpp.DefaultPDUSender;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.OptionalParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session's PDU sender that sends a submit's response only once what it answers is stored.
 * jSMPP answers a submit_sm or data_sm as soon as its listener returns; the listener registers
 * the store's future for that sequence number here and returns at once, and the response
 * waits for the future instead: no thread waits on the store, and a window of submits is in
 * the store's group commit together. A failed future answers with its command_status instead.
 */
final class DeferredResponses extends SynchronizedPDUSender {

    private static final Logger log = LoggerFactory.getLogger(DeferredResponses.class);

    /** What a held response carries: a command_status, and the message id when it is 0. */
    record Answer(int status, String messageId) {
    }

    /** Sequence number to the answer its response will carry. */
    private final Map<Integer, CompletableFuture<Answer>> held = new ConcurrentHashMap<>();
    private final Runnable onSent;

    /** {@code onSent}: told each time a held response has gone (the window frees a place). */
    DeferredResponses(Runnable onSent) {
        super(new DefaultPDUSender());
        this.onSent = onSent;
    }

    void hold(int sequenceNumber, CompletableFuture<Answer> status) {
        held.put(sequenceNumber, status);
    }

    int pending() {
        return held.size();
    }

    @Override
    public byte[] sendSubmitSmResp(OutputStream os, int sequenceNumber, String messageId, OptionalParameter... tlvs)
            throws PDUStringException, IOException {
        CompletableFuture<Answer> f = held.remove(sequenceNumber);
        if (f == null) {
            return super.sendSubmitSmResp(os, sequenceNumber, messageId, tlvs);
        }
        f.whenComplete((a, failure) -> answer(os, SMPPConstant.CID_SUBMIT_SM_RESP, sequenceNumber,
                failure != null ? new Answer(SMPPConstant.STAT_ESME_RSYSERR, null) : a));
        return new byte[0];
    }

    @Override
    public byte[] sendDataSmResp(OutputStream os, int commandStatus, int sequenceNumber, String messageId,
                                 OptionalParameter... tlvs) throws PDUStringException, IOException {
        CompletableFuture<Answer> f = held.remove(sequenceNumber);
        if (f == null) {
            return super.sendDataSmResp(os, commandStatus, sequenceNumber, messageId, tlvs);
        }
        f.whenComplete((a, failure) -> answer(os, SMPPConstant.CID_DATA_SM_RESP, sequenceNumber,
                failure != null ? new Answer(SMPPConstant.STAT_ESME_RSYSERR, null) : a));
        return new byte[0];
    }

    private void answer(OutputStream os, int commandId, int sequenceNumber, Answer a) {
        // the place in the window frees as the answer goes: an ESME that submits again the moment
        // it reads it must find the place free
        onSent.run();
        try {
            synchronized (os) {
                send(os, commandId, sequenceNumber, a.messageId(), a.status());
            }
        } catch (IOException | PDUStringException e) {
            // the connection went: the ESME resubmits what it has no answer for
            log.debug("response to sequence {} not sent: {}", sequenceNumber, e.toString());
        }
    }

    private void send(OutputStream os, int commandId, int sequenceNumber, String messageId, int status)
            throws IOException, PDUStringException {
        if (status != SMPPConstant.STAT_ESME_ROK) {
            super.sendHeader(os, commandId, status, sequenceNumber);
        } else if (commandId == SMPPConstant.CID_SUBMIT_SM_RESP) {
            super.sendSubmitSmResp(os, sequenceNumber, messageId);
        } else {
            super.sendDataSmResp(os, SMPPConstant.STAT_ESME_ROK, sequenceNumber, messageId);
        }
    }
}
