-- rcsgw schema v11: the parts of ESMEs' concatenated messages.
--
-- Each part a bind submits is stored before its submit_sm_resp; the part that completes its
-- message puts the message together and hands it to the pipeline under the set's msg_id (the
-- message_id every part was answered with), and the rows go. A set is one ESME's reference
-- number between one source and one destination.
CREATE TABLE esme_part_sets (
    system_id   VARCHAR(16) NOT NULL,
    source      VARCHAR(21) NOT NULL,
    destination VARCHAR(16) NOT NULL,
    reference   INT         NOT NULL,
    msg_id      VARCHAR(64) NOT NULL,
    total       INT         NOT NULL,
    created_at  BIGINT      NOT NULL,
    PRIMARY KEY (system_id, source, destination, reference)
);
CREATE INDEX esme_part_sets_age ON esme_part_sets (created_at);

CREATE TABLE esme_parts (
    system_id   VARCHAR(16)   NOT NULL,
    source      VARCHAR(21)   NOT NULL,
    destination VARCHAR(16)   NOT NULL,
    reference   INT           NOT NULL,
    seq         INT           NOT NULL,
    part_text   VARCHAR(1000) NOT NULL,
    PRIMARY KEY (system_id, source, destination, reference, seq)
);
