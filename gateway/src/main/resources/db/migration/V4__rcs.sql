-- rcsgw schema v4: the RCS path.
--
-- messages.content holds a message's RCS content as JSON (the RCSMessage without its msgId,
-- and the gateway extensions) when it is more than plain text; body stays the text an SMS
-- carries. platform_events records every event id the RCS platform sent, so a repeat is
-- dropped; events from users (messages, replies, typing) keep their JSON there until the
-- bot's webhook has taken them (pending = 1).
ALTER TABLE messages ADD COLUMN content VARCHAR(1000000);

-- the newest history entry's seq: settling a webhook event closes a final message only once the
-- cursor has reached it (an RCS message may be displayed after it was delivered)
ALTER TABLE message_state ADD COLUMN last_seq INT NOT NULL DEFAULT 0;

CREATE TABLE platform_events (
    bot_id       VARCHAR(64)      NOT NULL,
    event_id     VARCHAR(128)     NOT NULL,
    kind         VARCHAR(16)      NOT NULL,
    user_contact VARCHAR(16)      NOT NULL,
    payload      VARCHAR(1000000),
    received_at  BIGINT           NOT NULL,
    pending      INT              NOT NULL,
    PRIMARY KEY (bot_id, event_id)
);
CREATE INDEX platform_events_pending ON platform_events (pending);
