package io.rcsgw.gateway.store;

import io.rcsgw.rules.model.MessageState;

import java.util.List;

/**
 * A message as stored: its history, (for SMS) its parts and concatenation reference (-1 when
 * none), and the webhook cursor: the events in the history past {@code hookedSeq} that the bot
 * is told about have not reached it yet. {@code body} is the SMS text, {@code content} the RCS
 * content as JSON (null for plain text); {@code rule} the rule it was accepted under, {@code decision}
 * its channel decision as JSON (null until decided), {@code deadlines} its durable timers, {@code menu}
 * the numbered suggestions its SMS shows (JSON, null when none).
 */
public record StoredMessage(long id, MessageKey key, String fingerprint, String recipient, String body, MessageState state,
                            String channel, int partsTotal, long acceptedAt, long updatedAt,
                            List<Event> history, List<Part> parts, int hookedSeq, int concatReference,
                            String content, String rule, String decision, String deadlines, List<Late> late, String menu) {

    /** An event that came too late to change anything, and when. */
    public record Late(long at, String what) {
    }

    public record Event(int seq, MessageState state, String reason, long at) {
    }

    /** One SMS part: its canonical SMSC id once acknowledged, and its state (SUBMITTED or the receipt's stat). */
    public record Part(String smscKey, String link, int partNo, String state, String error) {
    }

    /** The sequence number of the newest change. */
    public int lastSeq() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).seq();
    }
}
