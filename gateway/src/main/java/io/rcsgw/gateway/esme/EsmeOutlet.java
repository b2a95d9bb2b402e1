package io.rcsgw.gateway.esme;

import io.rcsgw.smpp.server.EsmeMessage;
import io.rcsgw.smpp.server.EsmeReceipt;
import io.rcsgw.smpp.server.SmppServer;

import java.util.concurrent.CompletableFuture;

/**
 * Where receipts and users' messages for an ESME go out: a receiver or transceiver bind of its
 * account on this node, else, in a cluster, another node's ({@link EsmeForwarder}). Until the
 * server is up, nothing goes.
 */
public final class EsmeOutlet {

    private volatile SmppServer server;
    private volatile EsmeForwarder forwarder = EsmeForwarder.NONE;

    void server(SmppServer server) {
        this.server = server;
    }

    void forwarder(EsmeForwarder forwarder) {
        this.forwarder = forwarder;
    }

    CompletableFuture<Boolean> deliver(String account, EsmeReceipt receipt) {
        SmppServer s = server;
        if (s == null) {
            return CompletableFuture.completedFuture(false);
        }
        return receivesHere(s, account) ? s.deliver(account, receipt) : forwarder.forward(account, receipt);
    }

    CompletableFuture<Boolean> deliver(String account, EsmeMessage message) {
        SmppServer s = server;
        if (s == null) {
            return CompletableFuture.completedFuture(false);
        }
        return receivesHere(s, account) ? s.deliver(account, message) : forwarder.forward(account, message);
    }

    /** Whether the account has a bind on this server that takes deliver_sm. */
    public static boolean receivesHere(SmppServer server, String account) {
        for (SmppServer.Bind b : server.binds()) {
            if (b.systemId().equals(account) && !b.bindType().equals("transmitter")) {
                return true;
            }
        }
        return false;
    }
}
