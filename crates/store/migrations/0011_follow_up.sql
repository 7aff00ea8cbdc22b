-- Follow-up: an audit that follows an earlier audit of the same unit, for the trend
-- against it and the follow-up of its recommendations.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE audit_follows (
    audit_id INTEGER PRIMARY KEY REFERENCES audits (id),
    follows  INTEGER NOT NULL REFERENCES audits (id),
    CHECK (follows <> audit_id)
);
