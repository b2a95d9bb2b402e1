package io.rcsgw.smpp.sim;

import io.rcsgw.smpp.receipt.ReceiptStatus;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * An SMSC in a box, for the demo, the tests and the load generator: it binds any ESME (or only
 * the configured one), answers every submit_sm with a message id, and sends a delivery
 * receipt for each after a delay. Like a real SMSC it keeps a receipt it could not deliver and
 * sends it again once the ESME is bound again.
 */
public final class SmscSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmscSimulator.class);
    private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm");

    /**
     * One submit_sm as the simulator received it.
     *
     * @param sar            sar_msg_ref_num, sar_total_segments, sar_segment_seqnum, or null
     * @param messagePayload the message_payload TLV, or null
     * @param boundSystemType the system_type of the bind it came over
     */
    public record ReceivedSubmit(String messageId, String source, String destination, byte dataCoding,
                                 byte esmClass, byte[] shortMessage, long atNanos, byte sourceTon, byte sourceNpi,
                                 byte priority, String validityPeriod, int[] sar, byte[] messagePayload,
                                 String boundSystemType) {
        public boolean udhi() {
            return (esmClass & 0x40) != 0;
        }
    }

    /** Decides a receipt's outcome from the submit: its destination and short_message; null: no receipt ever comes. */
    @FunctionalInterface
    public interface ReceiptRule {
        ReceiptStatus statusFor(String destination, byte[] shortMessage);
    }

    /**
     * How the simulator behaves. {@code receiptTlvs}: receipts carry receipted_message_id and
     * message_state; without them the gateway must read the id (decimal when responses are
     * hex) from the receipt text.
     */
    public record Options(String host, int port, String systemId, String password, Duration receiptDelay,
                          boolean hexMessageIds, ReceiptRule receiptRule, boolean recordSubmits,
                          javax.net.ssl.SSLContext tls, boolean receiptTlvs, int receiptWindow, Duration responseDelay) {

        public static Options defaults() {
            return new Options("127.0.0.1", 0, null, null, Duration.ZERO, true, (d, sm) -> ReceiptStatus.DELIVRD, true, null,
                    true, 16, Duration.ZERO);
        }

        public Options withPort(int p) {
            return new Options(host, p, systemId, password, receiptDelay, hexMessageIds, receiptRule, recordSubmits, tls, receiptTlvs, receiptWindow, responseDelay);
        }

        public Options withHost(String h) {
            return new Options(h, port, systemId, password, receiptDelay, hexMessageIds, receiptRule, recordSubmits, tls, receiptTlvs, receiptWindow, responseDelay);
        }

        public Options withCredentials(String id, String pw) {
            return new Options(host, port, id, pw, receiptDelay, hexMessageIds, receiptRule, recordSubmits, tls, receiptTlvs, receiptWindow, responseDelay);
        }

        public Options withReceiptDelay(Duration d) {
            return new Options(host, port, systemId, password, d, hexMessageIds, receiptRule, recordSubmits, tls, receiptTlvs, receiptWindow, responseDelay);
        }

        /** The receipt's outcome by destination. */
        public Options withReceiptStatus(Function<String, ReceiptStatus> f) {
            return new Options(host, port, systemId, password, receiptDelay, hexMessageIds, (d, sm) -> f.apply(d), recordSubmits, tls, receiptTlvs, receiptWindow, responseDelay);
        }

        public Options withReceiptRule(ReceiptRule r) {
            return new Options(host, port, systemId, password, receiptDelay, hexMessageIds, r, recordSubmits, tls, receiptTlvs, receiptWindow, responseDelay);
        }

        public Options withRecordSubmits(boolean r) {
            return new Options(host, port, systemId, password, receiptDelay, hexMessageIds, receiptRule, r, tls, receiptTlvs, receiptWindow, responseDelay);
        }

        /** Accepts SMPP over TLS only, with this context's key. */
        public Options withTls(javax.net.ssl.SSLContext context) {
            return new Options(host, port, systemId, password, receiptDelay, hexMessageIds, receiptRule, recordSubmits, context, receiptTlvs, receiptWindow, responseDelay);
        }

        /** Receipts awaiting their deliver_sm_resp at once (an SMSC's window towards the ESME). */
        public Options withReceiptWindow(int w) {
            return new Options(host, port, systemId, password, receiptDelay, hexMessageIds, receiptRule, recordSubmits, tls, receiptTlvs, w, responseDelay);
        }

        /**
         * Each submit_sm_resp goes this long after its submit, as from an SMSC that stores before
         * it answers; submits keep coming meanwhile (no thread waits for the delay).
         */
        public Options withResponseDelay(Duration d) {
            return new Options(host, port, systemId, password, receiptDelay, hexMessageIds, receiptRule, recordSubmits, tls,
                    receiptTlvs, receiptWindow, d);
        }

        public Options withReceiptTlvs(boolean t) {
            return new Options(host, port, systemId, password, receiptDelay, hexMessageIds, receiptRule, recordSubmits, tls, t, receiptWindow, responseDelay);
        }
    }

    private record PendingReceipt(String systemId, String messageId, String source, String destination,
                                  ReceiptStatus status, int attempt) {
    }

    private final Options options;
    private final ServerSocket serverSocket;
    private final SMPPServerSessionListener listener;
    private final Set<SMPPServerSession> sessions = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<SMPPServerSession, String> boundSystemIds = new ConcurrentHashMap<>();
    /** The system_type each session bound with: tells apart binds that share a system_id. */
    private final ConcurrentHashMap<SMPPServerSession, String> boundSystemTypes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ReceivedSubmit> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong(0x10000);
    private final AtomicLong submits = new AtomicLong();
    private final AtomicLong receiptsSent = new AtomicLong();
    private final AtomicInteger binds = new AtomicInteger();
    private final ScheduledExecutorService receiptSender;
    private final Thread acceptor;
    /** The sender of every session when submits are answered late, else null. */
    private final DelayedResponses delayed;
    private volatile IntSupplier submitStatus = () -> 0;
    private volatile boolean closed;

    private SmscSimulator(Options options) throws IOException {
        this.options = options;
        this.serverSocket = options.tls() == null ? new ServerSocket()
                : options.tls().getServerSocketFactory().createServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 200);
        ServerConnectionFactory factory = new ServerConnectionFactory() {
            @Override
            public ServerConnection listen(int port) {
                return new ServerSocketConnection(serverSocket);
            }

            @Override
            public ServerConnection listen(int port, int timeout) {
                return new ServerSocketConnection(serverSocket);
            }

            @Override
            public ServerConnection listen(int port, int timeout, int backlog) {
                return new ServerSocketConnection(serverSocket);
            }
        };
        this.listener = new SMPPServerSessionListener(serverSocket.getLocalPort(), factory);
        listener.setPduProcessorDegree(8);
        listener.setQueueCapacity(2000);
        listener.setMessageReceiverListener(new Receiver());
        listener.setResponseDeliveryListener(new AfterResponse());
        // receipts go out on this many threads, each waiting for its deliver_sm_resp: the
        // simulator's receipt window, as an SMSC has one
        this.receiptSender = Executors.newScheduledThreadPool(options.receiptWindow(), r -> {
            Thread t = new Thread(r, "smsc-sim-receipts");
            t.setDaemon(true);
            return t;
        });
        // its own timer: the receipt threads may all be waiting for answers
        this.delayed = options.responseDelay().isZero() ? null : new DelayedResponses(
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "smsc-sim-responses");
                    t.setDaemon(true);
                    return t;
                }), options.responseDelay().toMillis());
        this.acceptor = new Thread(this::acceptLoop, "smsc-sim-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SmscSimulator start(Options options) throws IOException {
        return new SmscSimulator(options);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public long submitCount() {
        return submits.get();
    }

    /** The next submit_sm_resp gets this number as its id (in hex with the default options), the ones after it count on. */
    public void nextIdFrom(long first) {
        nextId.set(first - 1);
    }

    public long receiptsSent() {
        return receiptsSent.get();
    }

    public int bindCount() {
        return binds.get();
    }

    public List<ReceivedSubmit> received() {
        return List.copyOf(received);
    }

    /** The short_message texts (ASCII) each destination received, in the order they arrived. */
    public java.util.Map<String, List<String>> textsByDestination() {
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (ReceivedSubmit r : received) {
            out.computeIfAbsent(r.destination(), d -> new java.util.ArrayList<>())
                    .add(new String(r.shortMessage(), StandardCharsets.US_ASCII));
        }
        return out;
    }

    /** Makes the next submits answer with this command_status (0 = accept). */
    public void answerSubmitsWith(IntSupplier status) {
        this.submitStatus = status;
    }

    /** Drops every ESME connection without unbinding, as a network failure would. */
    public void dropConnections() {
        for (SMPPServerSession s : sessions) {
            boundSystemIds.remove(s);
            s.close();
        }
        sessions.clear();
    }

    /**
     * Sends a mobile-originated deliver_sm to the first bound ESME, as a handset's message
     * would arrive; returns once the ESME answered (throws when it refused).
     *
     * @param sar sar_msg_ref_num, sar_total_segments, sar_segment_seqnum, or null
     */
    public void sendMobileOriginated(String source, String destination, byte dataCoding, boolean udhi, byte[] shortMessage,
                                     int[] sar) throws Exception {
        SMPPServerSession target = sessions.stream().filter(x -> x.getSessionState().isReceivable()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no ESME bound"));
        OptionalParameter[] tlvs = sar == null ? new OptionalParameter[0] : new OptionalParameter[]{
                org.jsmpp.bean.OptionalParameters.newSarMsgRefNum((short) sar[0]),
                org.jsmpp.bean.OptionalParameters.newSarTotalSegments(sar[1]),
                org.jsmpp.bean.OptionalParameters.newSarSegmentSeqnum(sar[2])};
        target.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, destination, new ESMClass(udhi ? 0x40 : 0), (byte) 0,
                (byte) 0, new RegisteredDelivery(0), new RawDataCoding(dataCoding), shortMessage, tlvs);
    }

    /**
     * Sends a delivery receipt for {@code messageId} to the ESME bound as {@code systemId}, as
     * an SMSC does for a message it lost track of: an id this simulator never issued, say.
     */
    public void sendStrayReceipt(String systemId, String messageId, ReceiptStatus status) {
        scheduleReceipt(new PendingReceipt(systemId, messageId, "447700900999", "rcsgw", status, 0), 0);
    }

    /** Goes away as a crashed SMSC would: refuses new binds and drops every connection, unbinding none. */
    public void crash() {
        closed = true;
        receiptSender.shutdownNow();
        if (delayed != null) {
            delayed.close();
        }
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // gone anyway
        }
        dropConnections();
    }

    public boolean hasBoundSession() {
        return sessions.stream().anyMatch(s -> s.getSessionState().isBound());
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SMPPServerSession session = delayed == null ? listener.accept()
                        : new SMPPServerSession(new ServerSocketConnection(serverSocket).accept(), (n, o, x) -> { },
                        new Receiver(), new AfterResponse(), 8, 2000, delayed, new org.jsmpp.DefaultPDUReader());
                Thread t = new Thread(() -> bind(session), "smsc-sim-bind");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("SMSC simulator accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(5000);
            if (options.systemId() != null && (!options.systemId().equals(request.getSystemId())
                    || !options.password().equals(request.getPassword()))) {
                request.reject(0x0E); // ESME_RINVPASWD
                return;
            }
            request.accept("rcsgw-sim");
            sessions.add(session);
            boundSystemIds.put(session, request.getSystemId());
            boundSystemTypes.put(session, request.getSystemType() == null ? "" : request.getSystemType());
            binds.incrementAndGet();
            session.addSessionStateListener((newState, oldState, source) -> {
                if (!newState.isBound() && newState != org.jsmpp.extra.SessionState.OPEN) {
                    sessions.remove(session);
                    boundSystemIds.remove(session);
                    boundSystemTypes.remove(session);
                }
            });
        } catch (Exception e) {
            log.debug("SMSC simulator bind failed: {}", e.toString());
            session.close();
        }
    }

    private void scheduleReceipt(PendingReceipt r, long delayMillis) {
        if (closed) {
            return;
        }
        receiptSender.schedule(() -> sendReceipt(r), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void sendReceipt(PendingReceipt r) {
        SMPPServerSession target = null;
        for (var e : boundSystemIds.entrySet()) {
            if (e.getValue().equals(r.systemId()) && e.getKey().getSessionState().isReceivable()) {
                target = e.getKey();
                break;
            }
        }
        if (target == null) {
            scheduleReceipt(new PendingReceipt(r.systemId(), r.messageId(), r.source(), r.destination(), r.status(), r.attempt() + 1), 200);
            return;
        }
        String now = LocalDateTime.now().format(RECEIPT_DATE);
        // The text carries the id in decimal when the response id was hex, as many SMSCs do.
        String textId = options.hexMessageIds() ? Long.toString(Long.parseLong(r.messageId(), 16)) : r.messageId();
        String text = "id:" + textId + " sub:001 dlvrd:" + (r.status() == ReceiptStatus.DELIVRD ? "001" : "000")
                + " submit date:" + now + " done date:" + now + " stat:" + r.status().name()
                + " err:" + (r.status() == ReceiptStatus.DELIVRD ? "000" : "001") + " text:";
        try {
            target.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, r.destination(),
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, r.source(),
                    new ESMClass(MessageType.SMSC_DEL_RECEIPT.value()), (byte) 0, (byte) 0,
                    new RegisteredDelivery(0), new RawDataCoding((byte) 0), text.getBytes(StandardCharsets.ISO_8859_1),
                    options.receiptTlvs() ? new OptionalParameter[]{
                            new OptionalParameter.COctetString(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID.code(), r.messageId()),
                            new OptionalParameter.Byte(OptionalParameter.Tag.MESSAGE_STATE, (byte) r.status().messageState())}
                            : new OptionalParameter[0]);
            receiptsSent.incrementAndGet();
        } catch (Exception e) {
            // not acknowledged: keep it and try again, as an SMSC does
            scheduleReceipt(new PendingReceipt(r.systemId(), r.messageId(), r.source(), r.destination(), r.status(), r.attempt() + 1),
                    Math.min(2000, 100L * (r.attempt() + 1)));
        }
    }

    @Override
    public void close() {
        closed = true;
        receiptSender.shutdownNow();
        if (delayed != null) {
            delayed.close();
        }
        for (SMPPServerSession s : sessions) {
            s.unbindAndClose();
        }
        try {
            listener.close();
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static int[] sar(SubmitSm sm) {
        OptionalParameter ref = sm.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM);
        OptionalParameter total = sm.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS);
        OptionalParameter seq = sm.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM);
        if (ref instanceof OptionalParameter.Short r && total instanceof OptionalParameter.Byte t
                && seq instanceof OptionalParameter.Byte q) {
            return new int[]{r.getValue() & 0xFFFF, t.getValue() & 0xFF, q.getValue() & 0xFF};
        }
        return null;
    }

    private static byte[] payload(SubmitSm sm) {
        OptionalParameter p = sm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        return p instanceof OptionalParameter.OctetString o ? o.getValue() : null;
    }

    private final class Receiver implements ServerMessageReceiverListener {

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            int status = submitStatus.getAsInt();
            if (status != 0) {
                throw new ProcessRequestException("simulated error", status);
            }
            long n = nextId.incrementAndGet();
            String id = options.hexMessageIds() ? Long.toHexString(n).toUpperCase() : Long.toString(n);
            submits.incrementAndGet();
            if (options.recordSubmits()) {
                received.add(new ReceivedSubmit(id, submitSm.getSourceAddr(), submitSm.getDestAddress(),
                        submitSm.getDataCoding(), submitSm.getEsmClass(), submitSm.getShortMessage(), System.nanoTime(),
                        submitSm.getSourceAddrTon(), submitSm.getSourceAddrNpi(), submitSm.getPriorityFlag(),
                        submitSm.getValidityPeriod(), sar(submitSm), payload(submitSm),
                        boundSystemTypes.getOrDefault(source, "")));
            }
            try {
                String systemId = boundSystemIds.getOrDefault(source, "");
                boolean wantsReceipt = (submitSm.getRegisteredDelivery() & 0x03) != 0;
                ReceiptStatus outcome = options.receiptRule().statusFor(submitSm.getDestAddress(), submitSm.getShortMessage());
                return new ReceiptCarrier(new MessageId(id), wantsReceipt && outcome != null ? new PendingReceipt(systemId, id,
                        submitSm.getSourceAddr(), submitSm.getDestAddress(), outcome, 0) : null);
            } catch (PDUStringException e) {
                throw new ProcessRequestException("bad id", 0x08);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 0x03);
        }
    }

    /** A submit result that remembers the receipt to send once the response is on the wire. */
    private static final class ReceiptCarrier extends SubmitSmResult {
        final PendingReceipt receipt;

        ReceiptCarrier(MessageId id, PendingReceipt receipt) {
            super(id, new OptionalParameter[0]);
            this.receipt = receipt;
        }
    }

    private final class AfterResponse implements ServerResponseDeliveryListener {
        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
            if (result instanceof ReceiptCarrier c && c.receipt != null) {
                // a late answer is written later still: the receipt follows it
                scheduleReceipt(c.receipt, options.receiptDelay().plus(options.responseDelay()).toMillis());
            }
        }

        @Override
        public void onSubmitSmRespError(SubmitSmResult result, Exception e, SMPPServerSession source) {
            // the message was taken even if its response did not get through (the ESME may have read it all the
            // same, as the session went down): an SMSC still reports on it, on the next bind
            if (result instanceof ReceiptCarrier c && c.receipt != null) {
                scheduleReceipt(c.receipt, options.receiptDelay().toMillis());
            }
        }

        @Override
        public void onSubmitMultiRespSent(SubmitMultiResult result, SMPPServerSession source) {
        }

        @Override
        public void onSubmitMultiRespError(SubmitMultiResult result, Exception e, SMPPServerSession source) {
        }
    }
}
