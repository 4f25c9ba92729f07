-- The referral lifecycle (closed loop): the current status of every referral and its history.
-- Only statuses, parties and times are kept; reasons travel in the messages, not here.
ALTER TABLE referral ADD COLUMN status VARCHAR(24) DEFAULT 'requested' NOT NULL;
ALTER TABLE referral ADD COLUMN status_changed_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE referral_event (
    referral_id       VARCHAR(128) NOT NULL,
    seq               INTEGER      NOT NULL,
    status            VARCHAR(24)  NOT NULL,
    by_agency         VARCHAR(64)  NOT NULL,
    message_id        VARCHAR(128) NOT NULL,
    at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (referral_id, seq)
);
