package io.rcsgw.smpp.internal;

import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;

/** jSMPP connections over TLS: the handshake (and the host name check) happen before the bind. */
final class TlsConnectionFactory implements ConnectionFactory {

    private final SSLContext context;
    private final boolean verifyHostname;

    TlsConnectionFactory(SSLContext context, boolean verifyHostname) {
        this.context = context;
        this.verifyHostname = verifyHostname;
    }

    @Override
    public Connection createConnection(String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
        try {
            if (verifyHostname) {
                SSLParameters p = socket.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host (RFC 2818 rules)
                socket.setSSLParameters(p);
            }
            socket.startHandshake();
            return new SocketConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
