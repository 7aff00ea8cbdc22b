//! The `factcheck_rounds` and `factcheck_comments` tables.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub round: u32,
    pub package_id: String,
    pub sha256: String,
    pub created_at: String,
    pub created_by: String,
    pub answered_at: Option<String>,
    /// When the response is expected, `YYYY-MM-DD`.
    pub due: Option<String>,
    /// Ended without a response: when, by whom, `withdrawn` or `no_response`, and why.
    pub closed: Option<Closed>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub at: String,
    pub by: String,
    pub kind: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub round: u32,
    pub finding_id: Option<i64>,
    pub chapter: Option<u32>,
    pub kind: String,
    pub text: String,
    pub responder: String,
    pub status: String,
    pub reason: Option<String>,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
}

/// A round from the row's columns `ROUND_COLUMNS`, starting at column `at`.
fn round_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Round> {
    Ok(Round {
        round: r.get(at)?,
        package_id: r.get(at + 1)?,
        sha256: r.get(at + 2)?,
        created_at: r.get(at + 3)?,
        created_by: r.get(at + 4)?,
        answered_at: r.get(at + 5)?,
        due: r.get(at + 6)?,
        closed: match r.get::<_, Option<String>>(at + 7)? {
            None => None,
            Some(closed_at) => Some(Closed {
                at: closed_at,
                by: r.get::<_, Option<String>>(at + 8)?.unwrap_or_default(),
                kind: r.get::<_, Option<String>>(at + 9)?.unwrap_or_default(),
                reason: r.get::<_, Option<String>>(at + 10)?.unwrap_or_default(),
            }),
        },
    })
}

const ROUND_COLUMNS: &str = "round, package_id, sha256, created_at, created_by, answered_at, due,
     closed_at, closed_by, closed_kind, closed_reason";

pub fn insert_round(conn: &Connection, audit_id: i64, r: &Round) -> Result<()> {
    conn.execute(
        "INSERT INTO factcheck_rounds (audit_id, round, package_id, sha256, created_at, created_by, due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            audit_id,
            r.round,
            r.package_id,
            r.sha256,
            r.created_at,
            r.created_by,
            r.due
        ],
    )?;
    Ok(())
}

pub fn rounds(conn: &Connection, audit_id: i64) -> Result<Vec<Round>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROUND_COLUMNS} FROM factcheck_rounds WHERE audit_id = ?1 ORDER BY round"
    ))?;
    let rows = stmt
        .query_map([audit_id], |r| round_at(r, 0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The round a package id belongs to, in any audit: (audit id, round).
pub fn find_package(conn: &Connection, package_id: &str) -> Result<Option<(i64, Round)>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT audit_id, {ROUND_COLUMNS} FROM factcheck_rounds WHERE package_id = ?1"
            ),
            [package_id],
            |r| Ok((r.get(0)?, round_at(r, 1)?)),
        )
        .optional()?)
}

pub fn set_answered(conn: &Connection, audit_id: i64, round: u32, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE factcheck_rounds SET answered_at = ?3 WHERE audit_id = ?1 AND round = ?2",
        params![audit_id, round, at],
    )?;
    Ok(())
}

/// Ends a round without (further) response.
pub fn close_round(conn: &Connection, audit_id: i64, round: u32, c: &Closed) -> Result<()> {
    conn.execute(
        "UPDATE factcheck_rounds SET closed_at = ?3, closed_by = ?4, closed_kind = ?5,
             closed_reason = ?6
         WHERE audit_id = ?1 AND round = ?2",
        params![audit_id, round, c.at, c.by, c.kind, c.reason],
    )?;
    Ok(())
}

pub fn insert_comment(conn: &Connection, audit_id: i64, c: &Comment) -> Result<i64> {
    conn.execute(
        "INSERT INTO factcheck_comments (audit_id, round, finding_id, chapter, kind, text, responder, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open')",
        params![audit_id, c.round, c.finding_id, c.chapter, c.kind, c.text, c.responder],
    )?;
    Ok(conn.last_insert_rowid())
}

const COMMENT_COLUMNS: &str = "id, round, finding_id, chapter, kind, text, responder, status, reason, resolved_at, resolved_by";

fn comment_from(r: &Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        round: r.get(1)?,
        finding_id: r.get(2)?,
        chapter: r.get(3)?,
        kind: r.get(4)?,
        text: r.get(5)?,
        responder: r.get(6)?,
        status: r.get(7)?,
        reason: r.get(8)?,
        resolved_at: r.get(9)?,
        resolved_by: r.get(10)?,
    })
}

pub fn comments(conn: &Connection, audit_id: i64) -> Result<Vec<Comment>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COMMENT_COLUMNS} FROM factcheck_comments WHERE audit_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt
        .query_map([audit_id], comment_from)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Comments not yet accepted or rejected.
pub fn open_count(conn: &Connection, audit_id: i64) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM factcheck_comments WHERE audit_id = ?1 AND status = 'open'",
        [audit_id],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

pub fn resolve(
    conn: &Connection,
    audit_id: i64,
    id: i64,
    status: &str,
    reason: Option<&str>,
    at: &str,
    by: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE factcheck_comments SET status = ?3, reason = ?4, resolved_at = ?5, resolved_by = ?6
         WHERE audit_id = ?1 AND id = ?2",
        params![audit_id, id, status, reason, at, by],
    )?;
    Ok(())
}
