-- rcsgw schema v23: what each node of a cluster reports of its SMSC links at every heartbeat
-- (a JSON array: name, smsc, enabled, bound, outstanding), so that any node's admin API shows
-- every node's links as of that node's last renewal.
ALTER TABLE nodes ADD COLUMN links VARCHAR(8000) NOT NULL DEFAULT '[]';
