package io.rcsgw.rcs.api;

/** An event from the RCS platform about one of a bot's conversations. {@code eventId} makes it idempotent. */
public sealed interface PlatformEvent {

    String eventId();

    String userContact();

    /** A message the bot sent was delivered, displayed or failed. */
    record Status(String eventId, String msgId, String userContact, String status, long at) implements PlatformEvent {
    }

    /**
     * Something from the user for the bot: {@code type} is message (text, file or location),
     * response (a suggestion's postback) or isTyping; {@code payload} is the event as the bot gets it;
     * {@code msgId} the user's message's own id (a bot's read receipt names it), null when it has none.
     */
    record FromUser(String eventId, String type, String userContact, byte[] payload, long at, String msgId)
            implements PlatformEvent {
    }
}
