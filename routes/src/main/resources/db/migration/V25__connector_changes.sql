-- Four eyes on where data goes (issue 11, item 6): a connector change that alters where an agency's
-- data goes or which secret it uses waits here until a second, different admin approves it. The row
-- keeps the proposal (the YAML as proposed, or the version to roll back to), the fields it changes
-- (paths only, never values of secrets: a definition names its secrets, never holds them) and the
-- decision. Rows are never deleted: they are part of the audit trail.
CREATE TABLE connector_change (
    change_id     VARCHAR(64)  PRIMARY KEY,
    agency_id     VARCHAR(64)  NOT NULL,
    kind          VARCHAR(16)  NOT NULL,   -- deploy | rollback
    source_name   VARCHAR(200),
    definition    VARCHAR,                 -- deploy: the YAML as proposed
    target_version INTEGER,                -- rollback: the version to re-activate
    base_sha256   VARCHAR(64),             -- what ran when it was proposed (null: nothing); approving it after
                                           -- another change would undo that one, so it is refused then
    changed_fields VARCHAR(2000) NOT NULL, -- the destination and secret fields it alters (JSON paths)
    status        VARCHAR(16)  NOT NULL,   -- pending | applied | rejected | failed | superseded
    proposed_by   VARCHAR(64)  NOT NULL,
    proposed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_by    VARCHAR(64),
    decided_at    TIMESTAMP WITH TIME ZONE,
    outcome       VARCHAR(4000)            -- applied: the version; failed: why
);
CREATE INDEX connector_change_by_status ON connector_change (status, agency_id);
