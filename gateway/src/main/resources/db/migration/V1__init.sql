-- rcsgw schema v1. Written to run unchanged on PostgreSQL and on H2 in PostgreSQL mode.
-- Times are epoch milliseconds (BIGINT): no time-zone ambiguity, same on both databases.

CREATE TABLE messages (
    bot_id        VARCHAR(64)    NOT NULL,
    msg_id        VARCHAR(64)    NOT NULL,
    fingerprint   VARCHAR(64)    NOT NULL,
    recipient     VARCHAR(16)    NOT NULL,
    body          VARCHAR(65535) NOT NULL,
    state         VARCHAR(16)    NOT NULL,
    channel       VARCHAR(8),
    parts_total   INT            NOT NULL DEFAULT 0,
    accepted_at   BIGINT         NOT NULL,
    updated_at    BIGINT         NOT NULL,
    PRIMARY KEY (bot_id, msg_id)
);
-- recovery scans the unfinished ones only
CREATE INDEX messages_unfinished ON messages (state, accepted_at);

-- keyed by message and sequence: a message's history is one range scan, and no random keys
CREATE TABLE message_events (
    bot_id   VARCHAR(64)  NOT NULL,
    msg_id   VARCHAR(64)  NOT NULL,
    seq      INT          NOT NULL,
    state    VARCHAR(16)  NOT NULL,
    reason   VARCHAR(128) NOT NULL,
    at       BIGINT       NOT NULL,
    PRIMARY KEY (bot_id, msg_id, seq)
);

-- one row per submit_sm the SMSC acknowledged; smsc_key is the canonical message id
CREATE TABLE sms_parts (
    smsc_key    VARCHAR(72)  NOT NULL PRIMARY KEY,
    smsc_id     VARCHAR(72)  NOT NULL,
    link        VARCHAR(64)  NOT NULL,
    bot_id      VARCHAR(64)  NOT NULL,
    msg_id      VARCHAR(64)  NOT NULL,
    part_no     INT          NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    error       VARCHAR(16),
    updated_at  BIGINT       NOT NULL
);
CREATE INDEX sms_parts_msg ON sms_parts (bot_id, msg_id);

-- receipts that arrived before their submit_sm_resp was recorded
CREATE TABLE orphan_receipts (
    smsc_key     VARCHAR(72) NOT NULL PRIMARY KEY,
    link         VARCHAR(64) NOT NULL,
    status       VARCHAR(16) NOT NULL,
    error        VARCHAR(16),
    received_at  BIGINT      NOT NULL
);

-- event ids are time-ordered (UUID version 7 layout), so inserts append to the index
CREATE TABLE webhook_outbox (
    event_id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    bot_id           VARCHAR(64)   NOT NULL,
    msg_id           VARCHAR(64)   NOT NULL,
    seq              INT           NOT NULL,
    payload          VARCHAR(8192) NOT NULL,
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT        NOT NULL,
    created_at       BIGINT        NOT NULL
);
CREATE INDEX webhook_outbox_msg ON webhook_outbox (bot_id, msg_id, seq);
