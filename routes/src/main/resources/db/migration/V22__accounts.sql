-- Per-person accounts of operators, auditors and admins (accounts room), shared by every hub instance.
-- Portable between H2 (MODE=PostgreSQL) and PostgreSQL.

-- One row per person. password_hash is Spring Security's delegating format ({bcrypt}$2a$...), never a
-- password. municipality: the 6-digit code of the one municipality the account sees; NULL is a provider
-- account (a vendor hosting several municipalities), which sees all. locked_until: set when the account
-- had 10 failed logins within 15 minutes; logins are refused until then, on every instance.
CREATE TABLE hub_account (
    login_name     VARCHAR(64)  PRIMARY KEY,
    password_hash  VARCHAR(255) NOT NULL,
    role           VARCHAR(16)  NOT NULL,   -- OPERATOR | AUDITOR | ADMIN
    municipality   VARCHAR(6),
    enabled        BOOLEAN      NOT NULL,
    locked_until   TIMESTAMP WITH TIME ZONE,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Failed logins of an account within the lockout window (older rows are removed as new ones come).
CREATE TABLE login_failure (
    login_name  VARCHAR(64)  NOT NULL,
    failed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    source      VARCHAR(64)
);
CREATE INDEX login_failure_by_account ON login_failure (login_name, failed_at);

-- The municipality an audit event concerns (NULL: the whole hub), so that an account of one
-- municipality sees only its own entries.
ALTER TABLE audit_event ADD COLUMN municipality VARCHAR(6);
