//! The `grades` table: the controller's final grade of each item, with the motivation
//! required when it differs from the suggested grade.

use crate::Result;
use rusqlite::{Connection, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeRow {
    pub item_id: String,
    /// `gron`, `gul` or `rod`.
    pub grade: String,
    pub motivation: Option<String>,
    pub set_by: String,
    pub set_at: String,
}

pub fn upsert(conn: &Connection, audit_id: i64, g: &GradeRow) -> Result<()> {
    conn.execute(
        "INSERT INTO grades (audit_id, item_id, grade, motivation, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (audit_id, item_id) DO UPDATE SET
             grade = excluded.grade, motivation = excluded.motivation,
             set_by = excluded.set_by, set_at = excluded.set_at",
        params![
            audit_id,
            g.item_id,
            g.grade,
            g.motivation,
            g.set_by,
            g.set_at
        ],
    )?;
    Ok(())
}

pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<GradeRow>> {
    let mut stmt = conn.prepare(
        "SELECT item_id, grade, motivation, set_by, set_at FROM grades WHERE audit_id = ?1 ORDER BY item_id",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| {
            Ok(GradeRow {
                item_id: r.get(0)?,
                grade: r.get(1)?,
                motivation: r.get(2)?,
                set_by: r.get(3)?,
                set_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
