package io.rcsgw.gateway.store;

/** A message's identity: msgIds are unique per bot, not globally. */
public record MessageKey(String botId, String msgId) {
    @Override
    public String toString() {
        return botId + "/" + msgId;
    }
}
