-- Connector definitions as deployed at runtime (connectors issue). Every deployed version is kept, so
-- a connector can be rolled back; connector_state says which version runs and whether it is paused.
-- Hub instances hold no connector state of their own: each one reconciles its Camel routes with
-- these rows whenever connector_state.revision moves.
CREATE TABLE connector_version (
    agency_id    VARCHAR(64)  NOT NULL,
    version      INTEGER      NOT NULL,
    source_name  VARCHAR(200) NOT NULL,
    definition   VARCHAR      NOT NULL,   -- the YAML as deployed; it names its secret, never holds it
    sha256       VARCHAR(64)  NOT NULL,
    status       VARCHAR(16)  NOT NULL,   -- active | superseded | failed | undeployed
    error        VARCHAR(4000),
    deployed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deployed_by  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (agency_id, version)
);

CREATE TABLE connector_state (
    agency_id      VARCHAR(64) PRIMARY KEY,
    active_version INTEGER,                -- null once undeployed
    paused         BOOLEAN     NOT NULL,
    revision       BIGINT      NOT NULL,   -- bumped on every change
    changed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by     VARCHAR(64) NOT NULL
);
