//! The `audits` table: one row per granskning.

use crate::{Result, StoreError};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// The stages of an audit's lifecycle (`docs/domain.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Planering,
    Urval,
    Granskning,
    Faktagranskning,
    Slutford,
}

impl Status {
    /// The stored (and JSON) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planering => "planering",
            Status::Urval => "urval",
            Status::Granskning => "granskning",
            Status::Faktagranskning => "faktagranskning",
            Status::Slutford => "slutford",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "planering" => Status::Planering,
            "urval" => Status::Urval,
            "granskning" => Status::Granskning,
            "faktagranskning" => Status::Faktagranskning,
            "slutford" => Status::Slutford,
            _ => return None,
        })
    }

    /// The Swedish label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Status::Planering => "Planering",
            Status::Urval => "Urval",
            Status::Granskning => "Granskning",
            Status::Faktagranskning => "Faktagranskning",
            Status::Slutford => "Slutförd",
        }
    }
}

/// Fields of a new audit.
#[derive(Debug, Clone)]
pub struct NewAudit<'a> {
    pub unit: &'a str,
    pub org: &'a str,
    pub board: &'a str,
    pub diarienr: &'a str,
    pub reference_date: NaiveDate,
    pub created_at: &'a str,
    pub created_by: &'a str,
}

/// A stored audit.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub id: i64,
    pub unit: String,
    pub org: String,
    pub board: String,
    pub diarienr: String,
    pub reference_date: NaiveDate,
    pub status: Status,
    pub created_at: String,
    pub created_by: String,
    /// The controllers named in the planning (empty: not given).
    pub controllers: Vec<String>,
    /// The period the audit covers, `YYYY-MM-DD`.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    /// When it was archived (out of the daily list).
    pub archived_at: Option<String>,
}

const COLUMNS: &str =
    "id, unit, org, board, diarienr, reference_date, status, created_at, created_by,
     controllers, period_from, period_to, archived_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(AuditRow, String, String)> {
    let date: String = r.get(5)?;
    let status: String = r.get(6)?;
    Ok((
        AuditRow {
            id: r.get(0)?,
            unit: r.get(1)?,
            org: r.get(2)?,
            board: r.get(3)?,
            diarienr: r.get(4)?,
            reference_date: NaiveDate::MIN,
            status: Status::Planering,
            created_at: r.get(7)?,
            created_by: r.get(8)?,
            controllers: r
                .get::<_, Option<String>>(9)?
                .and_then(|j| serde_json::from_str(&j).ok())
                .unwrap_or_default(),
            period_from: r.get(10)?,
            period_to: r.get(11)?,
            archived_at: r.get(12)?,
        },
        date,
        status,
    ))
}

fn finish((mut a, date, status): (AuditRow, String, String)) -> Result<AuditRow> {
    a.reference_date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt("audits.reference_date"))?;
    a.status = Status::parse(&status).ok_or(StoreError::Corrupt("audits.status"))?;
    Ok(a)
}

pub fn insert(conn: &Connection, a: &NewAudit<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO audits (unit, org, board, diarienr, reference_date, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            a.unit,
            a.org,
            a.board,
            a.diarienr,
            a.reference_date.format("%Y-%m-%d").to_string(),
            a.created_at,
            a.created_by
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<AuditRow>> {
    let raw = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM audits WHERE id = ?1 AND removed_at IS NULL"),
            [id],
            from_row,
        )
        .optional()?;
    raw.map(finish).transpose()
}

/// All audits (archived ones too, not removed ones), newest first.
pub fn list(conn: &Connection) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audits WHERE removed_at IS NULL ORDER BY id DESC"
    ))?;
    let rows = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(finish).collect()
}

/// Writes the planning fields of an audit.
pub fn set_planning(
    conn: &Connection,
    id: i64,
    unit: &str,
    org: &str,
    board: &str,
    diarienr: &str,
    reference_date: NaiveDate,
) -> Result<()> {
    conn.execute(
        "UPDATE audits SET unit = ?2, org = ?3, board = ?4, diarienr = ?5, reference_date = ?6
         WHERE id = ?1",
        params![
            id,
            unit,
            org,
            board,
            diarienr,
            reference_date.format("%Y-%m-%d").to_string()
        ],
    )?;
    Ok(())
}

/// Writes the controllers and the period of the planning.
pub fn set_team(
    conn: &Connection,
    id: i64,
    controllers: &[String],
    period_from: Option<&str>,
    period_to: Option<&str>,
) -> Result<()> {
    let names =
        (!controllers.is_empty()).then(|| serde_json::to_string(controllers).unwrap_or_default());
    conn.execute(
        "UPDATE audits SET controllers = ?2, period_from = ?3, period_to = ?4 WHERE id = ?1",
        params![id, names, period_from, period_to],
    )?;
    Ok(())
}

/// Archives the audit (`Some(at)`) or takes it back to the daily list (`None`).
pub fn set_archived(conn: &Connection, id: i64, at: Option<&str>) -> Result<()> {
    conn.execute(
        "UPDATE audits SET archived_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

/// Removes the audit from every list and lookup (the row and its history stay).
pub fn set_removed(conn: &Connection, id: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE audits SET removed_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

/// Whether another audit follows `audit_id`.
pub fn is_followed(conn: &Connection, audit_id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM audit_follows WHERE follows = ?1 LIMIT 1",
            [audit_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn set_status(conn: &Connection, id: i64, status: Status) -> Result<()> {
    conn.execute(
        "UPDATE audits SET status = ?2 WHERE id = ?1",
        params![id, status.as_str()],
    )?;
    Ok(())
}

/// The template version the audit runs with (`None` for audits from before templates).
pub fn template_ref(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT template_ref FROM audits WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .flatten())
}

pub fn set_template_ref(conn: &Connection, id: i64, template: i64) -> Result<()> {
    conn.execute(
        "UPDATE audits SET template_ref = ?2 WHERE id = ?1",
        params![id, template],
    )?;
    Ok(())
}

/// Records that `audit_id` follows the earlier audit `follows` (a follow-up).
pub fn set_follows(conn: &Connection, audit_id: i64, follows: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_follows (audit_id, follows) VALUES (?1, ?2)",
        params![audit_id, follows],
    )?;
    Ok(())
}

/// The earlier audit `audit_id` follows, if it is a follow-up.
pub fn follows(conn: &Connection, audit_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT follows FROM audit_follows WHERE audit_id = ?1",
            [audit_id],
            |r| r.get(0),
        )
        .optional()?)
}
