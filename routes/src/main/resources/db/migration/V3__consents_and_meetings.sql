-- Consents (本人同意) as agencies register them, with their evidence; revocation is a timestamp,
-- never a deletion. Meetings (支援会議, Social Welfare Act art. 106-6) as the coordinator registers them.
CREATE TABLE consent (
    consent_id          VARCHAR(128) PRIMARY KEY,
    municipality        VARCHAR(6)   NOT NULL,
    registered_by       VARCHAR(64)  NOT NULL,
    subject_ref         VARCHAR(200) NOT NULL,
    grantees            VARCHAR(2000) NOT NULL,
    purposes            VARCHAR(1000) NOT NULL,
    data_classes        VARCHAR(400) NOT NULL,
    valid_from          DATE         NOT NULL,
    valid_until         DATE,
    evidence_method     VARCHAR(16)  NOT NULL,
    evidence_form_id    VARCHAR(128),
    evidence_captured_by VARCHAR(200),
    evidence_sha256     VARCHAR(64),
    registered_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at          TIMESTAMP WITH TIME ZONE,
    revoked_by          VARCHAR(64)
);

CREATE TABLE meeting (
    meeting_id          VARCHAR(128) PRIMARY KEY,
    municipality        VARCHAR(6)   NOT NULL,
    meeting_type        VARCHAR(16)  NOT NULL,
    members             VARCHAR(2000) NOT NULL,
    registered_by       VARCHAR(64)  NOT NULL,
    registered_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
