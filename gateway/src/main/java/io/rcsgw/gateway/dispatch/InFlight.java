package io.rcsgw.gateway.dispatch;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.model.MessageState;

/**
 * The live state of one unfinished message. It is the single owner of the message's state:
 * every change happens under its monitor, and the change's store write is queued while the
 * monitor is held, so writes reach the store in the order the changes happened.
 */
final class InFlight {

    final long id;
    final MessageKey key;
    final String recipient;
    final String body;
    final long acceptedAt;
    /** RCS content as JSON (null: plain text, {@link #body} is all there is). */
    final String content;
    /** The bot's clientContext, echoed in every event (null when it gave none). */
    final String clientContext;
    MessageState state;
    /** The channel it goes (went) out on; null until decided. */
    io.rcsgw.rules.model.Channel channel;
    /** When it became RCS_SENT (epoch millis), as stored; a resumed message's delivery timeout counts from it. */
    long rcsSentAt;
    /** Why it goes SMS: the reason its SMS_QUEUED entry records. */
    String smsReason = "channel:sms";
    /** Platform statuses that came while its send was still in progress, in order; applied once it is recorded. */
    java.util.List<String> earlyStatuses;
    /** Completes when those statuses are stored (the platform's answer to them waits for it). */
    java.util.concurrent.CompletableFuture<Void> earlyStored;
    int seq;
    /** Canonical SMSC id per part once acknowledged; null while not. */
    String[] partKeys = new String[0];
    /** Per part: null (not acknowledged), SUBMITTED, or the receipt stat. */
    String[] partStates = new String[0];
    int[] attempts = new int[0];
    /** When the SMSC accepted each part (epoch millis), 0 while not; for receipt latency. */
    long[] partAckedAt = new long[0];
    /** The concatenation reference of a long message, -1 until one is given. */
    int concatReference = -1;
    /** The link its parts go out on: the first one chosen, so all parts share its settings. */
    String link;
    /** Counts fail-overs to another SMSC: parts rendered for an earlier choice are not sent. */
    int routeGeneration;

    InFlight(long id, MessageKey key, String recipient, String body, long acceptedAt, MessageState state, int seq,
             String content, String clientContext) {
        this.content = content;
        this.clientContext = clientContext;
        this.id = id;
        this.key = key;
        this.recipient = recipient;
        this.body = body;
        this.acceptedAt = acceptedAt;
        this.state = state;
        this.seq = seq;
    }

    void sizeParts(int n) {
        if (partKeys.length != n) {
            String[] k = new String[n];
            String[] s = new String[n];
            System.arraycopy(partKeys, 0, k, 0, Math.min(n, partKeys.length));
            System.arraycopy(partStates, 0, s, 0, Math.min(n, partStates.length));
            partKeys = k;
            partStates = s;
            attempts = new int[n];
            partAckedAt = new long[n];
        }
    }

    boolean allPartsAcknowledged() {
        return partKeys.length > 0 && acknowledgedParts() == partKeys.length;
    }

    /** How many parts an SMSC has acknowledged. */
    int acknowledgedParts() {
        int n = 0;
        for (String k : partKeys) {
            if (k != null) {
                n++;
            }
        }
        return n;
    }

    int partIndex(String smscKey) {
        for (int i = 0; i < partKeys.length; i++) {
            if (smscKey.equals(partKeys[i])) {
                return i;
            }
        }
        return -1;
    }
}
