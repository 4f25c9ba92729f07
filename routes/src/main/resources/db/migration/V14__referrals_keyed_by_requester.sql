-- A referralId is unique per requesting agency only: two centers that both number their referrals
-- R-2026-0001 must not share one closed loop. Referrals and their history are keyed by
-- (requester, referral_id); an agency id names one agency of one municipality, so this is the
-- contract's (municipality, requester, referralId).
-- Rebuilt rather than altered (create, copy, drop, rename): dropping a primary key has no spelling
-- that both H2 and PostgreSQL accept. Every existing row is carried over.

CREATE TABLE referral_v14 (
    referral_id         VARCHAR(128) NOT NULL,
    requester           VARCHAR(64)  NOT NULL,
    receiver            VARCHAR(64)  NOT NULL,
    subject_local_id    VARCHAR(64),
    hub_subject_id      VARCHAR(80),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    status              VARCHAR(24)  DEFAULT 'requested' NOT NULL,
    status_changed_at   TIMESTAMP WITH TIME ZONE,
    respond_by          DATE,
    overdue_notified_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (requester, referral_id)
);
INSERT INTO referral_v14 (referral_id, requester, receiver, subject_local_id, hub_subject_id, created_at, status,
                          status_changed_at, respond_by, overdue_notified_at)
    SELECT referral_id, requester, receiver, subject_local_id, hub_subject_id, created_at, status,
           status_changed_at, respond_by, overdue_notified_at FROM referral;

-- the history gains its referral's requester
CREATE TABLE referral_event_v14 (
    requester         VARCHAR(64)  NOT NULL,
    referral_id       VARCHAR(128) NOT NULL,
    seq               INTEGER      NOT NULL,
    status            VARCHAR(24)  NOT NULL,
    by_agency         VARCHAR(64)  NOT NULL,
    message_id        VARCHAR(128) NOT NULL,
    at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (requester, referral_id, seq)
);
INSERT INTO referral_event_v14 (requester, referral_id, seq, status, by_agency, message_id, at)
    SELECT r.requester, e.referral_id, e.seq, e.status, e.by_agency, e.message_id, e.at
    FROM referral_event e JOIN referral r ON r.referral_id = e.referral_id;

DROP TABLE referral_event;
DROP TABLE referral;
ALTER TABLE referral_v14 RENAME TO referral;
ALTER TABLE referral_event_v14 RENAME TO referral_event;
CREATE INDEX referral_by_deadline ON referral (status, respond_by);
CREATE INDEX referral_by_receiver ON referral (receiver, referral_id);
