//! The `trend_summaries` table: a follow-up's comparison sentence for the Sammanfattning
//! as the controller rewrote it, with the generated sentence it replaced.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendSummary {
    pub text: String,
    /// The generated sentence when the controller wrote `text`.
    pub generated: String,
    pub updated_at: String,
    pub updated_by: String,
}

pub fn get(conn: &Connection, audit_id: i64) -> Result<Option<TrendSummary>> {
    Ok(conn
        .query_row(
            "SELECT text, generated, updated_at, updated_by FROM trend_summaries WHERE audit_id = ?1",
            [audit_id],
            |r| {
                Ok(TrendSummary {
                    text: r.get(0)?,
                    generated: r.get(1)?,
                    updated_at: r.get(2)?,
                    updated_by: r.get(3)?,
                })
            },
        )
        .optional()?)
}

pub fn upsert(conn: &Connection, audit_id: i64, s: &TrendSummary) -> Result<()> {
    conn.execute(
        "INSERT INTO trend_summaries (audit_id, text, generated, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (audit_id) DO UPDATE SET text = excluded.text,
             generated = excluded.generated, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by",
        params![audit_id, s.text, s.generated, s.updated_at, s.updated_by],
    )?;
    Ok(())
}

/// Back to the generated sentence.
pub fn delete(conn: &Connection, audit_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM trend_summaries WHERE audit_id = ?1",
        [audit_id],
    )?;
    Ok(())
}
