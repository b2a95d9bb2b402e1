-- rcsgw schema v17: the nodes of a cluster on one PostgreSQL database.
--
-- Each node holds a lease: lease_until is the database clock's epoch millis until which it is
-- alive, renewed every heartbeat. epoch counts the node's joins: a node that lost its lease (a
-- pause longer than the lease, say) joins again under a new epoch.
CREATE TABLE nodes (
    id           VARCHAR(128) NOT NULL PRIMARY KEY,
    epoch        BIGINT       NOT NULL,
    lease_until  BIGINT       NOT NULL,
    joined_at    BIGINT       NOT NULL,
    singletons   VARCHAR(512) NOT NULL DEFAULT ''
);
