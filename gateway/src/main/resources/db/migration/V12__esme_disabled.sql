-- rcsgw schema v12: ESME accounts disabled through the admin API.
--
-- A disabled account's binds are ended and new ones refused until it is enabled again; kept
-- here so that a restart (or another node) keeps it disabled.
CREATE TABLE esme_disabled (
    system_id   VARCHAR(16) NOT NULL PRIMARY KEY,
    disabled_at BIGINT      NOT NULL
);
