package io.rcsgw.gateway.esme;

import io.rcsgw.smpp.server.EsmeMessage;
import io.rcsgw.smpp.server.EsmeReceipt;

import java.util.concurrent.CompletableFuture;

/**
 * Hands a receipt or a user's message for an ESME whose account has no receiving bind on this
 * node to another node that has one. Completes true once the ESME took it there, false when no
 * node could send it (it is tried again, as a receipt no bind took).
 */
public interface EsmeForwarder {

    /** A single node: nowhere to hand anything to. */
    EsmeForwarder NONE = new EsmeForwarder() {
        @Override
        public CompletableFuture<Boolean> forward(String systemId, EsmeReceipt receipt) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public CompletableFuture<Boolean> forward(String systemId, EsmeMessage message) {
            return CompletableFuture.completedFuture(false);
        }
    };

    CompletableFuture<Boolean> forward(String systemId, EsmeReceipt receipt);

    CompletableFuture<Boolean> forward(String systemId, EsmeMessage message);
}
