package io.rcsgw.smpp.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.rcsgw.rules.sms.PartsReassembler;
import io.rcsgw.rules.sms.SmsDecoder;
import io.rcsgw.rules.sms.UserDataHeader;
import io.rcsgw.smpp.MobileOriginated;
import io.rcsgw.smpp.ShortMessagePdu;
import io.rcsgw.smpp.BindMode;
import io.rcsgw.smpp.SmsSettings;
import io.rcsgw.smpp.SubmitPolicy;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.rcsgw.smpp.SmscLink;
import io.rcsgw.smpp.SmscLinkConfig;
import io.rcsgw.smpp.SmscListener;
import io.rcsgw.smpp.SubmitOutcome;
import io.rcsgw.smpp.receipt.DeliveryReceipt;
import io.rcsgw.smpp.receipt.DeliveryReceiptParser;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMSC link over jSMPP. Submits are pipelined: one {@link PipelinedSubmitter} thread takes
 * them from a {@link SubmitQueue} (which keeps a number's submits in order, bounds the window and
 * slows the whole link while the SMSC throttles) and writes them without waiting for their
 * responses, which jSMPP matches by sequence number; a TPS limit (Resilience4j rate limiter)
 * applies when configured. A single supervisor thread owns the session: it binds, notices a
 * dead session, backs off with jitter and binds again; besides it only jSMPP closes a session
 * (when its socket fails).
 */
public final class JsmppSmscLink implements SmscLink {

    private static final Logger log = LoggerFactory.getLogger(JsmppSmscLink.class);
    private static final int MIN_PDU_PROCESSORS = 16;
    /** How long the link pauses at the first throttle; each throttle in a row doubles it up to the max. */
    static final long THROTTLE_PAUSE_MIN_MILLIS = 10;
    static final long THROTTLE_PAUSE_MAX_MILLIS = 2000;

    /** A submit throttled this often in a row is handed back to the caller as a retryable error. */
    static final int MAX_THROTTLES = 20;

    private final SmscLinkConfig config;
    private final SmscListener listener;
    private final SubmitQueue queue;
    private final PipelinedSubmitter submitter;
    private volatile java.util.function.BooleanSupplier writeGate = () -> true;
    private final RateLimiter tps;
    /** Parts of mobile-originated messages waiting for the rest; guarded by itself. */
    private final PartsReassembler reassembler;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final IntervalFunction backoff;
    private final Object bindLock = new Object();
    private final Thread supervisor;
    /** The sessions the supervisor keeps bound; the first one carries the submits. */
    private final List<Slot> slots;
    private final ConnectionFactory connections;
    private volatile boolean closed;
    private volatile boolean enabled = true;

