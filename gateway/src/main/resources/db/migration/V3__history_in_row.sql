-- rcsgw schema v3: a message is one row, and a state change is one write to it.
-- The history, the SMS parts' states and the webhook cursor move into the message row:
-- before, every change also inserted an event row (and a secondary-index entry), every
-- receipt updated a part row, and every webhook event was inserted into and deleted from an
-- outbox table. Both columns are append-only text, one tab-separated line per entry:
--   history: seq, state, reason, at           (seq 0 is ACCEPTED)
--   parts:   part_no, state, smsc_key, link, error   (the last line of a part wins)
-- hooked_seq is the webhook cursor: events past it that a bot is told about are its outbox.
-- finished_at is set once a message is final and its last webhook event is settled.
ALTER TABLE messages ADD COLUMN history VARCHAR(65535) DEFAULT '' NOT NULL;
ALTER TABLE messages ADD COLUMN parts VARCHAR(65535) DEFAULT '' NOT NULL;
ALTER TABLE messages ADD COLUMN hooked_seq INT DEFAULT -1 NOT NULL;

UPDATE messages SET history = COALESCE((SELECT string_agg(CAST(e.seq AS VARCHAR) || CHR(9) || e.state || CHR(9) || e.reason
        || CHR(9) || CAST(e.at AS VARCHAR) || CHR(10), '' ORDER BY e.seq)
    FROM message_events e WHERE e.bot_id = messages.bot_id AND e.msg_id = messages.msg_id), '');

UPDATE messages SET parts = COALESCE((SELECT string_agg(CAST(p.part_no AS VARCHAR) || CHR(9) || p.state || CHR(9) || p.smsc_key
        || CHR(9) || p.link || CHR(9) || COALESCE(p.error, '') || CHR(10), '' ORDER BY p.part_no)
    FROM sms_parts p WHERE p.bot_id = messages.bot_id AND p.msg_id = messages.msg_id), '');

-- events still in the outbox are delivered from the oldest on; a message with any stays open
UPDATE messages SET hooked_seq = COALESCE(
        (SELECT MIN(o.seq) - 1 FROM webhook_outbox o WHERE o.bot_id = messages.bot_id AND o.msg_id = messages.msg_id),
        (SELECT MAX(e.seq) FROM message_events e WHERE e.bot_id = messages.bot_id AND e.msg_id = messages.msg_id),
        -1);
UPDATE messages SET finished_at = NULL
    WHERE EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.bot_id = messages.bot_id AND o.msg_id = messages.msg_id);

DROP TABLE message_events;
DROP TABLE webhook_outbox;

-- sms_parts is now only the SMSC-id index receipts are correlated through
DROP INDEX sms_parts_msg;
ALTER TABLE sms_parts DROP COLUMN state;
ALTER TABLE sms_parts DROP COLUMN error;
ALTER TABLE sms_parts DROP COLUMN updated_at;
