-- Gallring: the personal data of a finalised audit's working material removed, and what
-- the record keeps of it. One row per gallrad audit; never changed afterwards.
CREATE TABLE gallringar (
    audit_id   INTEGER PRIMARY KEY REFERENCES audits (id),
    at         TEXT NOT NULL,                -- RFC 3339, UTC
    by_user    TEXT NOT NULL,
    os_account TEXT,
    reason     TEXT NOT NULL,
    results    TEXT NOT NULL,                -- JSON: the aggregate results at gallring
    removed    TEXT NOT NULL                 -- JSON: what was removed, counted
);

CREATE TRIGGER gallringar_no_update BEFORE UPDATE ON gallringar
BEGIN
    SELECT RAISE(ABORT, 'gallringar are append-only');
END;

CREATE TRIGGER gallringar_no_delete BEFORE DELETE ON gallringar
BEGIN
    SELECT RAISE(ABORT, 'gallringar are append-only');
END;
