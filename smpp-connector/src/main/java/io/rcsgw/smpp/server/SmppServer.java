package io.rcsgw.smpp.server;

import io.rcsgw.smpp.server.internal.EsmeBinds;

import java.io.IOException;
import java.util.List;

/**
 * The gateway's face to ESMEs: an SMPP 3.4 server (jSMPP's server side) that takes binds of the
 * configured accounts and hands their submits to the gateway through a {@link SubmitPort}.
 * {@link #of} builds it; {@link #start()} listens.
 */
public interface SmppServer extends AutoCloseable {

    static SmppServer of(SmppServerSettings settings, SubmitPort port, ServerObserver observer) {
        return new EsmeBinds(settings, port, observer);
    }

    SmppServer start() throws IOException;

    /** The port listened on (useful with port 0). */
    int port();

    /** The TLS port listened on, or -1 when there is none. */
    int tlsPort();

    /**
     * Sends a receipt to one of the account's receiver or transceiver binds as a deliver_sm
     * (esm_class 0x04, receipted_message_id, message_state, network_error_code); true once the
     * ESME answered it, false when it has no such bind, refused it, or did not answer.
     */
    java.util.concurrent.CompletableFuture<Boolean> deliver(String systemId, EsmeReceipt receipt);

    /**
     * Sends a user's message to one of the account's receiver or transceiver binds as deliver_sm
     * (in UDH parts when long); true once the ESME answered every part, false as for receipts.
     */
    java.util.concurrent.CompletableFuture<Boolean> deliver(String systemId, EsmeMessage message);

    /** The binds held now. */
    List<Bind> binds();

    /** Ends every bind of the account (unbind, then close); how many there were. It may bind again. */
    int disconnect(String systemId);

    /**
     * A disabled account's binds are ended and new ones refused (ESME_RBINDFAIL) until it is
     * enabled again; false when there is no such account. The observer hears of it first (to keep
     * it across restarts).
     */
    boolean setEnabled(String systemId, boolean enabled);

    /** The accounts by system_id, and whether each is enabled. */
    java.util.Map<String, Boolean> accounts();

    /** One bind: its account, its type (transmitter, receiver, transceiver), where from, since when (epoch millis). */
    record Bind(String systemId, String bindType, String address, long since) {
    }

    @Override
    void close();
}
