-- The report's own content: the controller's text per chapter and the findings
-- (bedömningar). The generated parts of the report are never stored: they are computed
-- from the audit's data each time.
-- Migrations are append-only: once released, this file is never edited.

-- The controller's text of each chapter (1–9), as written.
CREATE TABLE chapter_texts (
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    chapter    INTEGER NOT NULL CHECK (chapter BETWEEN 1 AND 9),
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (audit_id, chapter)
);

-- Findings (bedömningar): graded statements attached to a report chapter (1–9). A finding
-- proposed from the file review remembers what it came from (`area:<area name>`).
CREATE TABLE findings (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    chapter    INTEGER NOT NULL CHECK (chapter BETWEEN 1 AND 9),
    grade      TEXT NOT NULL CHECK (grade = 'gron' OR grade = 'gul' OR grade = 'rod'),
    text       TEXT NOT NULL,
    source     TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE INDEX findings_by_audit ON findings (audit_id, chapter, id);
