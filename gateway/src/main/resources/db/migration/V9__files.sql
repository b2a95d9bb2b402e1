-- rcsgw schema v9: files bots upload (the MaaP files API).
--
-- Held in the store, not on a node's disk, so that every node serves every file; a file is
-- gone after until_at (epoch millis), and deleted by the node that finds it so.
CREATE TABLE files (
    file_id    VARCHAR(32)  NOT NULL PRIMARY KEY,
    bot_id     VARCHAR(64)  NOT NULL,
    mime_type  VARCHAR(128) NOT NULL,
    file_name  VARCHAR(256),
    file_size  BIGINT       NOT NULL,
    until_at   BIGINT       NOT NULL,
    created_at BIGINT       NOT NULL,
    content    BYTEA        NOT NULL
);
CREATE INDEX files_bot ON files (bot_id, until_at);
CREATE INDEX files_until ON files (until_at);
