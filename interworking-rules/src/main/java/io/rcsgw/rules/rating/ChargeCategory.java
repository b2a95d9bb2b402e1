package io.rcsgw.rules.rating;

/**
 * What a chargeable event is billed as. The business-messaging model (GSMA, Google RBM) has
 * basic, single and the two conversation kinds; the per-segment model has rich text per
 * 160-byte segment and rich media flat. SMS is billed per segment, by destination.
 */
public enum ChargeCategory {
    /** Plain text of at most 160 characters (or bytes, per plan), no suggestions. */
    RCS_BASIC,
    /** Rich content (a file, card, carousel, location or any suggestion), or longer text. */
    RCS_SINGLE,
    /** The bot wrote and the user replied within 24 h: one charge, made on the reply. */
    RCS_A2P_CONVERSATION,
    /** The user wrote and the bot answered within 24 h: one charge, on the first answer delivered. */
    RCS_P2A_CONVERSATION,
    /** Per-segment model: rich text, per 160 bytes of UTF-8. */
    RCS_TEXT_SEGMENT,
    /** Per-segment model: anything with a file or a card, flat. */
    RCS_MEDIA,
    /** An SMS segment to a destination, priced by its longest matching prefix. */
    SMS_SEGMENT,
    /** An SMS segment a user sent to a bot. */
    SMS_MO,
    /** A message that asked for SMS and was delivered over RCS. */
    SMS_UPGRADED,
    /** Nothing billable happened (not delivered over RCS, not taken by an SMSC, or not charged by the plan's policy). */
    NONE;

    /** The config key of this category's price (camel case: rcsBasic, smsSegment, ...). */
    public String key() {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char ch : name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b.toString();
    }
}
