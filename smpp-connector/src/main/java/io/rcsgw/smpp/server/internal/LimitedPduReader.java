package io.rcsgw.smpp.server.internal;

import org.jsmpp.DefaultPDUReader;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.PDUReader;
import org.jsmpp.PDUSender;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Command;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * jSMPP's PDU reader with an upper bound on command_length, and an answer to what comes before
 * a bind. A PDU claiming more than the largest the server takes is refused before its body is
 * read (jSMPP then answers generic_nack ESME_RINVCMDLEN and closes the connection), so no peer
 * makes the server allocate what it claims. Before the bind, jSMPP would drop the connection
 * on anything but a bind or enquire_link: such a request is answered here instead
 * (ESME_RINVBNDSTS; an unknown command_id, generic_nack ESME_RINVCMDID), its body skipped, and
 * the connection waits on for the bind.
 */
final class LimitedPduReader implements PDUReader {

    private static final Set<Integer> BEFORE_BIND = Set.of(SMPPConstant.CID_BIND_RECEIVER, SMPPConstant.CID_BIND_TRANSMITTER,
            SMPPConstant.CID_BIND_TRANSCEIVER, SMPPConstant.CID_ENQUIRE_LINK, SMPPConstant.CID_GENERIC_NACK,
            SMPPConstant.CID_UNBIND);
    private static final Set<Integer> KNOWN = Set.of(SMPPConstant.CID_SUBMIT_SM, SMPPConstant.CID_DATA_SM,
            SMPPConstant.CID_QUERY_SM, SMPPConstant.CID_CANCEL_SM, SMPPConstant.CID_REPLACE_SM, SMPPConstant.CID_SUBMIT_MULTI,
            SMPPConstant.CID_DELIVER_SM_RESP, SMPPConstant.CID_DATA_SM_RESP, SMPPConstant.CID_ENQUIRE_LINK_RESP,
            SMPPConstant.CID_UNBIND_RESP, SMPPConstant.CID_OUTBIND, SMPPConstant.CID_ALERT_NOTIFICATION);

    private final DefaultPDUReader reader = new DefaultPDUReader();
    private final org.jsmpp.util.DefaultDecomposer decomposer = new org.jsmpp.util.DefaultDecomposer();
    private byte[] body;
    private final int maxLength;
    private final OutputStream out;
    private final PDUSender sender;
    private final BooleanSupplier bound;
    /** When the peer last sent a request (System.nanoTime): its responses do not count as activity. */
    private volatile long lastRequest = System.nanoTime();

    LimitedPduReader(int maxLength, OutputStream out, PDUSender sender, BooleanSupplier bound) {
        this.maxLength = maxLength;
        this.out = out;
        this.sender = sender;
        this.bound = bound;
    }

    @Override
    public Command readPDUHeader(DataInputStream in) throws InvalidCommandLengthException, IOException {
        while (true) {
            Command header = reader.readPDUHeader(in);
            if ((header.getCommandId() & SMPPConstant.MASK_CID_RESP) == 0) {
                lastRequest = System.nanoTime();
            }
            if (header.getCommandLength() > maxLength) {
                throw new InvalidCommandLengthException("command_length " + header.getCommandLength() + " is over " + maxLength);
            }
            if (bound.getAsBoolean() || BEFORE_BIND.contains(header.getCommandId())) {
                body = reader.readPDU(in, header);
                if (parses(header.getCommandId(), body)) {
                    return header;
                }
                // jSMPP would fail on it and leave it unanswered: a length that does not hold its fields
                sender.sendGenericNack(out, SMPPConstant.STAT_ESME_RINVCMDLEN, header.getSequenceNumber());
                continue;
            }
            in.skipNBytes(header.getCommandLength() - 16L);
            if (KNOWN.contains(header.getCommandId())) {
                sender.sendHeader(out, header.getCommandId() | SMPPConstant.MASK_CID_RESP, SMPPConstant.STAT_ESME_RINVBNDSTS,
                        header.getSequenceNumber());
            } else {
                sender.sendGenericNack(out, SMPPConstant.STAT_ESME_RINVCMDID, header.getSequenceNumber());
            }
        }
    }

    /** How long since the peer last sent a request (its own enquire_link counts; answers to ours do not). */
    java.time.Duration sinceLastRequest() {
        return java.time.Duration.ofNanos(System.nanoTime() - lastRequest);
    }

    /** The whole PDU read by the last {@link #readPDUHeader}, handed to jSMPP next. */
    @Override
    public byte[] readPDU(DataInputStream in, Command header) throws IOException {
        byte[] b = body;
        body = null;
        return b != null ? b : reader.readPDU(in, header);
    }

    /**
     * Whether jSMPP can take the PDU apart: a bad string is its own to answer (a proper
     * negative response), a body cut short throws from its decomposer and would go unanswered.
     */
    private boolean parses(int commandId, byte[] pdu) {
        try {
            switch (commandId) {
                case SMPPConstant.CID_BIND_RECEIVER, SMPPConstant.CID_BIND_TRANSMITTER, SMPPConstant.CID_BIND_TRANSCEIVER ->
                        decomposer.bind(pdu);
                case SMPPConstant.CID_SUBMIT_SM -> decomposer.submitSm(pdu);
                case SMPPConstant.CID_DATA_SM -> decomposer.dataSm(pdu);
                case SMPPConstant.CID_QUERY_SM -> decomposer.querySm(pdu);
                case SMPPConstant.CID_CANCEL_SM -> decomposer.cancelSm(pdu);
                case SMPPConstant.CID_REPLACE_SM -> decomposer.replaceSm(pdu);
                case SMPPConstant.CID_SUBMIT_MULTI -> decomposer.submitMulti(pdu);
                case SMPPConstant.CID_DELIVER_SM_RESP -> decomposer.deliverSmResp(pdu);
                default -> {
                }
            }
            return true;
        } catch (org.jsmpp.PDUStringException | org.jsmpp.InvalidNumberOfDestinationsException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public byte[] readPDU(DataInputStream in, int commandLength, int commandId, int commandStatus, int sequenceNumber)
            throws IOException {
        return reader.readPDU(in, commandLength, commandId, commandStatus, sequenceNumber);
    }
}
