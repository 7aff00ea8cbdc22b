//! The `followups` table: a follow-up audit's record of the unit's answer to each
//! recommendation of the audit it follows.

use crate::Result;
use rusqlite::{Connection, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowupRow {
    pub recommendation_id: i64,
    /// `genomford`, `pagar`, `ej_paborjad` or `ej_aktuell`.
    pub status: String,
    /// Svar och beskrivning av situationen idag.
    pub answer: String,
    /// The controller's own assessment.
    pub assessment: Option<String>,
    pub updated_at: String,
    pub updated_by: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<FollowupRow> {
    Ok(FollowupRow {
        recommendation_id: r.get(0)?,
        status: r.get(1)?,
        answer: r.get(2)?,
        assessment: r.get(3)?,
        updated_at: r.get(4)?,
        updated_by: r.get(5)?,
    })
}

/// Writes (or replaces) the answer to one recommendation.
pub fn set(conn: &Connection, audit_id: i64, f: &FollowupRow) -> Result<()> {
    conn.execute(
        "INSERT INTO followups (audit_id, recommendation_id, status, answer, assessment, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (audit_id, recommendation_id) DO UPDATE SET
             status = excluded.status, answer = excluded.answer, assessment = excluded.assessment,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![
            audit_id,
            f.recommendation_id,
            f.status,
            f.answer,
            f.assessment,
            f.updated_at,
            f.updated_by
        ],
    )?;
    Ok(())
}

/// The follow-up audit's answers, by recommendation.
pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<FollowupRow>> {
    let mut stmt = conn.prepare(
        "SELECT recommendation_id, status, answer, assessment, updated_at, updated_by
         FROM followups WHERE audit_id = ?1 ORDER BY recommendation_id",
    )?;
    let rows = stmt
        .query_map([audit_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
