-- rcsgw schema v20: which node of a cluster relays each user's event to its bot.
--
-- owner is the node that stored the event (null on a single node). A node started again offers
-- again only its own pending events; a survivor's takeover makes a dead node's pending events its
-- own and offers them.
ALTER TABLE platform_events ADD COLUMN owner VARCHAR(128);
