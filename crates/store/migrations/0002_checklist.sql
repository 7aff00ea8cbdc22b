-- The checklist: templates (versioned, stored whole), the template an audit runs with,
-- answers per sampled file and item, final grades per item, and the split of the sample
-- among the audit's controllers.
-- Migrations are append-only: once released, this file is never edited.

CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    template_id TEXT NOT NULL,               -- e.g. standardmall; shared by its versions
    version     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL,               -- the whole template, JSON (aktgranskning-mall-1)
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (template_id, version)
);

-- The exact template version the audit runs with (NULL only for audits created before
-- templates existed; they run with the standard template, version 1).
ALTER TABLE audits ADD COLUMN template_ref INTEGER REFERENCES templates (id);

CREATE TABLE answers (
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    case_id     TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    value       TEXT NOT NULL CHECK (value = 'ja' OR value = 'delvis' OR value = 'nej'
                                     OR value = 'ej_aktuellt'),
    comment     TEXT,
    answered_by TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id, item_id)
);

CREATE TABLE grades (
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    item_id    TEXT NOT NULL,
    grade      TEXT NOT NULL CHECK (grade = 'gron' OR grade = 'gul' OR grade = 'rod'),
    motivation TEXT,
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,
    PRIMARY KEY (audit_id, item_id)
);

CREATE TABLE assignments (
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    case_id    TEXT NOT NULL,
    controller TEXT NOT NULL,
    PRIMARY KEY (audit_id, case_id)
);
