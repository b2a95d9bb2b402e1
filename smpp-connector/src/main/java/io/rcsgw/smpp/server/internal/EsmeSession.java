package io.rcsgw.smpp.server.internal;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.rcsgw.smpp.server.CommandStatus;
import io.rcsgw.smpp.server.EsmeAccount;
import io.rcsgw.smpp.server.EsmeSubmit;
import io.rcsgw.smpp.server.ServerObserver;
import io.rcsgw.smpp.server.SubmitPort;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bound ESME's requests. A submit is checked (window, the account's rate, the decoder) and
 * handed to the gateway; its response waits in {@link DeferredResponses} until the gateway has
 * stored it, and this thread goes on to the next PDU. query_sm and cancel_sm are answered from
 * the store, and so is replace_sm (which replaces nothing: ESME_RREPLACEFAIL for a message this
 * account has, ESME_RINVMSGID otherwise); submit_multi and the broadcast operations are refused
 * (ESME_RINVCMDID).
 */
final class EsmeSession implements ServerMessageReceiverListener {

    private static final DateTimeFormatter SMPP_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final EsmeAccount account;
    private final RateLimiter rate;
    private final DeferredResponses responses;
    private final AtomicInteger inFlight;
    private final SubmitPort port;
    private final ServerObserver observer;

    EsmeSession(EsmeAccount account, RateLimiter rate, DeferredResponses responses, AtomicInteger inFlight, SubmitPort port,
                ServerObserver observer) {
        this.account = account;
        this.rate = rate;
        this.responses = responses;
        this.inFlight = inFlight;
        this.port = port;
        this.observer = observer;
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm sm, SMPPServerSession source) throws ProcessRequestException {
        String id = take(sm.getSequenceNumber(), new SubmitDecoder.Fields(sm.getSourceAddrTon(), sm.getSourceAddr(),
                sm.getDestAddrTon(), sm.getDestAddress(), sm.getEsmClass(), sm.getRegisteredDelivery(), sm.getDataCoding(),
                sm.getShortMessage(), sm.getOptionalParameters()), "submit_sm");
        return new SubmitSmResult(messageId(id), new OptionalParameter[0]);
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm sm, Session source) throws ProcessRequestException {
        String id = take(sm.getSequenceNumber(), new SubmitDecoder.Fields(sm.getSourceAddrTon(), sm.getSourceAddr(),
                sm.getDestAddrTon(), sm.getDestAddress(), sm.getEsmClass(), sm.getRegisteredDelivery(), sm.getDataCoding(),
                null, sm.getOptionalParameters()), "data_sm");
        return new DataSmResult(messageId(id), new OptionalParameter[0]);
    }

    /** Checks and hands on one submit; its answer is held until the gateway has it. */
    private String take(int sequence, SubmitDecoder.Fields fields, String command) throws ProcessRequestException {
        if (inFlight.get() >= account.window() || !rate.acquirePermission()) {
            observer.throttled(account.systemId());
            throw new ProcessRequestException("throttled", CommandStatus.ESME_RTHROTTLED);
        }
        SubmitDecoder.Decoded d;
        try {
            d = SubmitDecoder.decode(account, fields);
        } catch (SubmitDecoder.Refusal r) {
            observer.refused(account.systemId(), command, r.status);
            throw new ProcessRequestException(r.getMessage(), r.status);
        }
        String id = UUID.randomUUID().toString();
        inFlight.incrementAndGet();
        CompletableFuture<DeferredResponses.Answer> answer = port.submit(new EsmeSubmit(account, id, d.source(), d.destination(),
                        d.text(), d.registeredDelivery(), d.concat()))
                .thenApply(o -> o instanceof SubmitPort.Accepted a ? new DeferredResponses.Answer(CommandStatus.ESME_ROK, a.messageId())
                        : new DeferredResponses.Answer(((SubmitPort.Refused) o).commandStatus(), null));
        responses.hold(sequence, answer);
        observer.submitted(account.systemId());
        return id;
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession source) throws ProcessRequestException {
        Optional<SubmitPort.MessageStatus> s = q.getMessageId() == null ? Optional.empty() : port.query(account, q.getMessageId());
        if (s.isEmpty()) {
            throw new ProcessRequestException("no such message", CommandStatus.ESME_RQUERYFAIL);
        }
        String finalDate = s.get().finalAt() == null ? null : SMPP_TIME.format(Instant.ofEpochMilli(s.get().finalAt())) + "000+";
        return new QuerySmResult(finalDate, MessageState.valueOf((byte) s.get().messageState()), (byte) s.get().errorCode());
    }

    @Override
    public void onAcceptCancelSm(CancelSm c, SMPPServerSession source) throws ProcessRequestException {
        int status;
        try {
            // rare: answered on this thread, bounded in time
            status = c.getMessageId() == null || c.getMessageId().isEmpty() ? CommandStatus.ESME_RINVMSGID
                    : port.cancel(account, c.getMessageId()).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            status = CommandStatus.ESME_RSYSERR;
        }
        if (status != CommandStatus.ESME_ROK) {
            throw new ProcessRequestException("not cancelled", status);
        }
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti s, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("submit_multi is not supported", CommandStatus.ESME_RINVCMDID);
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession source) throws ProcessRequestException {
        // a stored message is on its way at once (its content is fixed from then on): an unknown
        // id is said so, a known one cannot be replaced (cancel_sm it, then submit anew)
        boolean known = r.getMessageId() != null && !r.getMessageId().isEmpty() && port.query(account, r.getMessageId()).isPresent();
        throw new ProcessRequestException("not replaced", known ? CommandStatus.ESME_RREPLACEFAIL : CommandStatus.ESME_RINVMSGID);
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("broadcast_sm is not supported", CommandStatus.ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("cancel_broadcast_sm is not supported", CommandStatus.ESME_RINVCMDID);
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("query_broadcast_sm is not supported", CommandStatus.ESME_RINVCMDID);
    }

    private static MessageId messageId(String id) throws ProcessRequestException {
        try {
            return new MessageId(id);
        } catch (PDUStringException e) {
            throw new ProcessRequestException("message id", CommandStatus.ESME_RSYSERR);
        }
    }
}
