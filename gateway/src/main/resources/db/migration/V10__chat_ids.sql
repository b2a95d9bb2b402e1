-- rcsgw schema v10: chatIds, the MaaP privacy model.
--
-- A bot may address a user by the chatId the gateway put on their events instead of the
-- number. A chatId is an HMAC of the bot and the number under the deployment's own key (made
-- once, in gateway_keys, and shared by every node), so the same user has the same chatId for a
-- bot on every node and for ever, and one bot's chatIds say nothing about another's; chat_ids
-- maps each chatId the gateway revealed back to its number.
CREATE TABLE gateway_keys (
    name  VARCHAR(32)  NOT NULL PRIMARY KEY,
    key_value VARCHAR(128) NOT NULL
);

CREATE TABLE chat_ids (
    bot_id       VARCHAR(64) NOT NULL,
    chat_id      VARCHAR(32) NOT NULL,
    user_contact VARCHAR(16) NOT NULL,
    created_at   BIGINT      NOT NULL,
    PRIMARY KEY (bot_id, chat_id)
);
