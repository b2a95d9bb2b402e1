package io.rcsgw.gateway.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.rcsgw.gateway.store.MessageStore;
import io.rcsgw.gateway.store.StoreWrite;
import io.rcsgw.rules.content.NumberedSuggestion;
import io.rcsgw.rules.lifecycle.MessageEvent;
import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the SMS leg reports, recorded: a message about to be submitted (SMS_QUEUED, stored before
 * its first part goes), its concatenation reference, each part the SMSC acknowledged (a key
 * receipts are matched by; SMS_SUBMITTED once all are, with its receipt deadline) and a submit
 * that failed for good.
 */
final class SubmitOutcomes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MessageStore store;
    private final OpenMessages open;
    private final Tracker tracker;
    private final ReceiptCorrelator receipts;
    private final Function<String, Duration> receiptTimeoutOfLink;
    private final Clock clock;

    /** @param receiptTimeoutOfLink how long a link's receipts may take (its validity period plus a margin) */
    SubmitOutcomes(MessageStore store, OpenMessages open, Tracker tracker, ReceiptCorrelator receipts,
                   Function<String, Duration> receiptTimeoutOfLink, Clock clock) {
        this.store = store;
        this.open = open;
        this.tracker = tracker;
        this.receipts = receipts;
        this.receiptTimeoutOfLink = receiptTimeoutOfLink;
        this.clock = clock;
    }

    /**
     * The dispatcher is about to submit: ACCEPTED (or RCS_SENT) becomes SMS_QUEUED with the part
     * count. The submit waits until this is stored: after a crash, ACCEPTED then means "never
     * sent" and SMS_QUEUED with parts not acknowledged means "the SMSC may have it", so only those
     * are counted as sent again in doubt. Returns null when there was nothing to store.
     */
    CompletableFuture<?> queued(InFlight f, int parts) {
        List<StoreWrite> writes = new ArrayList<>(2);
        List<Runnable> after = new ArrayList<>(0);
        synchronized (f) {
            f.sizeParts(parts);
            if (f.state == MessageState.SMS_QUEUED && f.queuedWrites != null) {
                return stored(f, store.write(f.queuedWrites)); // its first commit failed: the same change again
            }
            if (f.state != MessageState.ACCEPTED && f.state != MessageState.RCS_SENT) {
                return null;
            }
            if (f.expiredAt(clock.millis())) {
                // expired on its way (a fallback decided as its time ran out): it never goes as SMS
                tracker.move(f, MessageState.EXPIRED, io.rcsgw.rules.lifecycle.Lifecycle.EXPIRY, writes, after);
                return tracker.commit(writes, after);
            }
            f.channel = Channel.SMS;
            tracker.move(f, MessageState.SMS_QUEUED, f.smsReason, writes, after);
            if (!f.menu.isEmpty()) {
                // a numeric answer to this SMS becomes the response its suggestion would have sent
                writes.add(new StoreWrite.PutSmsMenu(f.key.botId(), f.recipient, f.key.msgId(), menuJson(f.menu),
                        clock.millis() + f.action.sms().replyWindow().toMillis()));
            }
            f.queuedWrites = List.copyOf(writes);
            return stored(f, tracker.commit(writes, after));
        }
    }

    /** Once the SMS_QUEUED change is stored it is not written again. */
    private static CompletableFuture<?> stored(InFlight f, CompletableFuture<List<Boolean>> commit) {
        return commit.thenRun(() -> {
            synchronized (f) {
                f.queuedWrites = null;
            }
        });
    }

    static String menuJson(List<NumberedSuggestion> menu) {
        ArrayNode a = JSON.createArrayNode();
        for (NumberedSuggestion s : menu) {
            var n = a.addObject().put("n", s.number()).put("kind", s.kind().name()).put("text", s.text());
            if (s.postback() != null) {
                n.put("postback", s.postback());
            }
        }
        return a.toString();
    }

    /** A long message got its concatenation reference: stored, so a resumed message keeps it. */
    CompletableFuture<?> referenceChosen(InFlight f) {
        return store.write(List.of(new StoreWrite.SetConcatReference(f.id, f.concatReference)));
    }

    /** The SMSC acknowledged one part; the future completes when that is durable. */
    CompletableFuture<?> partAccepted(InFlight f, int part, String link, String smscId) {
        String smscKey = receipts.keyOf(link, smscId);
        MessageStore.PartRef ref = new MessageStore.PartRef(f.id, part, link);
        List<StoreWrite> writes = new ArrayList<>(3);
        List<Runnable> after = new ArrayList<>(1);
        CompletableFuture<?> stored;
        synchronized (f) {
            f.partKeys[part] = smscKey;
            f.partAckedAt[part] = clock.millis();
            if (f.partStates[part] == null) {
                f.partStates[part] = "SUBMITTED";
            }
            writes.add(new StoreWrite.InsertPart(smscKey, smscId, link, f.id, part, clock.millis()));
            if (!f.state.isFinal()) {
                // before the orphan check below, and under the message's monitor, so a message
                // that becomes final meanwhile takes its keys out again
                open.awaitReceipt(smscKey, ref);
            }
            if (f.state == MessageState.SMS_QUEUED && f.allPartsAcknowledged()) {
                tracker.apply(f, new MessageEvent.PartsAccepted(receiptTimeout(f, link)), writes, after);
                // parts may have their receipts already (a resumed message)
                tracker.apply(f, new MessageEvent.Receipts(Arrays.asList(f.partStates.clone())), writes, after);
            }
            stored = tracker.commit(writes, after);
        }
        receipts.claim(smscKey, ref);
        return stored;
    }

    /** The link's, or longer when the rule gives the SMS a longer validity (it may be delivered that late). */
    private Duration receiptTimeout(InFlight f, String link) {
        Duration t = receiptTimeoutOfLink.apply(link);
        if (f.validity != null && f.validity.plus(RECEIPT_MARGIN).compareTo(t) > 0) {
            return f.validity.plus(RECEIPT_MARGIN);
        }
        return t;
    }

    /** How long after its validity a receipt may still come. */
    static final Duration RECEIPT_MARGIN = Duration.ofHours(1);

    /** One part failed for good; the message fails with it. */
    void partFailed(InFlight f, MessageState to, String reason) {
        tracker.on(f, new MessageEvent.SubmitFailed(to, reason));
    }
}
