-- Work between two computers (docs/work-packages.md): the lead controller's arbetspaket
-- to a colleague, the colleague's svarspaket back, merged with a three-way merge whose
-- conflicts wait for a person.

-- An audit's identity across databases. The lead's audit gets a random uid at its first
-- arbetspaket; a colleague's copy carries the lead's uid, the latest package it opened,
-- that package's state of the files (the base of the next merge) and its draw.
CREATE TABLE work_links (
    audit_id     INTEGER PRIMARY KEY REFERENCES audits (id),
    uid          TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('lead', 'copy')),
    controller   TEXT,            -- copy: whose copy
    lead_package TEXT,            -- copy: the arbetspaket last opened
    base         TEXT,            -- copy: JSON state of the files in that package
    draw         TEXT,            -- copy: the lead's draw (seed, population SHA-256)
    returned     INTEGER NOT NULL DEFAULT 0   -- copy: svarspaket written
);

-- The lead's side: every arbetspaket made, every svarspaket imported, each with the
-- files' state it carried (an export's is the base its answers are merged against).
CREATE TABLE work_packages (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    package_id  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('export', 'import')),
    controller  TEXT NOT NULL,
    answers_to  TEXT,             -- import: the arbetspaket it answers
    sequence    INTEGER NOT NULL, -- import: the copy's counter of svarspaket
    files       INTEGER NOT NULL,
    state       TEXT NOT NULL,    -- JSON: answers and file notes of the files
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL
);
CREATE INDEX work_packages_by_audit ON work_packages (audit_id, id);

-- The same answer changed differently on both sides since the package was made: never
-- overwritten, listed until a person settles it.
CREATE TABLE work_conflicts (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    package_id  TEXT NOT NULL,    -- the svarspaket (or arbetspaket, on a copy) it came with
    case_id     TEXT NOT NULL,
    item_id     TEXT NOT NULL,    -- a checklist item, or '' for the file's note
    ours        TEXT,             -- JSON [value, comment], NULL when unanswered
    theirs      TEXT,
    theirs_by   TEXT,
    found_at    TEXT NOT NULL,
    settled_at  TEXT,
    settled_by  TEXT,
    settled     TEXT              -- JSON [value, comment] chosen, NULL = unanswered
);
CREATE INDEX work_conflicts_by_audit ON work_conflicts (audit_id, case_id, item_id);
