-- Subject identity across agencies: the hub's pseudonymous id for a person, and each agency's
-- local id for that person. An agency's local id is never shown to another agency by the hub.
CREATE TABLE subject_identity (
    agency            VARCHAR(64)  NOT NULL,
    local_id          VARCHAR(64)  NOT NULL,
    hub_subject_id    VARCHAR(80)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (agency, local_id)
);
CREATE INDEX subject_identity_by_hub_id ON subject_identity (hub_subject_id);
