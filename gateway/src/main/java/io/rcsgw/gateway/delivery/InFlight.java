package io.rcsgw.gateway.delivery;

import io.rcsgw.gateway.store.MessageKey;
import io.rcsgw.rules.content.NumberedSuggestion;
import io.rcsgw.rules.lifecycle.MessageSnapshot;
import io.rcsgw.rules.lifecycle.RevokePurpose;
import io.rcsgw.rules.lifecycle.TimerKind;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;
import io.rcsgw.rules.routing.Check;
import io.rcsgw.rules.routing.MessageFacts;
import io.rcsgw.rules.routing.RuleAction;

import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The live state of one unfinished message. It is the single owner of the message's state:
 * every change happens under its monitor, and the change's store write is queued while the
 * monitor is held, so writes reach the store in the order the changes happened.
 */
final class InFlight {

    final long id;
    final MessageKey key;
    final String recipient;
    /** The text an SMS carries (rendered at accept); also the RCS text when the content is degraded or upgraded. */
    final String body;
    final long acceptedAt;
    /** RCS content as JSON (null: plain text, {@link #body} is all there is). */
    final String content;
    /** The bot's clientContext, echoed in every event (null when it gave none). */
    final String clientContext;
    /** What the rules see of it. */
    final MessageFacts facts;
    MessageState state;
    /** The channel it goes (went) out on; null until decided. */
    Channel channel;
    int seq;

    /** The rule it fell under, and that rule's action as the message narrowed it. */
    String rule;
    RuleAction action;
    /** The rule selection's checks (in memory only: a resumed message shows that its rule was kept). */
    List<Check> selectionTrace = List.of();
    /** The channel decision as the status API shows it; stored with the next transition when {@link #decisionDirty}. */
    Decision decision;
    boolean decisionDirty;
    /** The RCS send carries {@link #body} as text: the handset lacks a feature, or an SMS-bound text was upgraded. */
    boolean degraded;
    boolean upgraded;
    /** The RCS platform took it (RCS_SENT): if it then falls back, the RCS attempt is a leg of its own in its records. */
    boolean rcsSent;
    /** What it reserved of its prepaid bot's credit, null when its bot is not prepaid (or it was charged). */
    java.math.BigDecimal hold;
    /** The encoding its SMS went out in (GSM7, UCS2, ...), null until segmented. */
    String smsEncoding;
    /** Why it goes SMS: the reason its SMS_QUEUED entry records. */
    String smsReason = "channel:sms";
    /** The SMS sender and validity its rule sets (null: the bot's sender, the link's validity). */
    String sender;
    java.time.Duration validity;
    /** Its SMS's numbered suggestions (for numeric answers), empty when it has none. */
    List<NumberedSuggestion> menu = List.of();

    /** Platform statuses that came while its send was still in progress, in order; applied once it is recorded. */
    List<String> earlyStatuses;
    /** Completes when those statuses are stored (the platform's answer to them waits for it). */
    CompletableFuture<Void> earlyStored;
    /** How many late events were stored for it. */
    int lateRecorded;
    /** Why a revoke is on its way to the platform; null when none is. */
    RevokePurpose revoking;

    /** When it expires (epoch millis), null when never: no SMS goes after it, and an SMS's validity ends there. */
    Long expiresAt;
    /** The SMS_QUEUED change while it is not known to be stored: written again if its commit failed. */
    List<io.rcsgw.gateway.store.StoreWrite> queuedWrites;

    /** Durable deadlines (epoch millis) as stored, and their in-memory timers. */
    final EnumMap<TimerKind, Long> deadlines = new EnumMap<>(TimerKind.class);
    final EnumMap<TimerKind, ScheduledFuture<?>> timers = new EnumMap<>(TimerKind.class);

    /** Canonical SMSC id per part once acknowledged; null while not. */
    String[] partKeys = new String[0];
    /** Per part: null (not acknowledged), SUBMITTED, or the receipt stat. */
    String[] partStates = new String[0];
    int[] attempts = new int[0];
    /** Per part: handed to an SMSC (answered or not); such a part may be delivered, so expiry leaves it be. */
    boolean[] partSent = new boolean[0];
    /** When the SMSC accepted each part (epoch millis), 0 while not; for receipt latency. */
    long[] partAckedAt = new long[0];
    /** The concatenation reference of a long message, -1 until one is given. */
    int concatReference = -1;
    /** The link its parts go out on: the first one chosen, so all parts share its settings. */
    String link;
    /** Counts fail-overs to another SMSC: parts rendered for an earlier choice are not sent. */
    int routeGeneration;

    InFlight(long id, MessageKey key, String recipient, String body, long acceptedAt, MessageState state, int seq,
             String content, String clientContext, MessageFacts facts) {
        this.content = content;
        this.clientContext = clientContext;
        this.id = id;
        this.key = key;
        this.recipient = recipient;
        this.body = body;
        this.acceptedAt = acceptedAt;
        this.state = state;
        this.seq = seq;
        this.facts = facts;
    }

    /** What the life cycle decides on (caller holds the monitor). */
    MessageSnapshot snapshot() {
        RuleAction a = action != null ? action : Rules.FALLBACK_ACTION;
        return new MessageSnapshot(state, a.fallback(), a.receipts(), partsSent(),
                state == MessageState.RCS_SENT && channel == Channel.SMS,
                expiresAt == null ? null : java.time.Instant.ofEpochMilli(expiresAt), upgraded, upgraded || a.mayUseSms());
    }

    /** Parts an SMSC has or may have: acknowledged, or submitted and not answered yet. */
    int partsSent() {
        int n = 0;
        for (int i = 0; i < partKeys.length; i++) {
            if (partKeys[i] != null || (i < partSent.length && partSent[i])) {
                n++;
            }
        }
        return n;
    }

    boolean expiredAt(long now) {
        return expiresAt != null && now >= expiresAt;
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
            partSent = java.util.Arrays.copyOf(partSent, n);
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
}
