-- Final versions of an audit's report: each finalisation records the SHA-256 of the PDF
-- it produced. Rows are never changed or deleted: reopening an audit leaves the earlier
-- final version and its hash recorded, and the next finalisation is a new version.
-- Migrations are append-only: once released, this file is never edited.
CREATE TABLE report_versions (
    audit_id     INTEGER NOT NULL REFERENCES audits (id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    sha256       TEXT NOT NULL,
    pages        INTEGER NOT NULL,
    finalized_at TEXT NOT NULL,
    finalized_by TEXT NOT NULL,
    PRIMARY KEY (audit_id, version)
);

CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions
BEGIN
    SELECT RAISE(ABORT, 'report versions are append-only');
END;

CREATE TRIGGER report_versions_no_delete BEFORE DELETE ON report_versions
BEGIN
    SELECT RAISE(ABORT, 'report versions are append-only');
END;
