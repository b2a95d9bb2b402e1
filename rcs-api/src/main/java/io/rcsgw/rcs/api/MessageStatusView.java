package io.rcsgw.rcs.api;

import java.util.List;

/** A message's current status and how it got there, as the status API shows it. */
public record MessageStatusView(String msgId, String status, String state, String channel, String userContact,
                                long acceptedAt, List<HistoryEntry> history, List<Part> parts) {

    public record HistoryEntry(String state, String status, String reason, long at) {
    }

    /** One SMS part: SUBMITTED until its receipt, then the receipt's stat (DELIVRD, UNDELIV...). */
    public record Part(int part, String state, String link, String error) {
    }
}
