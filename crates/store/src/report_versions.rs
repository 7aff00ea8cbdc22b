//! The `report_versions` table: the final versions of an audit's report and their
//! SHA-256, append-only (the database refuses updates and deletes).

use crate::Result;
use rusqlite::{Connection, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportVersion {
    pub version: u32,
    pub sha256: String,
    pub pages: u32,
    pub finalized_at: String,
    pub finalized_by: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<ReportVersion> {
    Ok(ReportVersion {
        version: r.get(0)?,
        sha256: r.get(1)?,
        pages: r.get(2)?,
        finalized_at: r.get(3)?,
        finalized_by: r.get(4)?,
    })
}

pub fn insert(conn: &Connection, audit_id: i64, v: &ReportVersion) -> Result<()> {
    conn.execute(
        "INSERT INTO report_versions (audit_id, version, sha256, pages, finalized_at, finalized_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            audit_id,
            v.version,
            v.sha256,
            v.pages,
            v.finalized_at,
            v.finalized_by
        ],
    )?;
    Ok(())
}

/// The audit's final versions, oldest first.
pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<ReportVersion>> {
    let mut stmt = conn.prepare(
        "SELECT version, sha256, pages, finalized_at, finalized_by
         FROM report_versions WHERE audit_id = ?1 ORDER BY version",
    )?;
    let rows = stmt
        .query_map([audit_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
