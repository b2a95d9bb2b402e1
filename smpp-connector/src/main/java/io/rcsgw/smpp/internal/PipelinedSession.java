package io.rcsgw.smpp.internal;

import io.rcsgw.smpp.ShortMessagePdu;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.PDUReader;
import org.jsmpp.PDUSender;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.PendingResponse;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.ConnectionFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A jSMPP client session that sends submit_sm without waiting for its response: the PDU goes
 * out with the session's next sequence number and a future is kept for it. jSMPP hands every
 * response to {@link #removePendingResponse} to find who waits for it; the futures kept here are
 * looked up first, so a submit_sm_resp (or a generic_nack) completes its future on jSMPP's PDU
 * processor thread, and everything else (bind, enquire_link, unbind) waits inside jSMPP as
 * before. A window of submits thus needs no thread per submit.
 */
final class PipelinedSession extends SMPPSession {

    private final Map<Integer, CompletableFuture<Command>> onTheWire = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PipelinedSession(PDUSender sender, PDUReader reader, ConnectionFactory connections) {
        super(sender, reader, connections);
    }

    /**
     * Writes the submit and returns at once. The future completes with the response (its
     * command_status may say no), or fails: {@link InvalidResponseException} for a generic_nack,
     * {@link TimeoutException} after {@code timeoutMillis}, {@link IOException} when the session
     * closed first. Throws what jSMPP throws before the PDU is written (not bound, a bad field).
     */
    CompletableFuture<Command> submit(ShortMessagePdu pdu, OptionalParameter[] tlvs, long timeoutMillis)
            throws PDUException, IOException {
        ensureTransmittable("submit_sm");
        int seq = sequence().nextValue();
        CompletableFuture<Command> f = new CompletableFuture<>();
        onTheWire.put(seq, f);
        try {
            pduSender().sendSubmitSm(connection().getOutputStream(), seq, "",
                    TypeOfNumber.valueOf(pdu.sourceTon()), NumberingPlanIndicator.valueOf(pdu.sourceNpi()), pdu.sourceAddress(),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, pdu.destinationAddress(),
                    new ESMClass(pdu.esmClass()), (byte) 0, pdu.priority(), null, pdu.validityPeriod(),
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    new RawDataCoding(pdu.dataCoding()), (byte) 0, pdu.shortMessage(), tlvs);
        } catch (PDUException e) {
            onTheWire.remove(seq);
            throw e;
        } catch (IOException e) {
            onTheWire.remove(seq);
            close(); // as jSMPP does when a write fails
            throw e;
        }
        if (closed) {
            fail(seq); // closed while it was written: nobody else will end it
        }
        f.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e instanceof TimeoutException) {
                onTheWire.remove(seq, f); // a late response finds nobody and is logged by jSMPP
            }
        });
        return f;
    }

    /** Submits written whose response has not come. */
    int onTheWire() {
        return onTheWire.size();
    }

    @Override
    protected PendingResponse<Command> removePendingResponse(int sequenceNumber) {
        CompletableFuture<Command> f = onTheWire.remove(sequenceNumber);
        if (f == null) {
            return super.removePendingResponse(sequenceNumber);
        }
        return new PendingResponse<>(0) {
            @Override
            public void done(Command response) {
                f.complete(response);
            }

            @Override
            public void doneWithInvalidResponse(InvalidResponseException e) {
                f.completeExceptionally(e);
            }
        };
    }

    @Override
    public void close() {
        closed = true;
        super.close();
        for (Integer seq : onTheWire.keySet()) {
            fail(seq);
        }
    }

    private void fail(int seq) {
        CompletableFuture<Command> f = onTheWire.remove(seq);
        if (f != null) {
            f.completeExceptionally(new IOException("the session closed before the response"));
        }
    }
}
