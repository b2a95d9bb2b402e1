package io.rcsgw.smpp.server;

import io.rcsgw.smpp.TlsSettings;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS port (a key store made with the JDK's keytool), and binds ended when their ESME goes quiet. */
class SmppServerTlsAndIdleTest {

    @TempDir
    Path dir;
    SmppServer server;
    final List<SMPPSession> clients = new ArrayList<>();
    final List<EsmeSubmit> taken = new CopyOnWriteArrayList<>();

    final SubmitPort port = new SubmitPort() {
        @Override
        public CompletableFuture<SubmitOutcome> submit(EsmeSubmit s) {
            taken.add(s);
            return CompletableFuture.completedFuture(new Accepted("gw-" + s.messageId()));
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

    SmppServer start(Duration idle, ServerTls tls) throws Exception {
        server = SmppServer.of(new SmppServerSettings("127.0.0.1", 0, SmppServerTest.ACCOUNTS, Duration.ofSeconds(2),
                Duration.ofSeconds(30), 4096, idle, tls), port, ServerObserver.NONE).start();
        return server;
    }

    @AfterEach
    void stop() {
        clients.forEach(SMPPSession::unbindAndClose);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void esmesBindAndSubmitOverTlsOnTheirOwnPort() throws Exception {
        io.rcsgw.smpp.TestCertificates files = io.rcsgw.smpp.TestCertificates.in(dir);
        start(Duration.ZERO, new ServerTls(0, files.keyStore(), "changeit"));
        assertThat(server.tlsPort()).isPositive().isNotEqualTo(server.port());
        var context = new TlsSettings(files.trustStore(), "changeit", true).context();
        SMPPSession s = new SMPPSession(new SynchronizedPDUSender(new DefaultPDUSender()), new DefaultPDUReader(),
                (host, p) -> {
                    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, p);
                    var params = socket.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(params);
                    socket.startHandshake();
                    return new SocketConnection(socket);
                });
        s.setTransactionTimer(3000);
        clients.add(s);
        s.connectAndBind("127.0.0.1", server.tlsPort(), new BindParameter(BindType.BIND_TRX, "esme1", "secret1", "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 3000);
        assertThat(SmppServerTest.text(s, "447700900123", "over TLS")).isNotEmpty();
        assertThat(taken).singleElement().satisfies(t -> assertThat(t.text()).isEqualTo("over TLS"));
        assertThat(server.binds()).singleElement().satisfies(b -> assertThat(b.systemId()).isEqualTo("esme1"));

        // plain SMPP on the TLS port does not bind
        SMPPSession plain = new SMPPSession();
        clients.add(plain);
        assertThatThrownBy(() -> plain.connectAndBind("127.0.0.1", server.tlsPort(), new BindParameter(BindType.BIND_TX,
                "esme1", "secret1", "", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 1500))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aBindWithoutRequestsForTheIdleTimeoutIsEndedOneThatEnquiresStays() throws Exception {
        start(Duration.ofMillis(800), null);
        SMPPSession quiet = session(0);
        SMPPSession talking = session(200); // its own enquire_link every 200 ms
        Thread.sleep(2500);
        assertThat(quiet.getSessionState().isBound()).as("ended").isFalse();
        assertThat(talking.getSessionState().isBound()).as("kept").isTrue();
        assertThat(server.binds()).hasSize(1);
        SmppServerTest.text(talking, "447700900123", "still here");
        assertThat(taken).extracting(EsmeSubmit::text).containsExactly("still here");
    }

    private SMPPSession session(int enquireLinkMillis) throws Exception {
        SMPPSession s = new SMPPSession();
        s.setTransactionTimer(3000);
        s.setEnquireLinkTimer(enquireLinkMillis == 0 ? 600_000 : enquireLinkMillis);
        clients.add(s);
        s.connectAndBind("127.0.0.1", server.port(), new BindParameter(BindType.BIND_TRX, "many", "secret4", "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 3000);
        return s;
    }
}
