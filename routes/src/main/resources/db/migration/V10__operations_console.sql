-- The operator console (operations room). Portable between H2 (MODE=PostgreSQL) and PostgreSQL.
-- Everything here is shared by every hub instance: the console of any instance shows the same.

-- Who did what, when: replay, discard, content view, connector changes, console logins, alert
-- transitions. Ids and codes only, never message content.
CREATE TABLE audit_event (
    event_id     VARCHAR(64)  PRIMARY KEY,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    actor        VARCHAR(64)  NOT NULL,
    action       VARCHAR(40)  NOT NULL,   -- login | replay | discard | content-view | bulk-replay | bulk-replay-cancel | connector-<action> | alert-raised | alert-cleared
    target       VARCHAR(200),            -- a quarantine id, an agency id, a job id, an alert key
    detail       VARCHAR(1000)
);
CREATE INDEX audit_event_by_time ON audit_event (occurred_at);

-- One row per (rule, target): whether the alert is raised now. An instance raises (or clears) an
-- alert only by the conditional UPDATE that flips this row, so of several instances watching the same
-- condition exactly one notifies; the primary key keeps a second row from ever appearing.
CREATE TABLE alert_state (
    rule_id      VARCHAR(64)  NOT NULL,
    target       VARCHAR(200) NOT NULL,   -- an agency id, a queue name, or 'hub'
    raised       BOOLEAN      NOT NULL,
    episode      INTEGER      NOT NULL,   -- how many times it was raised
    reading      DOUBLE PRECISION,        -- the value last read
    threshold    DOUBLE PRECISION,
    raised_at    TIMESTAMP WITH TIME ZONE,
    cleared_at   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (rule_id, target)
);

-- Why a message was discarded (the status column already says that it was).
ALTER TABLE quarantine ADD COLUMN status_reason VARCHAR(500);
CREATE INDEX quarantine_by_time ON quarantine (quarantined_at);

-- The console's counts over the last hour come from here.
CREATE INDEX message_outcome_by_time ON message_outcome (recorded_at);
