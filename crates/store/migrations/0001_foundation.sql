-- Foundation: audits, their population, sampling draws and the audit history.
-- Migrations are append-only: once released, this file is never edited.

CREATE TABLE audits (
    id             INTEGER PRIMARY KEY,
    unit           TEXT NOT NULL,
    org            TEXT NOT NULL,
    board          TEXT NOT NULL,
    diarienr       TEXT NOT NULL,
    reference_date TEXT NOT NULL,            -- YYYY-MM-DD (granskningsdatum)
    status         TEXT NOT NULL DEFAULT 'planering'
                   CHECK (status IN ('planering', 'urval', 'granskning', 'faktagranskning', 'slutford')),
    created_at     TEXT NOT NULL,            -- RFC 3339, UTC
    created_by     TEXT NOT NULL
);

-- One row per successful population import (the population itself is replaced).
CREATE TABLE population_imports (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    format      TEXT NOT NULL,               -- JSON: encoding and delimiter, or sheet
    row_count   INTEGER NOT NULL
);

-- The open cases of the audited unit at the reference date. Personal data: the
-- personnummer is stored as its 12 digits and never leaves this table unmasked except
-- through an explicit, logged reveal.
CREATE TABLE population (
    audit_id      INTEGER NOT NULL REFERENCES audits (id),
    case_id       TEXT NOT NULL,
    personnummer  TEXT NOT NULL CHECK (length(personnummer) = 12),
    -- CHECKs compare with = rather than IN (…): SQLite builds a temporary lookup table
    -- for an IN list on every row, which costs a third of a 100,000-row import.
    lagrum        TEXT NOT NULL CHECK (lagrum = 'LSS' OR lagrum = 'SoL'),
    insats        TEXT,
    handlaggare   TEXT,
    decision_date TEXT,                      -- YYYY-MM-DD
    decision_kind TEXT CHECK (decision_kind = 'Bifall' OR decision_kind = 'Avslag'
                              OR decision_kind = 'Delavslag'),
    source_line   INTEGER NOT NULL,
    UNIQUE (audit_id, case_id)
);

-- Every draw is kept; the audit's current sample is its latest draw.
CREATE TABLE samples (
    id                INTEGER PRIMARY KEY,
    audit_id          INTEGER NOT NULL REFERENCES audits (id),
    algorithm         TEXT NOT NULL,
    seed              TEXT NOT NULL,         -- unsigned 64-bit, decimal
    percent_bp        INTEGER NOT NULL CHECK (percent_bp BETWEEN 1 AND 10000),
    strata            TEXT NOT NULL,         -- e.g. lagrum,handlaggare or none
    population_size   INTEGER NOT NULL,
    sample_size       INTEGER NOT NULL,
    population_sha256 TEXT NOT NULL,
    strata_counts     TEXT NOT NULL,         -- JSON [{key, population, sample}]
    drawn_at          TEXT NOT NULL,
    drawn_by          TEXT NOT NULL,
    reason            TEXT                   -- required for a redraw once review has started
);
CREATE INDEX samples_by_audit ON samples (audit_id, id);

CREATE TABLE sample_cases (
    sample_id INTEGER NOT NULL REFERENCES samples (id),
    case_id   TEXT NOT NULL,
    PRIMARY KEY (sample_id, case_id)
) WITHOUT ROWID;

-- The audit's history (granskningslogg): append-only, enforced by the database.
CREATE TABLE history (
    id       INTEGER PRIMARY KEY,
    audit_id INTEGER NOT NULL REFERENCES audits (id),
    at       TEXT NOT NULL,
    user     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    detail   TEXT NOT NULL                   -- JSON, never personal data
);
CREATE INDEX history_by_audit ON history (audit_id, id);

CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;

CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN
    SELECT RAISE(ABORT, 'history is append-only');
END;
