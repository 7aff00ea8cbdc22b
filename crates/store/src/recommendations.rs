//! The `recommendations` table: what an audit recommends, with the nämnd's response.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecommendationRow {
    pub id: i64,
    /// The finding it answers, if any.
    pub finding_id: Option<i64>,
    pub text: String,
    /// The nämnd's response (nämndens svar, beslutad åtgärd).
    pub response: Option<String>,
    /// The responsible role.
    pub owner: Option<String>,
    /// The due date, `YYYY-MM-DD`.
    pub due: Option<String>,
    pub updated_at: String,
    pub updated_by: String,
}

const COLUMNS: &str = "id, finding_id, text, response, owner, due, updated_at, updated_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<RecommendationRow> {
    Ok(RecommendationRow {
        id: r.get(0)?,
        finding_id: r.get(1)?,
        text: r.get(2)?,
        response: r.get(3)?,
        owner: r.get(4)?,
        due: r.get(5)?,
        updated_at: r.get(6)?,
        updated_by: r.get(7)?,
    })
}

/// Inserts a recommendation (the `id` field is ignored); returns its id.
pub fn insert(conn: &Connection, audit_id: i64, r: &RecommendationRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO recommendations (audit_id, finding_id, text, response, owner, due,
                                      created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)",
        params![
            audit_id,
            r.finding_id,
            r.text,
            r.response,
            r.owner,
            r.due,
            r.updated_at,
            r.updated_by
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes the response, owner and due date.
pub fn set_response(conn: &Connection, audit_id: i64, r: &RecommendationRow) -> Result<()> {
    conn.execute(
        "UPDATE recommendations SET response = ?3, owner = ?4, due = ?5, updated_at = ?6, updated_by = ?7
         WHERE audit_id = ?1 AND id = ?2",
        params![
            audit_id,
            r.id,
            r.response,
            r.owner,
            r.due,
            r.updated_at,
            r.updated_by
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, audit_id: i64, id: i64) -> Result<Option<RecommendationRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM recommendations WHERE audit_id = ?1 AND id = ?2"),
            params![audit_id, id],
            from_row,
        )
        .optional()?)
}

/// The audit's recommendations in the order they were made.
pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<RecommendationRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM recommendations WHERE audit_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([audit_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
