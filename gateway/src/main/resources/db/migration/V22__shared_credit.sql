-- rcsgw schema v22: prepaid credit reserved in the store, for several nodes.
--
-- reserved is what the holds of the bot's unfinished messages add up to, kept with them: a hold
-- inserted adds to it, a hold settled or released takes from it, in the same transaction. In a
-- cluster a node reserves by one conditional update of it (balance - reserved covers the amount)
-- and inserts the hold, under its lease, before the message is stored; owner names that node, so
-- a hold whose message never got stored (the node died between) is released when the node joins
-- again or a survivor takes its messages over.
ALTER TABLE credit_accounts ADD COLUMN reserved DECIMAL(30, 12) NOT NULL DEFAULT 0;
UPDATE credit_accounts SET reserved = COALESCE((SELECT SUM(h.amount) FROM credit_holds h
    WHERE h.bot_id = credit_accounts.bot_id), 0);
ALTER TABLE credit_holds ADD COLUMN owner VARCHAR(128);
