package io.rcsgw.smpp.server;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated PDUs against the SMPP server over raw sockets, bound and not: the server
 * answers or closes, never takes a refused submit to the gateway, and afterwards still binds
 * and takes a well-formed submit.
 */
class SmppServerFuzzTest {

    static SmppServer server;
    static final List<EsmeSubmit> taken = new CopyOnWriteArrayList<>();

    @BeforeContainer
    static void start() throws Exception {
        SubmitPort port = new SubmitPort() {
            @Override
            public CompletableFuture<SubmitOutcome> submit(EsmeSubmit s) {
                taken.add(s);
                return CompletableFuture.completedFuture(new Accepted("id-" + taken.size()));
            }

            @Override
            public Optional<MessageStatus> query(EsmeAccount account, String messageId) {
                return Optional.empty();
            }

            @Override
            public CompletableFuture<Integer> cancel(EsmeAccount account, String messageId) {
                return CompletableFuture.completedFuture(CommandStatus.ESME_RCANCELFAIL);
            }
        };
        server = SmppServer.of(new SmppServerSettings("127.0.0.1", 0, List.of(new EsmeAccount("fuzz", PasswordHash.of("fuzz1234"),
                List.of(), 1000, 1_000_000, 100, "bot", List.of())), Duration.ofSeconds(2), Duration.ofSeconds(30), 4096),
                port, ServerObserver.NONE).start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    /** A well-formed bind_transceiver. */
    static byte[] bind(int sequence) {
        return pdu(0x00000009, sequence, cstrings("fuzz", "fuzz1234", ""), new byte[]{0x34, 0, 0, 0});
    }

    /** A well-formed submit_sm of "hello" to +447700900001. */
    static byte[] submit(int sequence) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(cstrings(""));
        b.writeBytes(new byte[]{1, 1});
        b.writeBytes(cstrings("12345"));
        b.writeBytes(new byte[]{1, 1});
        b.writeBytes(cstrings("447700900001"));
        b.writeBytes(new byte[]{0, 0, 0});
        b.writeBytes(cstrings("", ""));
        b.writeBytes(new byte[]{1, 0, 0, 0, 5});
        b.writeBytes("hello".getBytes(StandardCharsets.ISO_8859_1));
        return pdu(0x00000004, sequence, b.toByteArray(), new byte[0]);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(200);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, 60).list().ofMaxSize(6).flatMap(positions ->
                Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] p = submit(7);
                    for (int i = 0; i < positions.size(); i++) {
                        p[Math.min(positions.get(i), p.length - 1)] = values.get(i);
                    }
                    return p;
                }));
        Arbitrary<byte[]> header = Arbitraries.integers().between(0, 0x200).flatMap(id -> Arbitraries.integers()
                .between(0, 64).map(len -> {
                    ByteBuffer b = ByteBuffer.allocate(16 + len);
                    b.putInt(16 + len).putInt(id).putInt(0).putInt(9);
                    return b.array();
                }));
        return Arbitraries.oneOf(random, mutated, header);
    }

    @Property(tries = 50)
    void whateverArrivesTheServerStaysUp(@ForAll("garbage") byte[] bytes, @ForAll boolean bound) throws Exception {
        int before = taken.size();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(100);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            if (bound) {
                out.write(bind(1));
                out.flush();
                assertThat(readHeader(in)[1]).as("bind_resp status").isZero();
            }
            out.write(bytes);
            out.flush();
            drain(in);
        }
        // only a mutation that is still a well-formed submit (from a bound session) reaches the gateway
        assertThat(taken.size() - before).isLessThanOrEqualTo(bound ? 1 : 0);
        if (taken.size() > before) {
            EsmeSubmit t = taken.get(taken.size() - 1);
            assertThat(t.destination()).startsWith("+");
        }
        stillServes();
    }

    private static void stillServes() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(3000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(bind(1));
            out.flush();
            assertThat(readHeader(in)).containsExactly(0x80000009, 0, 1);
            out.write(submit(2));
            out.flush();
            assertThat(readHeader(in)).containsExactly(0x80000004, 0, 2);
        }
    }

    private static void drain(DataInputStream in) {
        try {
            while (in.read() >= 0) {
                // read what the server answers until it goes quiet or closes
            }
        } catch (SocketTimeoutException e) {
            // quiet: it waits for more
        } catch (IOException e) {
            // reset: it closed
        }
    }

    private static int[] readHeader(DataInputStream in) throws IOException {
        int length = in.readInt();
        int[] h = {in.readInt(), in.readInt(), in.readInt()};
        in.skipNBytes(length - 16);
        return h;
    }

    private static byte[] cstrings(String... s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String x : s) {
            b.writeBytes(x.getBytes(StandardCharsets.ISO_8859_1));
            b.write(0);
        }
        return b.toByteArray();
    }

    private static byte[] pdu(int commandId, int sequence, byte[] body, byte[] more) {
        ByteBuffer b = ByteBuffer.allocate(16 + body.length + more.length);
        b.putInt(16 + body.length + more.length).putInt(commandId).putInt(0).putInt(sequence).put(body).put(more);
        return b.array();
    }
}
