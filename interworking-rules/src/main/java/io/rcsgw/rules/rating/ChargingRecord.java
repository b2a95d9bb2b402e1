package io.rcsgw.rules.rating;

import io.rcsgw.rules.model.Channel;
import io.rcsgw.rules.model.MessageState;

import java.time.Instant;
import java.util.List;

/**
 * One charging data record: a message's final outcome and its price. {@code recordId} is the
 * gateway's message id, unique per message, so an importer that sees a record twice (an export
 * interrupted between writing a file and noting it) can drop the repeat. Times are UTC.
 */
public record ChargingRecord(long recordId, String botId, String msgId, String recipient, Channel channel,
                             MessageState state, long acceptedAt, long closedAt, Rating rating) {

    /** The columns of a CDR file, in order; a file's first line names them. */
    public static final List<String> COLUMNS = List.of("record_id", "closed_at", "accepted_at", "bot_id", "msg_id",
            "recipient", "channel", "final_state", "category", "units", "unit_price", "amount", "currency", "tariff");

    /** The values of {@link #COLUMNS}, as text. */
    public List<String> values() {
        return List.of(Long.toString(recordId), Instant.ofEpochMilli(closedAt).toString(),
                Instant.ofEpochMilli(acceptedAt).toString(), botId, msgId, recipient, channel.wireName(), state.name(),
                rating.category().name(), Integer.toString(rating.units()), rating.unitPrice().toPlainString(),
                rating.amount().toPlainString(), rating.currency(), rating.tariff());
    }
}
