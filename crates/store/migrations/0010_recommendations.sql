-- Recommendations (rekommendationer): what must be done, apart from the findings (what
-- was seen), each optionally tied to the finding it answers; with the nämnd's response,
-- the responsible role and the due date recorded after finalising.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE recommendations (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    finding_id INTEGER REFERENCES findings (id),
    text       TEXT NOT NULL,
    response   TEXT,                          -- nämndens svar / beslutad åtgärd
    owner      TEXT,                          -- responsible role
    due        TEXT,                          -- YYYY-MM-DD
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE INDEX recommendations_by_audit ON recommendations (audit_id, id);
