-- rcsgw schema v15: prepaid credit.
--
-- credit_accounts holds each prepaid bot's balance, in its plan's currency: top-ups add to it,
-- each charge takes from it. credit_holds holds what each unfinished message of such a bot
-- reserved at accept (the most it may cost), inserted with the message and deleted when its
-- charge is made, in the transaction that stores the charge; what is reserved is their sum.
CREATE TABLE credit_accounts (
    bot_id      VARCHAR(128)    NOT NULL PRIMARY KEY,
    currency    VARCHAR(3)      NOT NULL,
    balance     DECIMAL(30, 12) NOT NULL,
    updated_at  BIGINT          NOT NULL
);

CREATE TABLE credit_holds (
    message_id  BIGINT          NOT NULL PRIMARY KEY,
    bot_id      VARCHAR(128)    NOT NULL,
    amount      DECIMAL(30, 12) NOT NULL
);
