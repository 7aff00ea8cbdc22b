//! The `answers` table: one answer per sampled file and checklist item. Each answer is
//! written in its own transaction by the service, so a crash loses at most the answer
//! being typed.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// A stored answer. `value` is `ja`, `delvis`, `nej` or `ej_aktuellt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub case_id: String,
    pub item_id: String,
    pub value: String,
    pub comment: Option<String>,
    pub answered_by: String,
    pub answered_at: String,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<AnswerRow> {
    Ok(AnswerRow {
        case_id: r.get(0)?,
        item_id: r.get(1)?,
        value: r.get(2)?,
        comment: r.get(3)?,
        answered_by: r.get(4)?,
        answered_at: r.get(5)?,
    })
}

const COLUMNS: &str = "case_id, item_id, value, comment, answered_by, answered_at";

pub fn get(
    conn: &Connection,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
) -> Result<Option<AnswerRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM answers WHERE audit_id = ?1 AND case_id = ?2 AND item_id = ?3"),
            params![audit_id, case_id, item_id],
            from_row,
        )
        .optional()?)
}

/// Removes the answer of (case, item): the item is unanswered again.
pub fn delete(conn: &Connection, audit_id: i64, case_id: &str, item_id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM answers WHERE audit_id = ?1 AND case_id = ?2 AND item_id = ?3",
        params![audit_id, case_id, item_id],
    )?;
    Ok(())
}

/// Inserts or replaces the answer of (case, item).
/// Every answer of the audit, by case and item.
pub fn all(conn: &Connection, audit_id: i64) -> Result<Vec<AnswerRow>> {
    let mut stmt = conn.prepare(
        "SELECT case_id, item_id, value, comment, answered_by, answered_at
         FROM answers WHERE audit_id = ?1 ORDER BY case_id, item_id",
    )?;
    let rows = stmt
        .query_map([audit_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn upsert(conn: &Connection, audit_id: i64, a: &AnswerRow) -> Result<()> {
    conn.execute(
        "INSERT INTO answers (audit_id, case_id, item_id, value, comment, answered_by, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (audit_id, case_id, item_id) DO UPDATE SET
             value = excluded.value, comment = excluded.comment,
             answered_by = excluded.answered_by, answered_at = excluded.answered_at",
        params![
            audit_id,
            a.case_id,
            a.item_id,
            a.value,
            a.comment,
            a.answered_by,
            a.answered_at
        ],
    )?;
    Ok(())
}

/// Which items each case has answers for, by case id in order: what progress and the
/// file list need, read from the primary key's index alone (an audit of 10,000 files has
/// some 300,000 answers; reading them whole takes several times longer).
pub fn answered_items(conn: &Connection, audit_id: i64) -> Result<PerCase<String>> {
    grouped(
        conn,
        "SELECT case_id, item_id FROM answers WHERE audit_id = ?1 ORDER BY case_id, item_id",
        audit_id,
        |r| {
            Ok(r.get_ref(1)?
                .as_str()
                .map_err(rusqlite::Error::from)?
                .to_string())
        },
    )
}

/// Rows grouped per case: the case id and what each of its rows gave.
pub type PerCase<T> = Vec<(String, Vec<T>)>;

/// Each case's answers as (item id, value), by case id in order: what the results need.
pub fn answered_values(conn: &Connection, audit_id: i64) -> Result<PerCase<(String, String)>> {
    grouped(
        conn,
        "SELECT case_id, item_id, value FROM answers WHERE audit_id = ?1 ORDER BY case_id, item_id",
        audit_id,
        |r| Ok((r.get(1)?, r.get(2)?)),
    )
}

/// Rows ordered by case id (column 0), grouped per case without a string per row for it.
fn grouped<T>(
    conn: &Connection,
    sql: &str,
    audit_id: i64,
    item: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<PerCase<T>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([audit_id])?;
    let mut out: PerCase<T> = Vec::new();
    while let Some(r) = rows.next()? {
        let case_id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let value = item(r)?;
        match out.last_mut() {
            Some((last, items)) if last == case_id => items.push(value),
            _ => out.push((case_id.to_string(), vec![value])),
        }
    }
    Ok(out)
}

/// The answers of one case.
pub fn list_case(conn: &Connection, audit_id: i64, case_id: &str) -> Result<Vec<AnswerRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM answers WHERE audit_id = ?1 AND case_id = ?2 ORDER BY item_id"
    ))?;
    let rows = stmt
        .query_map(params![audit_id, case_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The controller a case is assigned to, if any.
pub fn assignment(conn: &Connection, audit_id: i64, case_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT controller FROM assignments WHERE audit_id = ?1 AND case_id = ?2",
            params![audit_id, case_id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn count(conn: &Connection, audit_id: i64) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM answers WHERE audit_id = ?1",
        [audit_id],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

/// Replaces the split of the sample among controllers.
pub fn replace_assignments(
    conn: &Connection,
    audit_id: i64,
    pairs: &[(String, String)],
) -> Result<()> {
    conn.execute("DELETE FROM assignments WHERE audit_id = ?1", [audit_id])?;
    let mut stmt = conn
        .prepare("INSERT INTO assignments (audit_id, case_id, controller) VALUES (?1, ?2, ?3)")?;
    for (case_id, controller) in pairs {
        stmt.execute(params![audit_id, case_id, controller])?;
    }
    Ok(())
}

/// The controller of each assigned case.
pub fn assignments(conn: &Connection, audit_id: i64) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT case_id, controller FROM assignments WHERE audit_id = ?1 ORDER BY case_id",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
