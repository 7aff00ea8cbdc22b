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
    /// The operating-system account that wrote the event (`None` before it was kept).
    pub os_account: Option<String>,
}

/// Appends an event. `user` is the name the user gave; the operating-system account of
/// this process (recorded by [`crate::Store::open`] for the connection) is stored beside
/// it, so a typed name cannot stand in for someone else unnoticed.
pub fn append(
    conn: &Connection,
    audit_id: i64,
    at: &str,
    user: &str,
    kind: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    conn.execute(
        "INSERT INTO history (audit_id, at, user, kind, detail, os_account)
         VALUES (?1, ?2, ?3, ?4, ?5, (SELECT os_account FROM temp.aktg_session))",
        params![audit_id, at, user, kind, detail.to_string()],
    )?;
    Ok(())
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let detail: String = r.get(4)?;
    Ok(Event {
        id: r.get(0)?,
        at: r.get(1)?,
        user: r.get(2)?,
        kind: r.get(3)?,
        detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
        os_account: r.get(5)?,
    })
}

/// The audit's events, oldest first.
pub fn list(conn: &Connection, audit_id: i64) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, user, kind, detail, os_account FROM history WHERE audit_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([audit_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// At most `limit` of the audit's events after skipping `offset`, newest first, of one
/// kind or of all.
pub fn page(
    conn: &Connection,
    audit_id: i64,
    kind: Option<&str>,
    offset: usize,
    limit: usize,
) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, user, kind, detail, os_account FROM history
         WHERE audit_id = ?1 AND (?2 IS NULL OR kind = ?2)
         ORDER BY id DESC LIMIT ?3 OFFSET ?4",
    )?;
    let rows = stmt
        .query_map(
            params![audit_id, kind, limit as i64, offset as i64],
            from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// How many events of each kind the audit has, by kind.
pub fn kind_counts(conn: &Connection, audit_id: i64) -> Result<Vec<(String, usize)>> {
    let mut stmt = conn.prepare(
        "SELECT kind, COUNT(*) FROM history WHERE audit_id = ?1 GROUP BY kind ORDER BY kind",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
