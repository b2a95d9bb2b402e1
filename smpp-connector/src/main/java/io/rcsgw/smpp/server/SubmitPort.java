package io.rcsgw.smpp.server;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the SMPP server needs from the gateway: take a submit (the future completes once it is
 * durably stored, or refused), say how a message stands ({@code query_sm}) and revoke one
 * ({@code cancel_sm}). The gateway implements it; every answer is an SMPP command_status.
 */
public interface SubmitPort {

    CompletableFuture<SubmitOutcome> submit(EsmeSubmit submit);

    /** The message of this account, if it has one of that id. */
    Optional<MessageStatus> query(EsmeAccount account, String messageId);

    /** Revokes it if it is not yet on its way; the command_status for the cancel_sm_resp. */
    CompletableFuture<Integer> cancel(EsmeAccount account, String messageId);

    /** Accepted, or refused with the command_status the ESME gets. */
    sealed interface SubmitOutcome {
    }

    record Accepted(String messageId) implements SubmitOutcome {
    }

    record Refused(int commandStatus, String why) implements SubmitOutcome {
    }

    /**
     * {@code messageState}: the SMPP message_state (1 ENROUTE, 2 DELIVERED, 3 EXPIRED, 4 DELETED,
     * 5 UNDELIVERABLE, 6 ACCEPTED, 7 UNKNOWN, 8 REJECTED); {@code finalAt} epoch millis or null
     * while open; {@code errorCode} the network error, 0 when none.
     */
    record MessageStatus(int messageState, Long finalAt, int errorCode) {
    }
}
