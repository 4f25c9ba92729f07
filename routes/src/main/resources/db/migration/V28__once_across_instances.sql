-- Several hub instances on one database and broker: what must happen once across them.

-- The file/SFTP pollers' shared read lock (platform.FileReadLocks): Camel's JDBC idempotent
-- repository, columns as camel-sql expects them; the key is a file's path (longer than camel-sql's
-- default 100), createdAt the lock's heartbeat.
CREATE TABLE camel_messageprocessed (
    processorName VARCHAR(255)  NOT NULL,
    messageId     VARCHAR(1000) NOT NULL,
    createdAt     TIMESTAMP     NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

-- A bulk replay belongs to the instance that holds its lease (operations.ReplayJobs); the lease is
-- renewed before each item, and a job whose lease ran out is taken over by another instance.
ALTER TABLE replay_job ADD COLUMN lease_owner VARCHAR(128);
ALTER TABLE replay_job ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;

-- The console's queue chart (operations.QueueSamples): one instance samples the broker under a
-- ShedLock, every instance draws from here, so all show the same picture. Counts only.
CREATE TABLE queue_sample (
    sampled_at   TIMESTAMP WITH TIME ZONE NOT NULL PRIMARY KEY,
    sampled_by   VARCHAR(128) NOT NULL,
    inbound      BIGINT       NOT NULL,
    outbound     BIGINT       NOT NULL,
    dead_letters BIGINT       NOT NULL
);
