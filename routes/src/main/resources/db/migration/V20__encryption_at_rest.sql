-- Encryption at rest (platform.Sealing): the data keys, wrapped by the master key, one per subject
-- (crypto-shredding: an erasure deletes the subject's row) and one general key.
CREATE TABLE data_key (
    key_id      VARCHAR(100) PRIMARY KEY,   -- general | subject:<hubSubjectId>
    keyset      VARCHAR      NOT NULL,      -- Base64 of the Tink keyset encrypted by the master key
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Whom a stored body is about: its data key, and what an erasure removes.
ALTER TABLE quarantine ADD COLUMN hub_subject_id VARCHAR(80);
ALTER TABLE inbox_message ADD COLUMN hub_subject_id VARCHAR(80);
ALTER TABLE coordinated_case ADD COLUMN hub_subject_id VARCHAR(80);
CREATE INDEX quarantine_by_subject ON quarantine (hub_subject_id);
CREATE INDEX inbox_by_subject ON inbox_message (hub_subject_id);
CREATE INDEX case_by_subject ON coordinated_case (hub_subject_id);
CREATE INDEX consent_by_subject ON consent (subject_ref);
CREATE INDEX referral_by_subject ON referral (hub_subject_id);

-- Sealed consent evidence is longer than the plain text it replaces.
ALTER TABLE consent ALTER COLUMN evidence_form_id SET DATA TYPE VARCHAR(2000);
ALTER TABLE consent ALTER COLUMN evidence_captured_by SET DATA TYPE VARCHAR(2000);
