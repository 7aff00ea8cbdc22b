-- The planning beyond the audit's facts: the controllers who do the audit and the period
-- it covers (both printed on the report's cover). And an audit set aside: removed (it
-- held nothing but its planning; the row and its history stay, out of every list) or
-- archived (kept whole, out of the daily list).
-- Migrations are append-only: once released, this file is never edited.
ALTER TABLE audits ADD COLUMN controllers TEXT;   -- JSON array of names; NULL: not given
ALTER TABLE audits ADD COLUMN period_from TEXT;   -- YYYY-MM-DD
ALTER TABLE audits ADD COLUMN period_to   TEXT;   -- YYYY-MM-DD
ALTER TABLE audits ADD COLUMN archived_at TEXT;
ALTER TABLE audits ADD COLUMN removed_at  TEXT;
