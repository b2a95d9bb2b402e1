package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One charging data record: one chargeable event of a message (one per leg) and its price.
 * {@code recordId} is unique per record: the message's id for its first record, an id from the
 * same sequence for each further one, so an importer that sees a record twice (an export
 * interrupted between writing a file and noting it) can drop the repeat. Times are UTC.
 */
public record ChargingRecord(long recordId, Subject message, LegFacts leg, Rating rating) {

    /** The message the record belongs to; {@code rule} the rule it fell under. */
    public record Subject(long messageId, String botId, String msgId, Direction direction, String sender,
                          String recipient, long acceptedAt, String rule) {
    }

    /**
     * What a record is of: the message's primary leg, its fallback leg, an A2P conversation
     * (charged on the user's reply), or a credit (a bot message charged singly that the A2P
     * conversation it turned out to open covers: its units and amount negated).
     */
    public enum LegKind {
        PRIMARY, FALLBACK, CONVERSATION, CREDIT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The leg: its channel, what the record is of (primary attempt, fallback...), the state it
     * ended in and when it was closed; its conversation (id and kind, empty outside one); SMS
     * segments, encoding (GSM7, UCS2, or empty for RCS), characters and UTF-8 bytes of its text;
     * when an SMSC first accepted it (0: never); why it fell back (empty if it did not); the SMSC
     * link and the SMSC message ids of its parts.
     */
    public record LegFacts(Channel channel, LegKind kind, MessageState finalState, long closedAt, String conversationId,
                           Conversation.Kind conversationKind, int segments, String encoding, int characters, int bytes,
                           long submittedAt, String fallbackReason, String smscLink, List<String> smscMessageIds) {
        public LegFacts {
            smscMessageIds = List.copyOf(smscMessageIds);
        }
    }

    /**
     * The columns of a CDR file, in order; a file's first line names them. The first fourteen
     * are the original layout; columns are only ever appended.
     */
    public static final List<String> COLUMNS = List.of("record_id", "closed_at", "accepted_at", "bot_id", "msg_id",
            "recipient", "channel", "final_state", "category", "units", "unit_price", "amount", "currency", "tariff",
            "message_id", "direction", "leg", "conversation_id", "conversation_type", "sender", "segments", "encoding",
            "characters", "bytes", "submitted_at", "decision_rule", "fallback_reason", "smsc_link", "smsc_message_ids",
            "price_version");

    /** The values of {@link #COLUMNS}, as text; {@code recipient} as the export shows it (full or masked). */
    public List<String> values(String recipient, String sender) {
        List<String> v = new ArrayList<>(COLUMNS.size());
        v.add(Long.toString(recordId));
        v.add(Instant.ofEpochMilli(leg.closedAt()).toString());
        v.add(Instant.ofEpochMilli(message.acceptedAt()).toString());
        v.add(message.botId());
        v.add(message.msgId());
        v.add(recipient);
        v.add(leg.channel().wireName());
        v.add(leg.finalState().name());
        v.add(rating.category().name());
        v.add(Integer.toString(rating.units()));
        v.add(rating.unitPrice().toPlainString());
        v.add(rating.amount().toPlainString());
        v.add(rating.currency());
        v.add(rating.tariff());
        v.add(Long.toString(message.messageId()));
        v.add(message.direction().name());
        v.add(leg.kind().wireName());
        v.add(leg.conversationId());
        v.add(leg.conversationKind() == null ? "" : leg.conversationKind().name());
        v.add(sender);
        v.add(Integer.toString(leg.segments()));
        v.add(leg.encoding());
        v.add(Integer.toString(leg.characters()));
        v.add(Integer.toString(leg.bytes()));
        v.add(leg.submittedAt() == 0 ? "" : Instant.ofEpochMilli(leg.submittedAt()).toString());
        v.add(message.rule() == null ? "" : message.rule());
        v.add(leg.fallbackReason());
        v.add(leg.smscLink() == null ? "" : leg.smscLink());
        v.add(String.join(" ", leg.smscMessageIds()));
        v.add(rating.version());
        return v;
    }

    /** The values with the numbers in full. */
    public List<String> values() {
        return values(message.recipient(), message.sender() == null ? "" : message.sender());
    }

    /**
     * A number with its middle hidden, for exports that must not carry subscribers' numbers:
     * the country code and operator digits (the first five after '+') and the last two stay.
     */
    public static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return "";
        }
        boolean plus = number.startsWith("+");
        String digits = plus ? number.substring(1) : number;
        if (digits.length() <= 7) {
            return number; // a short code identifies a service, not a subscriber
        }
        return (plus ? "+" : "") + digits.substring(0, 5) + "*".repeat(digits.length() - 7)
                + digits.substring(digits.length() - 2);
    }
}
