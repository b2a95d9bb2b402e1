-- rcsgw schema v14: usage by bot, kept as charging data records are written.
--
-- One row per bot, minute (epoch minutes, UTC) a record was closed in, channel, category and
-- currency, added to in the transaction that stores the records, so the usage API reads sums
-- without scanning CDR files. messages counts messages (each message's first record), records
-- every record (a message that fell back has two), units and amount their sums.
CREATE TABLE usage_totals (
    bot_id    VARCHAR(128)   NOT NULL,
    at_minute BIGINT         NOT NULL,
    channel   VARCHAR(8)     NOT NULL,
    category  VARCHAR(32)    NOT NULL,
    currency  VARCHAR(3)     NOT NULL,
    messages  BIGINT         NOT NULL,
    records   BIGINT         NOT NULL,
    units     BIGINT         NOT NULL,
    amount    DECIMAL(30, 12) NOT NULL,
    PRIMARY KEY (bot_id, at_minute, channel, category, currency)
);
