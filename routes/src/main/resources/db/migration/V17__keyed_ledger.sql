-- The disclosure ledger is authenticated with a key held outside the database, and appends no longer
-- wait on one row. Each new entry carries the id of the ledger key it was made with and its own
-- HMAC-SHA256 (policy.LedgerKeys); prev_hash/entry_hash are kept for the entries written before this
-- version (the old SHA-256 chain, which still verifies: mac is NULL on exactly those rows, and
-- ledger_head, no longer written, records where that chain ends). A sealer (policy.LedgerSealer)
-- commits a keyed Merkle root over the entries not yet sealed: ledger_seal holds one row per seal,
-- ledger_sealed the entries each covers (insert-only, like the ledger). The first seal covers the old
-- entries too, so from then on they are protected by the key as well.
ALTER TABLE disclosure ADD COLUMN key_id VARCHAR(32);
ALTER TABLE disclosure ADD COLUMN mac VARCHAR(64);
ALTER TABLE disclosure ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE disclosure ALTER COLUMN entry_hash DROP NOT NULL;

CREATE TABLE ledger_seal (
    seal_no     BIGINT       PRIMARY KEY,   -- one seal at a time across instances: a second insert of N fails
    sealed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    entries     INTEGER      NOT NULL,
    first_seq   BIGINT       NOT NULL,
    last_seq    BIGINT       NOT NULL,
    root        VARCHAR(64)  NOT NULL,      -- RFC 6962 Merkle root over the entries' MACs (old entries: their hash)
    prev_mac    VARCHAR(64)  NOT NULL,      -- the previous seal's MAC: the seals form a chain
    key_id      VARCHAR(32)  NOT NULL,
    mac         VARCHAR(64)  NOT NULL
);

CREATE TABLE ledger_sealed (
    seq         BIGINT       PRIMARY KEY,   -- an entry is in one seal only
    seal_no     BIGINT       NOT NULL
);
CREATE INDEX ledger_sealed_by_seal ON ledger_sealed (seal_no, seq);
