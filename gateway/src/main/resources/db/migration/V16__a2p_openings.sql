-- rcsgw schema v16: A2P conversations.
--
-- A conversation row gets its kind: P2A (the user wrote first), A2P (the user replied to the
-- bot), or BOT: no conversation yet, but the bot's RCS messages delivered outside one, charged
-- singly, that a reply within 24 h of their delivery would turn into an A2P conversation (and
-- credit). singles lists them, one tab-separated line each; opened_at is the newest one's delivery.
ALTER TABLE conversations ADD COLUMN kind VARCHAR(3) NOT NULL DEFAULT 'P2A';
ALTER TABLE conversations ADD COLUMN singles VARCHAR(16000) NOT NULL DEFAULT '';
