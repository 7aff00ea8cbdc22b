-- Calibration before the review: every controller reviews the same few files and sees
-- how far they agree item by item, to settle on a common reading of the checklist
-- before the real review starts. Recorded, never part of the results.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE calibration_files (
    audit_id INTEGER NOT NULL REFERENCES audits (id),
    case_id  TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id)
);

CREATE TABLE calibration_answers (
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    case_id     TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    value       TEXT NOT NULL CHECK (value IN ('ja', 'delvis', 'nej', 'ej_aktuellt')),
    answered_at TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id, item_id, reviewer)
);
