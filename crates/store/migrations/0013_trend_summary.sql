-- A follow-up's Sammanfattning carries one generated sentence on the comparison with the
-- earlier audit; the controller may rewrite it. The rewritten sentence is kept here with
-- the generated sentence it replaced, so the program can tell when the numbers behind it
-- have changed since.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE trend_summaries (
    audit_id   INTEGER PRIMARY KEY REFERENCES audits (id),
    text       TEXT NOT NULL,   -- the sentence as the controller wrote it
    generated  TEXT NOT NULL,   -- the generated sentence when it was written
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
