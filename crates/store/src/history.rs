//! The `history` table (granskningslogg): an append-only record of every change to an
//! audit. The database itself refuses updates and deletes of its rows (triggers in the
//! first migration). Details are JSON and never hold personal data.

use crate::Result;
use rusqlite::{Connection, params};

/// One history event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub user: String,
    pub kind: String,
    pub detail: serde_json::Value,
}

pub fn append(
    conn: &Connection,
    audit_id: i64,
    at: &str,
    user: &str,
    kind: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    conn.execute(
        "INSERT INTO history (audit_id, at, user, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![audit_id, at, user, kind, detail.to_string()],
    )?;
    Ok(())
}

/// The audit's events, oldest first.
pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, user, kind, detail FROM history WHERE audit_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| {
            let detail: String = r.get(4)?;
            Ok(Event {
                id: r.get(0)?,
                at: r.get(1)?,
                user: r.get(2)?,
                kind: r.get(3)?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
