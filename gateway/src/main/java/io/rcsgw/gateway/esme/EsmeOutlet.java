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
    static boolean receivesHere(SmppServer server, String account) {
        return server.binds().stream().anyMatch(b -> b.systemId().equals(account) && receives(b));
    }

    /** The accounts with a bind on this server that takes deliver_sm (a receiver or transceiver). */
    public static java.util.Set<String> receivingAccounts(SmppServer server) {
        return server.binds().stream().filter(EsmeOutlet::receives).map(SmppServer.Bind::systemId)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static boolean receives(SmppServer.Bind b) {
        return !b.bindType().equals("transmitter");
    }
}
