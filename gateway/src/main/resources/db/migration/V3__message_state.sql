-- rcsgw schema v3: a state change is one write to one small row.
--
-- messages keeps what never changes (identity, content) and gets a numeric id. What changes
-- moves to message_state, keyed by that id alone: with no other index on it, an update is one
-- B-tree write (H2 rewrites every index of a row on update, PostgreSQL can update in place).
-- Its history, SMS part states and webhook cursor are append-only text columns, one
-- tab-separated line per entry, so an append is a plain || with no read first:
--   history: seq, state, reason, at              (seq 0 is ACCEPTED)
--   parts:   part_no, state, smsc_key, link, error   (the last line of a part wins)
-- sms_ref is the concatenation reference of a long SMS, kept so a resumed message reuses it.
-- hooked_seq is the webhook cursor: history entries past it that a bot is told about are its
-- outbox. open_messages lists the messages a restart resumes: not final, or with webhook
-- events pending. Before, each change also inserted an event row, each receipt updated a part
-- row, and each webhook event was inserted into and deleted from an outbox table.
--
-- Ids come from message_ids in blocks of 1000, so every node allocates its own.

-- SMSC message ids are unique per SMSC only: correlation keys are qualified by it (the link
-- name, which was the SMSC's name while there was one bind per SMSC)
UPDATE sms_parts SET smsc_key = link || '/' || smsc_key;
UPDATE orphan_receipts SET smsc_key = link || '/' || smsc_key;

CREATE SEQUENCE message_ids START WITH 1000 INCREMENT BY 1000;
ALTER TABLE messages ADD COLUMN id BIGINT;
UPDATE messages SET id = nextval('message_ids');
ALTER TABLE messages ALTER COLUMN id SET NOT NULL;
CREATE UNIQUE INDEX messages_id ON messages (id);

CREATE TABLE message_state (
    id           BIGINT         NOT NULL PRIMARY KEY,
    state        VARCHAR(16)    NOT NULL,
    channel      VARCHAR(8),
    parts_total  INT            NOT NULL DEFAULT 0,
    updated_at   BIGINT         NOT NULL,
    history      VARCHAR(65535) NOT NULL,
    parts        VARCHAR(65535) NOT NULL DEFAULT '',
    hooked_seq   INT            NOT NULL DEFAULT -1,
    sms_ref      INT            NOT NULL DEFAULT -1
);

INSERT INTO message_state (id, state, channel, parts_total, updated_at, history, parts, hooked_seq)
SELECT m.id, m.state, m.channel, m.parts_total, m.updated_at,
    COALESCE((SELECT string_agg(CAST(e.seq AS VARCHAR) || CHR(9) || e.state || CHR(9) || e.reason || CHR(9)
            || CAST(e.at AS VARCHAR) || CHR(10), '' ORDER BY e.seq)
        FROM message_events e WHERE e.bot_id = m.bot_id AND e.msg_id = m.msg_id), ''),
    COALESCE((SELECT string_agg(CAST(p.part_no AS VARCHAR) || CHR(9) || p.state || CHR(9) || p.smsc_key || CHR(9)
            || p.link || CHR(9) || COALESCE(p.error, '') || CHR(10), '' ORDER BY p.part_no)
        FROM sms_parts p WHERE p.bot_id = m.bot_id AND p.msg_id = m.msg_id), ''),
    -- events still in the outbox are delivered again from the oldest on
    COALESCE((SELECT MIN(o.seq) - 1 FROM webhook_outbox o WHERE o.bot_id = m.bot_id AND o.msg_id = m.msg_id),
        (SELECT MAX(e.seq) FROM message_events e WHERE e.bot_id = m.bot_id AND e.msg_id = m.msg_id), -1)
FROM messages m;

CREATE TABLE open_messages (
    id  BIGINT NOT NULL PRIMARY KEY
);
INSERT INTO open_messages (id)
SELECT m.id FROM messages m WHERE m.finished_at IS NULL
    OR EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.bot_id = m.bot_id AND o.msg_id = m.msg_id);

-- sms_parts becomes the SMSC-id index receipts are correlated through
ALTER TABLE sms_parts ADD COLUMN message_id BIGINT;
UPDATE sms_parts SET message_id = (SELECT m.id FROM messages m WHERE m.bot_id = sms_parts.bot_id AND m.msg_id = sms_parts.msg_id);
ALTER TABLE sms_parts ALTER COLUMN message_id SET NOT NULL;
DROP INDEX sms_parts_msg;
ALTER TABLE sms_parts DROP COLUMN bot_id;
ALTER TABLE sms_parts DROP COLUMN msg_id;
ALTER TABLE sms_parts DROP COLUMN state;
ALTER TABLE sms_parts DROP COLUMN error;
ALTER TABLE sms_parts DROP COLUMN updated_at;

DROP TABLE message_events;
DROP TABLE webhook_outbox;
DROP INDEX messages_open;
ALTER TABLE messages DROP COLUMN state;
ALTER TABLE messages DROP COLUMN channel;
ALTER TABLE messages DROP COLUMN parts_total;
ALTER TABLE messages DROP COLUMN updated_at;
ALTER TABLE messages DROP COLUMN finished_at;
