package io.rcsgw.gateway.delivery;

/**
 * Which users' messages belong to an ESME rather than a bot's webhook, and the outbox payload
 * that carries each one to it: an SMS to a number or short code an ESME account owns, and an RCS
 * user message to a bot that has no webhook but an ESME account with numbers.
 */
public interface EsmeMessages {

    /** No ESMEs: every user's message goes to its bot. */
    EsmeMessages NONE = new EsmeMessages() {
        @Override
        public ForEsme forNumber(String destination, String source, String text) {
            return null;
        }

        @Override
        public byte[] forBot(String botId, String source, byte[] rcsEvent) {
            return null;
        }
    };

    /** A user's message for an ESME: the bot its account is accounted to, and the outbox payload. */
    record ForEsme(String botId, byte[] payload) {
    }

    /** What goes to the ESME that owns {@code destination}, or null when none does. */
    ForEsme forNumber(String destination, String source, String text);

    /**
     * The payload for the ESME that takes this bot's RCS user messages, or null when none does or
     * the event has nothing an SMS can carry (typing, for one).
     */
    byte[] forBot(String botId, String source, byte[] rcsEvent);
}
