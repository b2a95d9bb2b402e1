-- rcsgw schema v6: conversations, for rating. One row per bot and user: when the user's current
-- (or last) conversation opened, and whether a delivered message has carried its price yet.
CREATE TABLE conversations (
    bot_id        VARCHAR(64)  NOT NULL,
    user_contact  VARCHAR(16)  NOT NULL,
    opened_at     BIGINT       NOT NULL,
    charged       INT          NOT NULL,
    PRIMARY KEY (bot_id, user_contact)
);
