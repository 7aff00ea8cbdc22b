//! The `history` table (granskningslogg): an append-only record of every change to an
//! audit. The database itself refuses updates and deletes of its rows (triggers in the
//! first migration). Details are JSON and never hold personal data.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, params};

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
    link(conn, conn.last_insert_rowid())
}

/// The hash of the audit's chain before any event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An event as stored, for hashing.
struct Raw {
    id: i64,
    audit_id: i64,
    at: String,
    user: String,
    kind: String,
    detail: String,
    os_account: Option<String>,
}

fn raw(conn: &Connection, id: i64) -> Result<Raw> {
    Ok(conn.query_row(
        "SELECT id, audit_id, at, user, kind, detail, os_account FROM history WHERE id = ?1",
        [id],
        raw_row,
    )?)
}

fn raw_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        audit_id: r.get(1)?,
        at: r.get(2)?,
        user: r.get(3)?,
        kind: r.get(4)?,
        detail: r.get(5)?,
        os_account: r.get(6)?,
    })
}

/// `SHA-256(previous ‖ event)`, lowercase hex; the event as a JSON array of its stored
/// columns (id, audit, time, user, OS account, kind, details as stored).
fn hash(previous: &str, e: &Raw) -> String {
    use sha2::{Digest, Sha256};
    let event = serde_json::json!([
        e.id,
        e.audit_id,
        e.at,
        e.user,
        e.os_account,
        e.kind,
        e.detail
    ]);
    let mut h = Sha256::new();
    h.update(previous.as_bytes());
    h.update(event.to_string().as_bytes());
    aktgranskning_core::sampling::hex(&h.finalize())
}

/// The newest linked event's hash, ordered by the history's own index (audit_id, id), so
/// it is found at once however long the history: no sort on every append (ordering by
/// the chain's key made SQLite sort the whole history each time, and the demo audit took
/// six times as long to build).
pub(crate) const HEAD_SQL: &str =
    "SELECT c.hash FROM history h JOIN history_chain c ON c.event_id = h.id
     WHERE h.audit_id = ?1 ORDER BY h.id DESC LIMIT 1";

/// The last hash of the audit's chain (the genesis value before its first event).
pub fn chain_head(conn: &Connection, audit_id: i64) -> Result<String> {
    let head: Option<String> = conn
        .query_row(HEAD_SQL, [audit_id], |r| r.get(0))
        .optional()?;
    Ok(head.unwrap_or_else(|| GENESIS.to_string()))
}

/// Links one stored event into its audit's chain.
fn link(conn: &Connection, id: i64) -> Result<()> {
    let e = raw(conn, id)?;
    let previous = chain_head(conn, e.audit_id)?;
    conn.execute(
        "INSERT INTO history_chain (event_id, hash) VALUES (?1, ?2)",
        params![id, hash(&previous, &e)],
    )?;
    Ok(())
}

/// Links every event that has no link yet, oldest first: done once, by the migration that
/// introduces the chain.
pub(crate) fn chain_unlinked(conn: &Connection) -> Result<()> {
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT h.id FROM history h LEFT JOIN history_chain c ON c.event_id = h.id
             WHERE c.event_id IS NULL ORDER BY h.id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        link(conn, id)?;
    }
    Ok(())
}

/// Rewrites the details of the audit's events with `redact` (gallring) and links the
/// rewritten events into a new chain, in the caller's transaction. The append-only
/// triggers are lifted for this one statement sequence and put back exactly as they were
/// (their SQL read from the schema), so nothing else can change the history meanwhile.
/// Returns how many events' details changed.
pub(crate) fn rewrite_details(
    conn: &Connection,
    audit_id: i64,
    mut redact: impl FnMut(&str, serde_json::Value) -> serde_json::Value,
) -> Result<usize> {
    const LIFTED: [&str; 2] = ["history_no_update", "history_chain_no_delete"];
    let mut triggers = Vec::new();
    for name in LIFTED {
        let sql: String = conn.query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        conn.execute_batch(&format!("DROP TRIGGER {name}"))?;
        triggers.push(sql);
    }
    let events: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, kind, detail FROM history WHERE audit_id = ?1 ORDER BY id")?
        .query_map([audit_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = 0;
    for (id, kind, detail) in &events {
        let value = serde_json::from_str(detail)
            .unwrap_or_else(|_| serde_json::Value::String(detail.clone()));
        let new = redact(kind, value).to_string();
        if &new != detail {
            conn.execute(
                "UPDATE history SET detail = ?1 WHERE id = ?2",
                params![new, id],
            )?;
            changed += 1;
        }
    }
    conn.execute(
        "DELETE FROM history_chain WHERE event_id IN (SELECT id FROM history WHERE audit_id = ?1)",
        [audit_id],
    )?;
    for (id, _, _) in &events {
        link(conn, *id)?;
    }
    for sql in triggers {
        conn.execute_batch(&sql)?;
    }
    Ok(changed)
}

/// What is wrong with the audit's chain, oldest first: `(event id, what)`, where what is
/// `Changed` (the event or one before it was edited or removed), `Unlinked` (an event
/// added outside the program) or, with event id 0, `Removed` (links to events that are
/// gone, counted over the whole database).
pub fn verify_chain(conn: &Connection, audit_id: i64) -> Result<Vec<(i64, ChainProblem)>> {
    let mut stmt = conn.prepare(
        "SELECT h.id, h.audit_id, h.at, h.user, h.kind, h.detail, h.os_account, c.hash
         FROM history h LEFT JOIN history_chain c ON c.event_id = h.id
         WHERE h.audit_id = ?1 ORDER BY h.id",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| {
            Ok((raw_row(r)?, r.get::<_, Option<String>>(7)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut problems = Vec::new();
    let mut previous = GENESIS.to_string();
    for (e, stored) in rows {
        match stored {
            None => problems.push((e.id, ChainProblem::Unlinked)),
            Some(stored) => {
                if hash(&previous, &e) != stored {
                    problems.push((e.id, ChainProblem::Changed));
                }
                previous = stored;
            }
        }
    }
    let removed: i64 = conn.query_row(
        "SELECT count(*) FROM history_chain c LEFT JOIN history h ON h.id = c.event_id
         WHERE h.id IS NULL",
        [],
        |r| r.get(0),
    )?;
    if removed > 0 {
        problems.push((0, ChainProblem::Removed(removed as usize)));
    }
    Ok(problems)
}

/// A break in the history chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    Changed,
    Unlinked,
    Removed(usize),
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

/// When the audit's work was last changed: the time of its newest event that is not
/// in `outputs` (the kinds that only read or write out, such as a report being made).
/// `None` for an audit without such events.
pub fn last_change_at(
    conn: &Connection,
    audit_id: i64,
    is_output: impl Fn(&str) -> bool,
) -> Result<Option<String>> {
    let mut stmt =
        conn.prepare("SELECT kind, at FROM history WHERE audit_id = ?1 ORDER BY id DESC")?;
    let mut rows = stmt.query([audit_id])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        if !is_output(&kind) {
            return Ok(Some(r.get(1)?));
        }
    }
    Ok(None)
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
