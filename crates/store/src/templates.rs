//! The `templates` table: every checklist template version, stored whole as JSON.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A stored template version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    pub id: i64,
    pub template_id: String,
    pub version: u32,
    pub name: String,
    pub body: String,
    pub created_at: String,
    pub created_by: String,
}

const COLUMNS: &str = "id, template_id, version, name, body, created_at, created_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<TemplateRow> {
    Ok(TemplateRow {
        id: r.get(0)?,
        template_id: r.get(1)?,
        version: r.get(2)?,
        name: r.get(3)?,
        body: r.get(4)?,
        created_at: r.get(5)?,
        created_by: r.get(6)?,
    })
}

pub fn insert(conn: &Connection, t: &TemplateRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO templates (template_id, version, name, body, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            t.template_id,
            t.version,
            t.name,
            t.body,
            t.created_at,
            t.created_by
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<TemplateRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM templates WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

pub fn find(conn: &Connection, template_id: &str, version: u32) -> Result<Option<TemplateRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM templates WHERE template_id = ?1 AND version = ?2"),
            params![template_id, version],
            from_row,
        )
        .optional()?)
}

/// Every template version, by template id and version.
pub fn list(conn: &Connection) -> Result<Vec<TemplateRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM templates ORDER BY template_id, version"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
