package io.rcsgw.gateway.cdr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.rcsgw.rules.rating.ChargingRecord;

import java.io.UncheckedIOException;
import java.util.List;

/** CDR files are RFC 4180 CSV: a header line naming {@link ChargingRecord#COLUMNS}, then one line per record. */
public final class CdrCsv {

    private static final ObjectWriter ROW = new CsvMapper().writerFor(List.class)
            .with(CsvSchema.emptySchema().withLineSeparator("\n"));

    public static final String HEADER = line(ChargingRecord.COLUMNS);

    private CdrCsv() {
    }

    /** The record as one CSV line, ending in a newline. */
    public static String line(ChargingRecord record) {
        return line(record, false);
    }

    /** The same, with the recipient and sender masked ({@link ChargingRecord#mask}) when {@code mask}. */
    public static String line(ChargingRecord record, boolean mask) {
        String recipient = record.message().recipient();
        String sender = record.message().sender() == null ? "" : record.message().sender();
        return line(mask ? record.values(ChargingRecord.mask(recipient), ChargingRecord.mask(sender))
                : record.values(recipient, sender));
    }

    private static String line(List<String> values) {
        try {
            return ROW.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
