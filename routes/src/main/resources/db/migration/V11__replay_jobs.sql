-- Bulk replay from the console: a job and its items, in the database so that every instance shows
-- its progress and a cancel from any instance stops it (the worker reads the flag before each item).
CREATE TABLE replay_job (
    job_id           VARCHAR(64)  PRIMARY KEY,
    created_by       VARCHAR(64)  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    status           VARCHAR(16)  NOT NULL,   -- running | cancelled | finished | failed
    total            INTEGER      NOT NULL,
    replayed         INTEGER      NOT NULL,
    skipped          INTEGER      NOT NULL,   -- no longer quarantined (replayed or discarded meanwhile)
    cancel_requested BOOLEAN      NOT NULL,
    cancelled_by     VARCHAR(64),
    finished_at      TIMESTAMP WITH TIME ZONE
);

CREATE TABLE replay_job_item (
    job_id        VARCHAR(64) NOT NULL,
    seq           INTEGER     NOT NULL,
    quarantine_id VARCHAR(64) NOT NULL,
    status        VARCHAR(16) NOT NULL,   -- pending | replayed | skipped
    PRIMARY KEY (job_id, seq)
);
