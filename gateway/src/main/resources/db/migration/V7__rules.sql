-- rcsgw schema v7: the operator's rules.
--
-- messages.rule is the rule a message fell under when it was accepted. message_state.decision is
-- the channel decision with its trace (JSON), set when the message is decided and replaced when
-- it falls back; message_state.deadlines holds its durable timers, one "kind=epoch millis" per
-- line (undelivered, expiry, receipt, defer), rewritten whole when one changes, so a restart
-- (or another node) re-arms them where they were.
-- message_state.late records the events that came too late to change anything (a delivered after a
-- revoke, say), one "at<TAB>what" line each, appended like the history.
-- messages.menu holds the numbered suggestions its SMS shows (JSON), for answers by number.
ALTER TABLE messages ADD COLUMN rule VARCHAR(64);
ALTER TABLE messages ADD COLUMN menu VARCHAR(1000000);
ALTER TABLE message_state ADD COLUMN decision VARCHAR(1000000);
ALTER TABLE message_state ADD COLUMN deadlines VARCHAR(512) NOT NULL DEFAULT '';
ALTER TABLE message_state ADD COLUMN late VARCHAR(64000) NOT NULL DEFAULT '';

-- read-only web views of rich messages sent as SMS, by their unguessable token
CREATE TABLE web_views (
    token       VARCHAR(32) NOT NULL PRIMARY KEY,
    message_id  BIGINT      NOT NULL,
    expires_at  BIGINT      NOT NULL
);
CREATE INDEX web_views_expiry ON web_views (expires_at);

-- the numbered suggestions of the last SMS a bot sent a user, so that an answer with a number
-- becomes the suggestion's response event
CREATE TABLE sms_menus (
    bot_id        VARCHAR(64)    NOT NULL,
    user_contact  VARCHAR(16)    NOT NULL,
    msg_id        VARCHAR(64)    NOT NULL,
    suggestions   VARCHAR(1000000) NOT NULL,
    expires_at    BIGINT         NOT NULL,
    PRIMARY KEY (bot_id, user_contact)
);
CREATE INDEX sms_menus_expiry ON sms_menus (expires_at);
