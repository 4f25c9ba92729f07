-- The disclosure ledger: one entry per delivered copy (who received what about whom, when, and on
-- which basis). Append-only: entries are never updated or deleted; a copy recorded but then not
-- delivered (its broker transaction never committed and the message was dead-lettered) gets a
-- second, "voided" entry. Tamper-evident: each entry carries the SHA-256 of its own fields and of the
-- previous entry's hash; ledger_head serialises appends (also across hub instances).
CREATE TABLE disclosure (
    seq               BIGINT       PRIMARY KEY,
    kind              VARCHAR(16)  NOT NULL,   -- disclosed | voided
    recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    message_id        VARCHAR(128) NOT NULL,
    sender            VARCHAR(64)  NOT NULL,
    message_type      VARCHAR(40)  NOT NULL,
    subject_ref       VARCHAR(200),
    case_id           VARCHAR(64),
    recipient         VARCHAR(64)  NOT NULL,
    data_classes      VARCHAR(400) NOT NULL,
    redacted_classes  VARCHAR(400) NOT NULL,
    legal_basis       VARCHAR(32),
    basis_ref         VARCHAR(128),
    review_required   BOOLEAN      NOT NULL,
    prev_hash         VARCHAR(64)  NOT NULL,
    entry_hash        VARCHAR(64)  NOT NULL
);
CREATE INDEX disclosure_by_subject ON disclosure (subject_ref, seq);
CREATE INDEX disclosure_by_message ON disclosure (sender, message_id);

CREATE TABLE ledger_head (
    id                INTEGER      PRIMARY KEY,
    last_seq          BIGINT       NOT NULL,
    last_hash         VARCHAR(64)  NOT NULL
);
INSERT INTO ledger_head (id, last_seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
