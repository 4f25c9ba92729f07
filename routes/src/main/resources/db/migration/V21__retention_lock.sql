-- ShedLock's lock table (protection.RetentionPurge): the retention purge of the database runs on one
-- instance at a time. Columns as ShedLock's JdbcTemplateLockProvider expects them.
CREATE TABLE shedlock (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until  TIMESTAMP    NOT NULL,
    locked_at   TIMESTAMP    NOT NULL,
    locked_by   VARCHAR(255) NOT NULL
);
