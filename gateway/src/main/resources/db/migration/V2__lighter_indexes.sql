-- rcsgw schema v2: fewer index writes per message.
-- The (state, accepted_at) index changed on every state change; recovery only needs the
-- messages that are not final yet, and that changes once per message, at the end.
ALTER TABLE messages ADD COLUMN finished_at BIGINT;
UPDATE messages SET finished_at = updated_at
    WHERE state NOT IN ('ACCEPTED', 'RCS_SENT', 'SMS_QUEUED', 'SMS_SUBMITTED');
DROP INDEX messages_unfinished;
CREATE INDEX messages_open ON messages (finished_at, accepted_at);

-- nothing looks the outbox up by message: events are loaded in created order and deleted by id
DROP INDEX webhook_outbox_msg;
