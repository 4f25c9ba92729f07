-- Referral deadlines: the date a requested referral must be answered by (its respondBy, or the
-- municipality's default), and when the hub sent the overdue reminder and notice (once).
ALTER TABLE referral ADD COLUMN respond_by DATE;
ALTER TABLE referral ADD COLUMN overdue_notified_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX referral_by_deadline ON referral (status, respond_by);
