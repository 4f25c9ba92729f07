-- A caseId is unique per municipality only: another city's coordinator numbering its cases the same
-- way must get a case of its own, not update (or close) this one. Cases are keyed by
-- (municipality, case_id); the coordinator column is the agency that opened the case, and only it
-- issues the case's updates from now on.
-- Rebuilt rather than altered, as V14 (no common spelling for dropping a primary key); every row is
-- carried over.

CREATE TABLE coordinated_case_v15 (
    municipality      VARCHAR(6)   NOT NULL,
    case_id           VARCHAR(64)  NOT NULL,
    plan_version      INTEGER      NOT NULL,
    status            VARCHAR(16)  NOT NULL,   -- open | closed
    team              VARCHAR(2000) NOT NULL,
    coordinator       VARCHAR(64)  NOT NULL,
    last_message_id   VARCHAR(128) NOT NULL,
    last_update_json  VARCHAR      NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (municipality, case_id)
);
INSERT INTO coordinated_case_v15 (municipality, case_id, plan_version, status, team, coordinator, last_message_id,
                                  last_update_json, updated_at)
    SELECT municipality, case_id, plan_version, status, team, coordinator, last_message_id, last_update_json, updated_at
    FROM coordinated_case;
DROP TABLE coordinated_case;
ALTER TABLE coordinated_case_v15 RENAME TO coordinated_case;
