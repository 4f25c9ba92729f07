-- The CSV mappings a connector version ran with, pinned at deployment (JSON: mapping id -> YAML text),
-- so that a rollback restores them too.
ALTER TABLE connector_version ADD COLUMN mappings VARCHAR;
