-- Double review (dubbelgranskning): a seeded share of the sample reviewed a second time,
-- blind, by another controller; the agreement measured; every disagreement settled.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE double_reviews (
    audit_id   INTEGER PRIMARY KEY REFERENCES audits (id),
    algorithm  TEXT NOT NULL,
    seed       INTEGER NOT NULL,
    percent_bp INTEGER NOT NULL,
    case_ids   TEXT NOT NULL,         -- JSON array of the drawn files, sorted
    drawn_at   TEXT NOT NULL,
    drawn_by   TEXT NOT NULL
);

-- The second reviewer of each drawn file.
CREATE TABLE second_reviewers (
    audit_id INTEGER NOT NULL REFERENCES audits (id),
    case_id  TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id)
);

-- The second review's answers, kept apart from the first's (`answers`).
CREATE TABLE second_answers (
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    case_id     TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    value       TEXT NOT NULL CHECK (value IN ('ja', 'delvis', 'nej', 'ej_aktuellt')),
    comment     TEXT,
    answered_by TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id, item_id)
);

-- A settled disagreement: both reviewers' answers as they stood, and the answer agreed.
CREATE TABLE settlements (
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    case_id    TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    first      TEXT NOT NULL,
    second     TEXT NOT NULL,
    value      TEXT NOT NULL CHECK (value IN ('ja', 'delvis', 'nej', 'ej_aktuellt')),
    reason     TEXT NOT NULL,
    settled_at TEXT NOT NULL,
    settled_by TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id, item_id)
);
