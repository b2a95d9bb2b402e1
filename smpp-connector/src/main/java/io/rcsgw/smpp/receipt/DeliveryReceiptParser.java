package io.rcsgw.smpp.receipt;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
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
        if (!d.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return switch (d.length()) {
                case 10 -> LocalDateTime.parse("20" + d + "00", YYYYMMDDHHMMSS);
                case 12 -> LocalDateTime.parse("20" + d, YYYYMMDDHHMMSS);
                case 14 -> LocalDateTime.parse(d, YYYYMMDDHHMMSS);
                default -> null;
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final DateTimeFormatter YYYYMMDDHHMMSS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);

    static Map<String, String> fields(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Map<String, String> out = new HashMap<>();
        // Find where every key starts, then each value runs to the next key's start.
        int[] starts = new int[KEYS.length];
        for (int k = 0; k < KEYS.length; k++) {
            starts[k] = keyStart(lower, KEYS[k]);
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

    private static int keyStart(String lower, String key) {
        int from = 0;
        while (true) {
            int i = lower.indexOf(key + ":", from);
            if (i < 0) {
                return -1;
            }
            // a key starts the text or follows white space, and "submit date" must not match inside "text:"
            if (i == 0 || Character.isWhitespace(lower.charAt(i - 1))) {
                int textAt = lower.indexOf("text:");
                if (!key.equals("text") && textAt >= 0 && i > textAt && (textAt == 0 || Character.isWhitespace(lower.charAt(textAt - 1)))) {
                    return -1;
                }
                return i;
            }
            from = i + 1;
        }
    }
}
