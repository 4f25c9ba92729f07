-- Coordinated cases: the plan version, the team of the latest plan, open or closed, and the latest
-- case update as sent (members read it redacted for them).
CREATE TABLE coordinated_case (
    case_id           VARCHAR(64)  PRIMARY KEY,
    municipality      VARCHAR(6)   NOT NULL,
    plan_version      INTEGER      NOT NULL,
    status            VARCHAR(16)  NOT NULL,   -- open | closed
    team              VARCHAR(2000) NOT NULL,
    coordinator       VARCHAR(64)  NOT NULL,
    last_message_id   VARCHAR(128) NOT NULL,
    last_update_json  VARCHAR      NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
