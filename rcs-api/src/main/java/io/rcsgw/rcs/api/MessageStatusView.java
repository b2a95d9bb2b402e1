package io.rcsgw.rcs.api;

import java.util.List;

/**
 * A message's current status and how it got there, as the status API shows it: the rule it
 * fell under and the decision's trace ({@code decision}, JSON, null until decided), when it
 * went as SMS what the handset got ({@code sms}), and the events that came too late ({@code late}).
 * The recipient is {@code userContact} and, where the bot knows the user by it, {@code chatId};
 * for a bot that must not learn numbers, {@code userContact} is null.
 */
public record MessageStatusView(String msgId, String status, String state, String channel, String userContact,
                                long acceptedAt, List<HistoryEntry> history, List<Part> parts, String rule, String decision,
                                Sms sms, Long expiresAt, List<Late> late, String chatId) {

    /** The view with the recipient as the bot may see it. */
    public MessageStatusView withContact(String userContact, String chatId) {
        return new MessageStatusView(msgId, status, state, channel, userContact, acceptedAt, history, parts, rule, decision, sms,
                expiresAt, late, chatId);
    }

    /** An event that came too late to change the message (a delivered after a revoke, say): recorded, not applied. */
    public record Late(String event, long at) {
    }

    public record HistoryEntry(String state, String status, String reason, long at) {
    }

    /** One SMS part: SUBMITTED until its receipt, then the receipt's stat (DELIVRD, UNDELIV...). */
    public record Part(int part, String state, String link, String error) {
    }

    /** The SMS text as sent, its encoding (GSM7, UCS2) and its segments. */
    public record Sms(String text, String encoding, int segments) {
    }
}
