//! The `population` and `population_imports` tables.

use crate::{Result, StoreError};
use aktgranskning_core::{DecisionKind, Lagrum, Personnummer, PopulationRow};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// Where a population came from.
#[derive(Debug, Clone)]
pub struct ImportRecord<'a> {
    pub audit_id: i64,
    pub imported_at: &'a str,
    pub imported_by: &'a str,
    pub file_name: &'a str,
    pub file_sha256: &'a str,
    pub format_json: &'a str,
    pub row_count: usize,
}

/// Replaces the audit's population with `rows` and records the import.
pub fn replace(conn: &Connection, rec: &ImportRecord<'_>, rows: &[PopulationRow]) -> Result<()> {
    conn.execute("DELETE FROM population WHERE audit_id = ?1", [rec.audit_id])?;
    let mut stmt = conn.prepare(
        "INSERT INTO population (audit_id, case_id, personnummer, lagrum, insats, handlaggare,
                                 decision_date, decision_kind, source_line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for r in rows {
        stmt.execute(params![
            rec.audit_id,
            r.case_id,
            r.personnummer.as_digits(),
            r.lagrum.as_str(),
            r.insats,
            r.handlaggare,
            r.decision_date.map(iso_date),
            r.decision_kind.map(DecisionKind::as_str),
            r.source_line as i64,
        ])?;
    }
    conn.execute(
        "INSERT INTO population_imports (audit_id, imported_at, imported_by, file_name, file_sha256,
                                         format, row_count)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            rec.audit_id,
            rec.imported_at,
            rec.imported_by,
            rec.file_name,
            rec.file_sha256,
            rec.format_json,
            rec.row_count as i64
        ],
    )?;
    Ok(())
}

/// `YYYY-MM-DD`, written directly (strftime parsing per row is measurable at 100,000).
fn iso_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub fn count(conn: &Connection, audit_id: i64) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM population WHERE audit_id = ?1",
        [audit_id],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

/// Writes every case of `from` (a case officer's name as imported) under `into`; returns
/// the number of cases changed.
pub fn rename_officer(conn: &Connection, audit_id: i64, from: &str, into: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE population SET handlaggare = ?3 WHERE audit_id = ?1 AND handlaggare = ?2",
        rusqlite::params![audit_id, from, into],
    )?)
}

/// The audit's population, ordered by case id.
pub fn load(conn: &Connection, audit_id: i64) -> Result<Vec<PopulationRow>> {
    load_where(conn, audit_id, None)
}

/// One case of the audit's population.
pub fn get(conn: &Connection, audit_id: i64, case_id: &str) -> Result<Option<PopulationRow>> {
    Ok(load_where(conn, audit_id, Some(case_id))?.pop())
}

fn load_where(
    conn: &Connection,
    audit_id: i64,
    case_id: Option<&str>,
) -> Result<Vec<PopulationRow>> {
    let mut stmt = conn.prepare(if case_id.is_some() {
        "SELECT case_id, personnummer, lagrum, insats, handlaggare, decision_date, decision_kind,
                source_line
         FROM population WHERE audit_id = ?1 AND case_id = ?2"
    } else {
        "SELECT case_id, personnummer, lagrum, insats, handlaggare, decision_date, decision_kind,
                source_line
         FROM population WHERE audit_id = ?1 AND ?2 IS NULL ORDER BY case_id"
    })?;
    let raw = stmt.query_map(rusqlite::params![audit_id, case_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    let mut rows = Vec::new();
    for item in raw {
        let (case_id, pnr, lagrum, insats, handlaggare, date, kind, line) = item?;
        rows.push(PopulationRow {
            case_id,
            personnummer: Personnummer::from_stored(&pnr)
                .map_err(|_| StoreError::Corrupt("population.personnummer"))?,
            lagrum: Lagrum::parse(&lagrum).ok_or(StoreError::Corrupt("population.lagrum"))?,
            insats,
            handlaggare,
            decision_date: date
                .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
                .transpose()
                .map_err(|_| StoreError::Corrupt("population.decision_date"))?,
            decision_kind: kind
                .map(|k| {
                    DecisionKind::parse(&k).ok_or(StoreError::Corrupt("population.decision_kind"))
                })
                .transpose()?,
            source_line: line as u64,
        });
    }
    Ok(rows)
}
