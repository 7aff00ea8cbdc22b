//! The `findings` table: graded statements (bedömningar) per report chapter.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub id: i64,
    pub chapter: u32,
    /// `gron`, `gul` or `rod`.
    pub grade: String,
    pub text: String,
    /// What a proposed finding came from, e.g. `area:Samtycke`.
    pub source: Option<String>,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str = "id, chapter, grade, text, source, updated_at, updated_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<FindingRow> {
    Ok(FindingRow {
        id: r.get(0)?,
        chapter: r.get(1)?,
        grade: r.get(2)?,
        text: r.get(3)?,
        source: r.get(4)?,
        updated_at: r.get(5)?,
        updated_by: r.get(6)?,
    })
}

/// Inserts a finding (the `id` field is ignored); returns its id.
pub fn insert(conn: &Connection, audit_id: i64, f: &FindingRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO findings (audit_id, chapter, grade, text, source, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
        params![audit_id, f.chapter, f.grade, f.text, f.source, f.updated_at, f.updated_by],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, audit_id: i64, f: &FindingRow) -> Result<()> {
    conn.execute(
        "UPDATE findings SET chapter = ?3, grade = ?4, text = ?5, updated_at = ?6, updated_by = ?7
         WHERE audit_id = ?1 AND id = ?2",
        params![
            audit_id,
            f.id,
            f.chapter,
            f.grade,
            f.text,
            f.updated_at,
            f.updated_by
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, audit_id: i64, id: i64) -> Result<Option<FindingRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM findings WHERE audit_id = ?1 AND id = ?2"),
            params![audit_id, id],
            from_row,
        )
        .optional()?)
}

/// The audit's findings by chapter, then in the order they were made.
pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<FindingRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM findings WHERE audit_id = ?1 ORDER BY chapter, id"
    ))?;
    let rows = stmt
        .query_map([audit_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
