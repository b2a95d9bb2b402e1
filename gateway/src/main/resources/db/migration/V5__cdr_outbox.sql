-- rcsgw schema v5: charging data records.
--
-- A message's CDR (a CSV line) is written in the same transaction as its final state, so no
-- outcome is ever unrated; the exporter moves lines from here to CDR files in id order and
-- deletes them once the file holding them is on disk. id is the message's id.
CREATE TABLE cdr_outbox (
    id         BIGINT        NOT NULL PRIMARY KEY,
    closed_at  BIGINT        NOT NULL,
    line       VARCHAR(4000) NOT NULL
);
