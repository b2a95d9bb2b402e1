package io.rcsgw.smpp.receipt;

import java.util.List;
import java.util.Locale;

/**
 * Canonical forms of SMSC message ids for correlation. submit_sm_resp ids are often hex while
 * receipt texts carry the same number in decimal (SMPP 3.4 Appendix B), and leading zeros and
 * case vary; a receipt id is looked up under each of its {@link #candidates}.
 */
public final class MessageIdKey {

    private MessageIdKey() {
    }

    /** The key a submit_sm_resp id is stored under. */
    public static String canonical(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    /** Keys a receipt's id may match: as written, and its decimal value read back as hex. */
    public static List<String> candidates(String receiptId) {
        String c = canonical(receiptId);
        if (!c.isEmpty() && c.length() <= 18 && c.chars().allMatch(Character::isDigit)) {
            String hex = Long.toHexString(Long.parseLong(c));
            if (!hex.equals(c)) {
                return List.of(c, hex);
            }
        }
        return List.of(c);
    }
}
