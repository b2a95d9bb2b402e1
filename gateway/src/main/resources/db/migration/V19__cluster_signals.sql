-- rcsgw schema v19: signals between the nodes of a cluster.
--
-- A node that did something the others must repeat (it reloaded its rules, tariffs and routes)
-- increments its signal's version; the others see the new version at their next heartbeat and do
-- the same (each reloads its own configuration file).
CREATE TABLE cluster_signals (
    name     VARCHAR(32) NOT NULL PRIMARY KEY,
    version  BIGINT      NOT NULL
);
INSERT INTO cluster_signals (name, version) VALUES ('reload', 0);
