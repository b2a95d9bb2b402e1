-- rcsgw schema v18: which node of a cluster works on each message.
--
-- owner is the id of the node that accepted the message, or that took it over when that node's
-- lease ran out; null on a single node. A node started again resumes only the messages it owns.
ALTER TABLE messages ADD COLUMN owner VARCHAR(128);
