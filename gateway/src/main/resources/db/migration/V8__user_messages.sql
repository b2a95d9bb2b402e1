-- rcsgw schema v8: read receipts for what users sent.
--
-- platform_events.msg_id is the RCSMessage.msgId of a user's message or response (and the id an
-- SMS from a user is relayed under), so that a bot's read receipt for it, which names only the
-- msgId, goes to the user who sent it.
ALTER TABLE platform_events ADD COLUMN msg_id VARCHAR(128);
CREATE INDEX platform_events_msg ON platform_events (bot_id, msg_id);
