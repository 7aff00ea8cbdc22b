-- The fact-check rounds (faktagranskning): each package sent to the enhetschef, and the
-- comments of the responses imported, with how the controller resolved each.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE factcheck_rounds (
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    round      INTEGER NOT NULL CHECK (round >= 1),
    package_id TEXT NOT NULL UNIQUE,
    sha256     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    -- When the enhetschef's response was imported (NULL until then).
    answered_at TEXT,
    PRIMARY KEY (audit_id, round)
);

CREATE TABLE factcheck_comments (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    round       INTEGER NOT NULL,
    finding_id  INTEGER,
    chapter     INTEGER,
    kind        TEXT NOT NULL CHECK (kind = 'Faktafel' OR kind = 'Kommentar' OR kind = 'Instämmer'),
    text        TEXT NOT NULL,
    responder   TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status = 'open' OR status = 'accepted' OR status = 'rejected'),
    reason      TEXT,
    resolved_at TEXT,
    resolved_by TEXT,
    FOREIGN KEY (audit_id, round) REFERENCES factcheck_rounds (audit_id, round)
);
CREATE INDEX factcheck_comments_by_audit ON factcheck_comments (audit_id, id);
