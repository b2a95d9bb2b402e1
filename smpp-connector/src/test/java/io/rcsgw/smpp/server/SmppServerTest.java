package io.rcsgw.smpp.server;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SMPP server over real sockets with jSMPP's own client (and raw bytes where a client would
 * not send them): binds and their refusals, submits answered only once the gateway has them,
 * throttling, refused submits, and malformed PDUs. The gateway behind it here is a port that
 * takes submits after a store-like delay.
 */
class SmppServerTest {

    static final List<EsmeAccount> ACCOUNTS = List.of(
            new EsmeAccount("esme1", PasswordHash.of("secret1"), List.of(), 2, 1000, 5, "bot1", List.of("12345", "447700900999")),
            new EsmeAccount("slow", PasswordHash.of(PasswordHash.hash("secret2", 1000)), List.of(AddressRange.parse("127.0.0.0/8")),
                    1, 3, 100, "bot1", List.of()),
            new EsmeAccount("far", PasswordHash.of("secret3"), List.of(AddressRange.parse("10.0.0.0/8")), 1, 10, 10, "bot1",
                    List.of()),
            new EsmeAccount("many", PasswordHash.of("secret4"), List.of(), 60, 100_000, 10, "bot1", List.of()));

    final List<EsmeSubmit> taken = new CopyOnWriteArrayList<>();
    final ScheduledExecutorService store = Executors.newSingleThreadScheduledExecutor();
    volatile long storeDelayMillis = 30;
    SmppServer server;
    final List<SMPPSession> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        SubmitPort port = new SubmitPort() {
            @Override
            public CompletableFuture<SubmitOutcome> submit(EsmeSubmit s) {
                CompletableFuture<SubmitOutcome> f = new CompletableFuture<>();
                store.schedule(() -> {
                    taken.add(s);
                    f.complete(s.text().equals("refuse me") ? new Refused(CommandStatus.ESME_RSUBMITFAIL, "rule")
                            : new Accepted("gw-" + s.messageId()));
                }, storeDelayMillis, TimeUnit.MILLISECONDS);
                return f;
            }

            @Override
            public Optional<MessageStatus> query(EsmeAccount account, String messageId) {
                return messageId.equals("known") ? Optional.of(new MessageStatus(2, 1_700_000_000_000L, 0)) : Optional.empty();
            }

            @Override
            public CompletableFuture<Integer> cancel(EsmeAccount account, String messageId) {
                return CompletableFuture.completedFuture(messageId.equals("known") ? CommandStatus.ESME_ROK
                        : CommandStatus.ESME_RCANCELFAIL);
            }
        };
        server = SmppServer.of(new SmppServerSettings("127.0.0.1", 0, ACCOUNTS, Duration.ofSeconds(2), Duration.ofSeconds(30),
                4096), port, ServerObserver.NONE).start();
    }

    @AfterEach
    void stop() {
        clients.forEach(SMPPSession::unbindAndClose);
        server.close();
        store.shutdownNow();
    }

    SMPPSession bind(String systemId, String password, BindType type) throws IOException {
        SMPPSession s = new SMPPSession();
        s.setTransactionTimer(3000);
        s.setPduProcessorDegree(1);
        clients.add(s);
        s.connectAndBind("127.0.0.1", server.port(), new BindParameter(type, systemId, password, "", TypeOfNumber.UNKNOWN,
                NumberingPlanIndicator.UNKNOWN, null), 3000);
        return s;
    }

    static String submit(SMPPSession s, String source, String destination, byte[] body, byte dataCoding, byte esmClass,
                         OptionalParameter... tlvs) throws Exception {
        return s.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination, new ESMClass(esmClass), (byte) 0, (byte) 1,
                null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0, new RawDataCoding(dataCoding),
                (byte) 0, body, tlvs).getMessageId();
    }

    static String text(SMPPSession s, String to, String text) throws Exception {
        return submit(s, "12345", to, text.getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0);
    }

    static int status(ThrowingRunnable r) {
        try {
            r.run();
            return 0;
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void bindsAreCheckedAndRefusedWithTheirStatus() throws Exception {
        assertThat(bind("esme1", "secret1", BindType.BIND_TRX).getSessionState().isBound()).isTrue();
        assertThat(bind("slow", "secret2", BindType.BIND_TX).getSessionState().isBound()).as("a PBKDF2 hash").isTrue();
        assertThat(bindStatus("esme1", "wrong", BindType.BIND_TX)).isEqualTo(CommandStatus.ESME_RINVPASWD);
        assertThat(bindStatus("nobody", "secret1", BindType.BIND_TX)).isEqualTo(CommandStatus.ESME_RINVSYSID);
        assertThat(bindStatus("far", "secret3", BindType.BIND_TX)).as("not from 10/8").isEqualTo(CommandStatus.ESME_RBINDFAIL);
        assertThat(bindStatus("slow", "secret2", BindType.BIND_RX)).as("one bind only").isEqualTo(CommandStatus.ESME_RBINDFAIL);
        bind("esme1", "secret1", BindType.BIND_RX);
        assertThat(bindStatus("esme1", "secret1", BindType.BIND_TX)).as("two binds at most").isEqualTo(CommandStatus.ESME_RBINDFAIL);
        assertThat(server.binds()).extracting(SmppServer.Bind::systemId).containsExactlyInAnyOrder("esme1", "esme1", "slow");
        clients.get(0).unbindAndClose();
        awaitBinds(2);
        assertThat(bind("esme1", "secret1", BindType.BIND_TX).getSessionState().isBound()).as("a place freed").isTrue();
    }

    @Test
    void aSubmitIsAnsweredOnceTheGatewayHasIt() throws Exception {
        SMPPSession s = bind("esme1", "secret1", BindType.BIND_TRX);
        storeDelayMillis = 300;
        long t0 = System.nanoTime();
        String id = text(s, "+447700900001", "hello");
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(taken).hasSize(1);
        assertThat(id).isEqualTo("gw-" + taken.get(0).messageId());
        assertThat(tookMillis).as("the response waited for the store").isGreaterThanOrEqualTo(250);
        EsmeSubmit e = taken.get(0);
        assertThat(e.destination()).isEqualTo("+447700900001");
        assertThat(e.source()).isEqualTo("12345");
        assertThat(e.text()).isEqualTo("hello");
        assertThat(e.registeredDelivery()).isEqualTo(1);
        assertThat(e.part()).isNull();
        assertThat(e.account().botId()).isEqualTo("bot1");

        // UCS-2, and a long text in message_payload
        storeDelayMillis = 1;
        submit(s, "12345", "447700900002", "Привет".getBytes(StandardCharsets.UTF_16BE), (byte) 0x08, (byte) 0);
        assertThat(taken.get(1).text()).isEqualTo("Привет");
        String longText = "x".repeat(400);
        submit(s, "12345", "447700900002", new byte[0], (byte) 0, (byte) 0,
                new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), longText.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(taken.get(2).text()).isEqualTo(longText);
        // a part of a concatenated message: handed on as a part
        byte[] udh = {0x05, 0x00, 0x03, 0x2a, 0x02, 0x01};
        byte[] part = new byte[udh.length + 3];
        System.arraycopy(udh, 0, part, 0, udh.length);
        System.arraycopy("abc".getBytes(StandardCharsets.ISO_8859_1), 0, part, udh.length, 3);
        submit(s, "12345", "447700900002", part, (byte) 0, (byte) 0x40);
        assertThat(taken.get(3).text()).isEqualTo("abc");
        assertThat(taken.get(3).part().total()).isEqualTo(2);
        assertThat(taken.get(3).part().reference()).isEqualTo(0x2a);

        assertThat(status(() -> text(s, "+447700900001", "refuse me"))).isEqualTo(CommandStatus.ESME_RSUBMITFAIL);
        assertThat(status(() -> submit(s, "99999", "447700900001", "x".getBytes(StandardCharsets.ISO_8859_1), (byte) 0, (byte) 0)))
                .as("a source the account does not own").isEqualTo(CommandStatus.ESME_RINVSRCADR);
        assertThat(status(() -> text(s, "+123", "x"))).isEqualTo(CommandStatus.ESME_RINVDSTADR);
        assertThat(status(() -> text(s, "0044770090abc", "x"))).isEqualTo(CommandStatus.ESME_RINVDSTADR);
        assertThat(status(() -> submit(s, "12345", "447700900001", new byte[]{1, 2}, (byte) 0x04, (byte) 0))).as("binary")
                .isEqualTo(CommandStatus.ESME_RINVDCS);
        assertThat(status(() -> submit(s, "12345", "447700900001", new byte[0], (byte) 0, (byte) 0))).as("empty")
                .isEqualTo(CommandStatus.ESME_RINVMSGLEN);
        assertThat(status(() -> submit(s, "12345", "447700900001", new byte[]{0, 0, 0, 0x41}, (byte) 0x08, (byte) 0))).as("a NUL")
                .isEqualTo(CommandStatus.ESME_RSUBMITFAIL);
        assertThat(taken).hasSize(5);
    }

    @Test
    void overTheWindowOrTheRateASubmitIsThrottled() throws Exception {
        // esme1: window 5; the store takes a while, so a sixth submit in flight is throttled
        SMPPSession s = bind("esme1", "secret1", BindType.BIND_TRX);
        storeDelayMillis = 500;
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8; i++) {
            results.add(CompletableFuture.supplyAsync(() -> status(() -> text(s, "+447700900001", "w")), pool));
        }
        List<Integer> statuses = results.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        assertThat(statuses.stream().filter(x -> x == 0).count()).isEqualTo(5);
        assertThat(statuses.stream().filter(x -> x == CommandStatus.ESME_RTHROTTLED).count()).isEqualTo(3);

        // slow: 3 per second
        storeDelayMillis = 1;
        SMPPSession slow = bind("slow", "secret2", BindType.BIND_TX);
        List<Integer> rated = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rated.add(status(() -> text(slow, "+447700900001", "r")));
        }
        assertThat(rated).filteredOn(x -> x == 0).hasSize(3);
        assertThat(rated).filteredOn(x -> x == CommandStatus.ESME_RTHROTTLED).hasSize(2);
    }

    @Test
    void fiftyBindsAtOnceEachSubmitting() throws Exception {
        storeDelayMillis = 20;
        var pool = Executors.newFixedThreadPool(50);
        List<CompletableFuture<String>> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            ids.add(CompletableFuture.supplyAsync(() -> {
                try {
                    SMPPSession s = new SMPPSession();
                    synchronized (clients) {
                        clients.add(s);
                    }
                    s.connectAndBind("127.0.0.1", server.port(), new BindParameter(BindType.BIND_TRX, "many", "secret4", "",
                            TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 10_000);
                    String last = null;
                    for (int k = 0; k < 5; k++) {
                        last = text(s, "+4477009" + String.format("%05d", n), "m" + k);
                    }
                    return last;
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, pool));
        }
        assertThat(ids.stream().map(CompletableFuture::join).toList()).hasSize(50).allMatch(id -> id.startsWith("gw-"));
        pool.shutdown();
        assertThat(server.binds()).hasSize(50);
        assertThat(taken).hasSize(250);
    }

    @Test
    void queryCancelAndWhatIsNotSupported() throws Exception {
        SMPPSession s = bind("esme1", "secret1", BindType.BIND_TRX);
        var q = s.queryShortMessage("known", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345");
        assertThat(q.getMessageState().value()).isEqualTo((byte) 2);
        assertThat(q.getFinalDate()).startsWith("231114");
        assertThat(status(() -> s.queryShortMessage("unknown", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345")))
                .isEqualTo(CommandStatus.ESME_RQUERYFAIL);
        s.cancelShortMessage("", "known", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345",
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "447700900001");
        assertThat(status(() -> s.cancelShortMessage("", "other", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                "12345", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "447700900001")))
                .isEqualTo(CommandStatus.ESME_RCANCELFAIL);
        assertThatThrownBy(() -> s.submitMultiple("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345",
                new org.jsmpp.bean.Address[]{new org.jsmpp.bean.Address(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                        "447700900001")}, new ESMClass(), (byte) 0, (byte) 1, null, null, new RegisteredDelivery(), 
                new org.jsmpp.bean.ReplaceIfPresentFlag((byte) 0), new GeneralDataCoding(), (byte) 0, "x".getBytes()))
                .isInstanceOf(NegativeResponseException.class)
                .extracting(e -> ((NegativeResponseException) e).getCommandStatus()).isEqualTo(CommandStatus.ESME_RINVCMDID);
        assertThat(status(() -> replace(s, "known"))).as("known, not replaceable").isEqualTo(CommandStatus.ESME_RREPLACEFAIL);
        assertThat(status(() -> replace(s, "unknown"))).isEqualTo(CommandStatus.ESME_RINVMSGID);
        assertThat(s.getSessionState().isBound()).isTrue();
    }

    private static void replace(SMPPSession s, String messageId) throws Exception {
        s.replaceShortMessage(messageId, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "12345", null, null,
                new RegisteredDelivery(), (byte) 0, "new text".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void malformedPdusAreAnsweredAndTheSessionLivesOn() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            DataInputStream in = new DataInputStream(raw.getInputStream());
            // a submit before any bind
            pdu(out, 0x00000004, 1, new byte[17]);
            assertThat(response(in)).containsExactly(0x80000004, CommandStatus.ESME_RINVBNDSTS, 1);
            // bind, then an unknown command id
            pdu(out, 0x00000009, 2, cstrings("esme1", "secret1", "", "", ""));
            assertThat(response(in)).containsExactly(0x80000009, 0, 2);
            pdu(out, 0x000000ff, 3, new byte[0]);
            assertThat(response(in)).containsExactly(0x80000000, CommandStatus.ESME_RINVCMDID, 3);
            // a submit_sm whose body ends in the middle of a C-string
            pdu(out, 0x00000004, 4, "abc".getBytes(StandardCharsets.ISO_8859_1));
            int[] truncated = response(in);
            assertThat(truncated[0]).isIn(0x80000004, 0x80000000);
            assertThat(truncated[1]).isNotZero();
            // still bound: enquire_link is answered
            pdu(out, 0x00000015, 5, new byte[0]);
            assertThat(response(in)).containsExactly(0x80000015, 0, 5);
            // an impossible command_length closes the connection
            out.writeInt(1_000_000);
            out.writeInt(0x00000004);
            out.writeInt(0);
            out.writeInt(6);
            out.flush();
            int[] nack = response(in);
            assertThat(nack[0]).isEqualTo(0x80000000);
            assertThat(nack[1]).isEqualTo(0x02); // ESME_RINVCMDLEN
            assertThat(in.read()).as("closed").isIn(-1, 0);
        }
        assertThat(taken).isEmpty();
    }

    private static byte[] cstrings(String... s) {
        StringBuilder b = new StringBuilder();
        for (String x : s) {
            b.append(x).append('\0');
        }
        byte[] strings = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        // system_id, password, system_type, then interface_version, addr_ton, addr_npi, and the address_range C-string
        byte[] out = new byte[strings.length - 2 + 3 + 1];
        int n = 0;
        int z = 0;
        for (int i = 0; i < strings.length && z < 3; i++) {
            out[n++] = strings[i];
            if (strings[i] == 0) {
                z++;
            }
        }
        out[n++] = 0x34;
        out[n++] = 0;
        out[n++] = 0;
        out[n] = 0;
        return java.util.Arrays.copyOf(out, n + 1);
    }

    private static void pdu(DataOutputStream out, int commandId, int sequence, byte[] body) throws IOException {
        out.writeInt(16 + body.length);
        out.writeInt(commandId);
        out.writeInt(0);
        out.writeInt(sequence);
        out.write(body);
        out.flush();
    }

    /** command_id, command_status, sequence_number of the next PDU (its body skipped). */
    private static int[] response(DataInputStream in) throws IOException {
        int length = in.readInt();
        int[] h = {in.readInt(), in.readInt(), in.readInt()};
        in.skipNBytes(length - 16);
        return h;
    }

    private int bindStatus(String systemId, String password, BindType type) {
        try {
            bind(systemId, password, type);
            return 0;
        } catch (IOException e) {
            Throwable c = e.getCause();
            if (c instanceof NegativeResponseException n) {
                return n.getCommandStatus();
            }
            throw new AssertionError(e);
        }
    }

    private void awaitBinds(int n) throws InterruptedException {
        long end = System.currentTimeMillis() + 3000;
        while (server.binds().size() != n && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(server.binds()).hasSize(n);
    }
}
