-- Notes that never reach the board report: one free-text note per sampled file (what the
-- file lacked in general) and the audit's working notes (interviews, observations,
-- meetings) that the controllers write chapters 4–9 from. Both are working material with
-- the audit's other free texts: removed at gallring.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE file_notes (
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    case_id    TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id)
);

CREATE TABLE working_notes (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    kind       TEXT NOT NULL CHECK (kind IN ('intervju', 'observation', 'mote', 'ovrigt')),
    -- The report chapter the note is for (4–9), or NULL for the audit in general.
    chapter    INTEGER CHECK (chapter IS NULL OR chapter BETWEEN 4 AND 9),
    -- When the interview, observation or meeting took place (YYYY-MM-DD), if given.
    held_on    TEXT,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX working_notes_audit ON working_notes (audit_id);
