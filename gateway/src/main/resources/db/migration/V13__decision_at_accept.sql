-- rcsgw schema v13: the decision made at accept is written once, with the message.
--
-- A message_state row is rewritten on every change of its message (H2 writes a new copy of the
-- row, PostgreSQL a new tuple), so what never changes stays out of it. messages.decision is the
-- channel decision made at accept; message_state.decision is null until a fallback replaces it.
ALTER TABLE messages ADD COLUMN decision VARCHAR(1000000);
UPDATE messages SET decision = (SELECT s.decision FROM message_state s WHERE s.id = messages.id);
UPDATE message_state SET decision = NULL;