    public JsmppSmscLink(SmscLinkConfig config, SmscListener listener) {
        this.config = config;
        this.listener = listener;
        this.reassembler = new PartsReassembler(config.sms().moReassemblyTimeout().toMillis(), 10_000);
        this.queue = new SubmitQueue(config.window(), THROTTLE_PAUSE_MIN_MILLIS, THROTTLE_PAUSE_MAX_MILLIS);
        int maxTps = config.policy().maxTps();
        this.tps = maxTps == 0 ? null : RateLimiter.of("smsc-" + config.name(), RateLimiterConfig.custom()
                .limitForPeriod(1).limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / maxTps))
                .timeoutDuration(Duration.ofDays(1)).build());
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                config.reconnectMin().toMillis(), 2.0, 0.5, config.reconnectMax().toMillis());
        this.slots = config.bindMode() == BindMode.TX_RX
                ? List.of(new Slot(BindType.BIND_TX), new Slot(BindType.BIND_RX)) : List.of(new Slot(BindType.BIND_TRX));
        try {
            this.connections = config.tls() == null ? SocketConnectionFactory.getInstance()
                    : new TlsConnectionFactory(config.tls().context(), config.tls().verifyHostname());
        } catch (IOException e) {
            throw new IllegalArgumentException("SMSC link " + config.name() + ": " + e.getMessage(), e);
        }
        this.submitter = new PipelinedSubmitter(config.name(), queue, tps, this::boundSession, this::wakeSupervisor,
                config.policy(), config.responseTimeout(), listener, outstanding, () -> writeGate.getAsBoolean());
        this.supervisor = new Thread(this::supervise, "smsc-" + config.name() + "-supervisor");
        this.supervisor.setDaemon(true);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public SmsSettings sms() {
        return config.sms();
    }

    @Override
    public SubmitPolicy policy() {
        return config.policy();
    }

    @Override
    public void start() {
        supervisor.start();
        submitter.start();
    }

    /** Bound when enabled and every session it keeps is: the transceiver, or both transmitter and receiver. */
    @Override
    public boolean isBound() {
        if (!enabled) {
            return false;
        }
        for (Slot slot : slots) {
            if (!slot.bound()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int outstanding() {
        return outstanding.get();
    }

    @Override
    public int onTheWire() {
        SMPPSession s = slots.get(0).session;
        return s instanceof PipelinedSession p ? p.onTheWire() : 0;
    }

    @Override
    public void setEnabled(boolean on) {
        enabled = on;
        if (!on) {
            for (SubmitQueue.Pending p : queue.removeWaiting()) {
                outstanding.decrementAndGet();
                p.future().complete(new SubmitOutcome.LinkDown("link disabled"));
            }
            log.info("SMSC link {} disabled: unbinding, and no submits until it is enabled", config.name());
        } else {
            log.info("SMSC link {} enabled", config.name());
        }
        wakeSupervisor();
    }

    @Override
    public void gateWrites(java.util.function.BooleanSupplier mayWrite) {
        this.writeGate = mayWrite;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public CompletableFuture<SubmitOutcome> submit(ShortMessagePdu pdu) {
        CompletableFuture<SubmitOutcome> f = new CompletableFuture<>();
        if (closed || !enabled) {
            f.complete(new SubmitOutcome.LinkDown(closed ? "link closed" : "link disabled"));
            return f;
        }
        outstanding.incrementAndGet();
        queue.add(new SubmitQueue.Pending(pdu, f, 0));
        return f;
    }

    /** The session submits go on, if it is bound now. */
    private PipelinedSession boundSession() {
        SMPPSession s = slots.get(0).session;
        return s instanceof PipelinedSession p && p.getSessionState().isBound() ? p : null;
    }

    private void wakeSupervisor() {
        synchronized (bindLock) {
            bindLock.notifyAll();
        }
    }

    /** One session the link keeps bound: the transceiver, or the transmitter or receiver of a TX+RX pair. */
    private static final class Slot {
        final BindType type;
        volatile SMPPSession session;

        Slot(BindType type) {
            this.type = type;
        }

        boolean bound() {
            SMPPSession s = session;
            return s != null && s.getSessionState().isBound();
        }
    }

    private void supervise() {
        int attempt = 0;
        boolean reported = false;
        while (!closed) {
            expireParts();
            if (!enabled) { // taken out of service: unbound until enabled again
                reported = unbindAll(reported);
                synchronized (bindLock) {
                    try {
                        bindLock.wait(500);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                continue;
            }
            boolean failed = false;
            for (Slot slot : slots) {
                if (slot.bound()) {
                    continue;
                }
                SMPPSession old = slot.session;
                if (old != null) {
                    log.warn("SMSC link {} lost its {} bind; reconnecting", config.name(), slot.type);
                    slot.session = null;
                    old.close();
                }
                try {
                    SMPPSession fresh = newSession();
                    fresh.connectAndBind(config.host(), config.port(), new BindParameter(slot.type,
                            config.systemId(), config.password(), config.systemType(),
                            TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), config.responseTimeout().toMillis());
                    synchronized (bindLock) {
                        slot.session = fresh;
                        bindLock.notifyAll();
                    }
                    log.info("SMSC link {} bound ({}{}) to {}:{}", config.name(), slot.type, config.tls() != null ? ", TLS" : "",
                            config.host(), config.port());
                } catch (IOException e) {
                    failed = true;
                    attempt++;
                    log.warn("SMSC link {} {} to {}:{} failed ({})", config.name(), slot.type, config.host(), config.port(),
                            e.getMessage());
                }
            }
            boolean bound = isBound();
            if (bound != reported) {
                reported = bound;
                listener.onLinkState(config.name(), bound);
            }
            try {
                if (failed) {
                    long wait = backoff.apply(attempt);
                    log.debug("SMSC link {}: next bind attempt in {} ms", config.name(), wait);
                    Thread.sleep(wait);
                } else {
                    attempt = 0;
                    synchronized (bindLock) {
                        bindLock.wait(500);
                    }
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        unbindAll(reported);
    }

    /** Unbinds every session (supervisor thread only); reports the link down if it was reported up. Returns false. */
    private boolean unbindAll(boolean reportedUp) {
        for (Slot slot : slots) {
            SMPPSession s = slot.session;
            slot.session = null;
            if (s != null) {
                s.unbindAndClose();
            }
        }
        if (reportedUp) {
            listener.onLinkState(config.name(), false);
        }
        return false;
    }

    /** Gives up mobile-originated messages whose parts did not all come in time, as partial ones. */
    private void expireParts() {
        List<PartsReassembler.Message> expired;
        synchronized (reassembler) {
            expired = reassembler.expire(System.currentTimeMillis());
        }
        for (PartsReassembler.Message m : expired) {
            try {
                listener.onMobileOriginated(new MobileOriginated(config.name(), m.source(), m.destination(), m.text(), null,
                        m.total(), m.missing()));
            } catch (Exception e) {
                log.warn("SMSC link {}: partial mobile-originated message not taken: {}", config.name(), e.toString());
            }
        }
    }

    private SMPPSession newSession() {
        HeldDeliverResponses responses = new HeldDeliverResponses();
        SMPPSession s = new PipelinedSession(responses, new org.jsmpp.DefaultPDUReader(), connections);
        s.setTransactionTimer(config.responseTimeout().toMillis());
        s.setEnquireLinkTimer((int) config.enquireLinkInterval().toMillis());
        // no thread waits on the store for a receipt (its answer is held instead); a
        // mobile-originated message's does, and those are few
        s.setPduProcessorDegree(MIN_PDU_PROCESSORS);
        s.setQueueCapacity(Math.max(100, config.window() * 4));
        s.setMessageReceiverListener(new Receiver(responses));
        s.addSessionStateListener((newState, oldState, source) -> {
            if (newState == SessionState.CLOSED) {
                wakeSupervisor(); // the supervisor notices and reconnects; never close from here
            }
        });
        return s;
    }

    @Override
    public void close() {
        closed = true;
        supervisor.interrupt();
        try {
            supervisor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SubmitQueue.Pending p : queue.drain()) {
            outstanding.decrementAndGet();
            p.future().complete(new SubmitOutcome.LinkDown("link closed"));
        }
        submitter.close();
    }

    private final class Receiver implements MessageReceiverListener {

        private final HeldDeliverResponses responses;

        Receiver(HeldDeliverResponses responses) {
            this.responses = responses;
        }

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            byte[] sm = deliverSm.getShortMessage() == null ? new byte[0] : deliverSm.getShortMessage();
            if (deliverSm.isSmscDeliveryReceipt()) {
                String tlvId = null;
                Integer tlvState = null;
                OptionalParameter id = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
                if (id instanceof OptionalParameter.COctetString c) {
                    tlvId = c.getValueAsString();
                }
                OptionalParameter st = deliverSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
                if (st instanceof OptionalParameter.Byte b) {
                    tlvState = (int) b.getValue();
                }
                DeliveryReceipt receipt = DeliveryReceiptParser
                        .parse(new String(sm, StandardCharsets.ISO_8859_1), tlvId, tlvState).orElse(null);
                if (receipt == null) {
                    log.warn("SMSC link {}: delivery receipt without a message id ignored", config.name());
                    return;
                }
                CompletableFuture<Void> stored = listener.receiptStored(config.name(), receipt).whenComplete((x, e) -> {
                    if (e != null) {
                        log.warn("SMSC link {}: receipt not stored, asking SMSC to resend: {}", config.name(), e.toString());
                    }
                });
                if (stored.isCompletedExceptionally()) {
                    throw new ProcessRequestException("receipt not stored", 0x08);
                }
                responses.hold(deliverSm.getSequenceNumber(), stored); // answered once stored, by no waiting thread
                return;
            }
            SmsDecoder.Decoded d;
            try {
                d = SmsDecoder.decode(deliverSm.getDataCoding(), sm, (deliverSm.getEsmClass() & 0x40) != 0,
                        config.sms().defaultCoding());
            } catch (IllegalArgumentException e) {
                log.warn("SMSC link {}: mobile-originated message with a malformed header refused: {}", config.name(),
                        e.getMessage());
                throw new ProcessRequestException("malformed user data header", 0x64); // ESME_RX_P_APPN: do not resend
            }
            UserDataHeader.Concat concat = d.header().concat().orElse(sar(deliverSm));
            MobileOriginated complete;
            if (concat == null || concat.total() <= 1 || !d.isText()) {
                complete = new MobileOriginated(config.name(), deliverSm.getSourceAddr(), deliverSm.getDestAddress(),
                        d.text(), d.binary(), 1, List.of());
            } else {
                PartsReassembler.Message m;
                synchronized (reassembler) {
                    m = reassembler.offer(new PartsReassembler.Part(deliverSm.getSourceAddr(), deliverSm.getDestAddress(),
                            concat.reference(), concat.total(), concat.sequence(), d.text(), System.currentTimeMillis()))
                            .orElse(null);
                }
                if (m == null) {
                    return; // held until its other parts come
                }
                complete = new MobileOriginated(config.name(), m.source(), m.destination(), m.text(), null, m.total(), m.missing());
            }
            try {
                listener.onMobileOriginated(complete);
            } catch (Exception e) {
                throw new ProcessRequestException("MO not stored", 0x08);
            }
        }

        /** The concatenation the SAR TLVs describe, or null. */
        private UserDataHeader.Concat sar(DeliverSm sm) {
            OptionalParameter ref = sm.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM);
            OptionalParameter total = sm.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS);
            OptionalParameter seq = sm.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM);
            if (ref instanceof OptionalParameter.Short r && total instanceof OptionalParameter.Byte t
                    && seq instanceof OptionalParameter.Byte q && (t.getValue() & 0xFF) >= 1 && (q.getValue() & 0xFF) >= 1
                    && (q.getValue() & 0xFF) <= (t.getValue() & 0xFF)) {
                return new UserDataHeader.Concat(r.getValue() & 0xFFFF, t.getValue() & 0xFF, q.getValue() & 0xFF, true);
            }
            return null;
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm not supported", 0x03);
        }
    }
}
