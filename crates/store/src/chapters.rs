//! The `chapter_texts` table: the controller's text of each report chapter.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterText {
    pub chapter: u32,
    pub text: String,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str = "chapter, text, updated_at, updated_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ChapterText> {
    Ok(ChapterText {
        chapter: r.get(0)?,
        text: r.get(1)?,
        updated_at: r.get(2)?,
        updated_by: r.get(3)?,
    })
}

pub fn get(conn: &Connection, audit_id: i64, chapter: u32) -> Result<Option<ChapterText>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM chapter_texts WHERE audit_id = ?1 AND chapter = ?2"),
            params![audit_id, chapter],
            from_row,
        )
        .optional()?)
}

pub fn upsert(conn: &Connection, audit_id: i64, c: &ChapterText) -> Result<()> {
    conn.execute(
        "INSERT INTO chapter_texts (audit_id, chapter, text, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (audit_id, chapter) DO UPDATE SET
             text = excluded.text, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![audit_id, c.chapter, c.text, c.updated_at, c.updated_by],
    )?;
    Ok(())
}

/// The audit's chapter texts, by chapter.
pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<ChapterText>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM chapter_texts WHERE audit_id = ?1 ORDER BY chapter"
    ))?;
    let rows = stmt
        .query_map([audit_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
