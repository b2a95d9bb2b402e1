package io.rcsgw.smpp.receipt;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the receipt text of SMPP 3.4 Appendix B leniently: fields in any order, any case,
 * missing fields tolerated (sub and dlvrd often are), dates of 10, 12 or 14 digits, and a
 * trailing {@code text:} (or {@code Text:}) that may itself contain colons.
 * TLV values, when the deliver_sm has them, win over the text.
 */
public final class DeliveryReceiptParser {

    private static final String[] KEYS = {"id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "text"};
    private static final String[] KEY_COLONS = java.util.Arrays.stream(KEYS).map(k -> k + ":").toArray(String[]::new);

    private DeliveryReceiptParser() {
    }

    public static Optional<DeliveryReceipt> parse(String text, String tlvMessageId, Integer tlvMessageState) {
        Map<String, String> fields = fields(text == null ? "" : text);
        boolean exact = tlvMessageId != null && !tlvMessageId.isBlank();
        String id = exact ? tlvMessageId.trim() : fields.get("id");
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        ReceiptStatus status;
        if (tlvMessageState != null) {
            status = ReceiptStatus.fromMessageState(tlvMessageState);
        } else if (fields.containsKey("stat")) {
            status = ReceiptStatus.fromWord(fields.get("stat"));
        } else {
            status = ReceiptStatus.UNKNOWN;
        }
        return Optional.of(new DeliveryReceipt(id, status, fields.getOrDefault("err", ""), date(fields.get("submit date")),
                date(fields.get("done date")), exact));
    }

    /**
     * A receipt date: YYMMDDhhmm as SMPP 3.4 writes it, or with seconds (12 digits), or with a
     * four-digit year and seconds (14 digits). Null when absent or not one of these.
     */
    static LocalDateTime date(String value) {
        if (value == null) {
            return null;
        }
        String d = value.trim();
        int n = d.length();
        if (n != 10 && n != 12 && n != 14) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (d.charAt(i) < '0' || d.charAt(i) > '9') {
                return null;
            }
        }
        // read digit by digit: a receipt per message is parsed, and a formatter allocates far more
        int at = n == 14 ? 4 : 2;
        int year = n == 14 ? digits(d, 0, 4) : 2000 + digits(d, 0, 2);
        try {
            return LocalDateTime.of(year, digits(d, at, 2), digits(d, at + 2, 2), digits(d, at + 4, 2), digits(d, at + 6, 2),
                    n == 10 ? 0 : digits(d, at + 8, 2));
        } catch (DateTimeException e) {
            return null; // a month, day or time out of range
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    static Map<String, String> fields(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Map<String, String> out = new HashMap<>();
        // Find where every key starts, then each value runs to the next key's start.
        int[] starts = new int[KEYS.length];
        int textAt = lower.indexOf("text:");
        for (int k = 0; k < KEYS.length; k++) {
            starts[k] = keyStart(lower, KEYS[k], KEY_COLONS[k], textAt);
        }
        for (int k = 0; k < KEYS.length; k++) {
            if (starts[k] < 0) {
                continue;
            }
            int valueStart = starts[k] + KEYS[k].length() + 1;
            int end = text.length();
            if (!KEYS[k].equals("text")) {
                for (int j = 0; j < KEYS.length; j++) {
                    if (starts[j] > starts[k] && starts[j] < end) {
                        end = starts[j];
                    }
                }
            }
            out.put(KEYS[k], text.substring(Math.min(valueStart, end), end).trim());
        }
        return out;
    }

    private static int keyStart(String lower, String key, String keyColon, int textAt) {
        int from = 0;
        while (true) {
            int i = lower.indexOf(keyColon, from);
            if (i < 0) {
                return -1;
            }
            // a key starts the text or follows white space, and "submit date" must not match inside "text:"
            if (i == 0 || Character.isWhitespace(lower.charAt(i - 1))) {
                if (!key.equals("text") && textAt >= 0 && i > textAt && (textAt == 0 || Character.isWhitespace(lower.charAt(textAt - 1)))) {
                    return -1;
                }
                return i;
            }
            from = i + 1;
        }
    }
}
