//! The double review's tables: the drawn share (`double_reviews`), each file's second
//! reviewer (`second_reviewers`), the second review's answers (`second_answers`, apart
//! from the first's in `answers`) and the settled disagreements (`settlements`).

use crate::Result;
use crate::answers::AnswerRow;
use rusqlite::{Connection, OptionalExtension, Row, params};

/// The drawn share of the sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoubleDraw {
    pub algorithm: String,
    pub seed: u64,
    pub percent_bp: u32,
    /// Sorted.
    pub case_ids: Vec<String>,
    pub drawn_at: String,
    pub drawn_by: String,
}

/// A settled disagreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub case_id: String,
    pub item_id: String,
    pub first: String,
    pub second: String,
    pub value: String,
    pub reason: String,
    pub settled_at: String,
    pub settled_by: String,
}

pub fn draw(conn: &Connection, audit_id: i64) -> Result<Option<DoubleDraw>> {
    Ok(conn
        .query_row(
            "SELECT algorithm, seed, percent_bp, case_ids, drawn_at, drawn_by
             FROM double_reviews WHERE audit_id = ?1",
            [audit_id],
            |r| {
                let ids: String = r.get(3)?;
                Ok(DoubleDraw {
                    algorithm: r.get(0)?,
                    seed: r.get::<_, i64>(1)? as u64,
                    percent_bp: r.get(2)?,
                    case_ids: serde_json::from_str(&ids).unwrap_or_default(),
                    drawn_at: r.get(4)?,
                    drawn_by: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Records the draw, replacing an earlier one and its assignments (the service allows
/// that only before the second review has started).
pub fn set_draw(conn: &Connection, audit_id: i64, d: &DoubleDraw) -> Result<()> {
    conn.execute(
        "DELETE FROM second_reviewers WHERE audit_id = ?1",
        [audit_id],
    )?;
    conn.execute(
        "INSERT INTO double_reviews (audit_id, algorithm, seed, percent_bp, case_ids, drawn_at, drawn_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (audit_id) DO UPDATE SET algorithm = excluded.algorithm,
             seed = excluded.seed, percent_bp = excluded.percent_bp,
             case_ids = excluded.case_ids, drawn_at = excluded.drawn_at,
             drawn_by = excluded.drawn_by",
        params![
            audit_id,
            d.algorithm,
            d.seed as i64,
            d.percent_bp,
            serde_json::to_string(&d.case_ids).expect("strings serialise"),
            d.drawn_at,
            d.drawn_by
        ],
    )?;
    Ok(())
}

/// Each drawn file's second reviewer, by case id.
pub fn reviewers(conn: &Connection, audit_id: i64) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT case_id, reviewer FROM second_reviewers WHERE audit_id = ?1 ORDER BY case_id",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn set_reviewer(conn: &Connection, audit_id: i64, case_id: &str, reviewer: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO second_reviewers (audit_id, case_id, reviewer) VALUES (?1, ?2, ?3)
         ON CONFLICT (audit_id, case_id) DO UPDATE SET reviewer = excluded.reviewer",
        params![audit_id, case_id, reviewer],
    )?;
    Ok(())
}

fn answer_row(r: &Row<'_>) -> rusqlite::Result<AnswerRow> {
    Ok(AnswerRow {
        case_id: r.get(0)?,
        item_id: r.get(1)?,
        value: r.get(2)?,
        comment: r.get(3)?,
        answered_by: r.get(4)?,
        answered_at: r.get(5)?,
    })
}

/// Every second-review answer of the audit, by case and item.
pub fn second_answers(conn: &Connection, audit_id: i64) -> Result<Vec<AnswerRow>> {
    let mut stmt = conn.prepare(
        "SELECT case_id, item_id, value, comment, answered_by, answered_at
         FROM second_answers WHERE audit_id = ?1 ORDER BY case_id, item_id",
    )?;
    let rows = stmt
        .query_map([audit_id], answer_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn second_answer(
    conn: &Connection,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
) -> Result<Option<AnswerRow>> {
    Ok(conn
        .query_row(
            "SELECT case_id, item_id, value, comment, answered_by, answered_at
             FROM second_answers WHERE audit_id = ?1 AND case_id = ?2 AND item_id = ?3",
            params![audit_id, case_id, item_id],
            answer_row,
        )
        .optional()?)
}

/// Clears a second review's answer back to unanswered.
pub fn delete_second_answer(
    conn: &Connection,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
) -> Result<()> {
    conn.execute(
        "DELETE FROM second_answers WHERE audit_id = ?1 AND case_id = ?2 AND item_id = ?3",
        params![audit_id, case_id, item_id],
    )?;
    Ok(())
}

pub fn set_second_answer(conn: &Connection, audit_id: i64, a: &AnswerRow) -> Result<()> {
    conn.execute(
        "INSERT INTO second_answers (audit_id, case_id, item_id, value, comment, answered_by, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (audit_id, case_id, item_id) DO UPDATE SET value = excluded.value,
             comment = excluded.comment, answered_by = excluded.answered_by,
             answered_at = excluded.answered_at",
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

/// Every settled disagreement of the audit.
pub fn settlements(conn: &Connection, audit_id: i64) -> Result<Vec<Settlement>> {
    let mut stmt = conn.prepare(
        "SELECT case_id, item_id, first, second, value, reason, settled_at, settled_by
         FROM settlements WHERE audit_id = ?1 ORDER BY case_id, item_id",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| {
            Ok(Settlement {
                case_id: r.get(0)?,
                item_id: r.get(1)?,
                first: r.get(2)?,
                second: r.get(3)?,
                value: r.get(4)?,
                reason: r.get(5)?,
                settled_at: r.get(6)?,
                settled_by: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn settle(conn: &Connection, audit_id: i64, s: &Settlement) -> Result<()> {
    conn.execute(
        "INSERT INTO settlements (audit_id, case_id, item_id, first, second, value, reason, settled_at, settled_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (audit_id, case_id, item_id) DO UPDATE SET value = excluded.value,
             reason = excluded.reason, settled_at = excluded.settled_at,
             settled_by = excluded.settled_by",
        params![
            audit_id,
            s.case_id,
            s.item_id,
            s.first,
            s.second,
            s.value,
            s.reason,
            s.settled_at,
            s.settled_by
        ],
    )?;
    Ok(())
}

/// The calibration files of the audit, sorted.
pub fn calibration_files(conn: &Connection, audit_id: i64) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT case_id FROM calibration_files WHERE audit_id = ?1 ORDER BY case_id")?;
    let rows = stmt
        .query_map([audit_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Replaces the calibration files (the service allows it only before any answer).
pub fn set_calibration_files(conn: &Connection, audit_id: i64, cases: &[String]) -> Result<()> {
    conn.execute(
        "DELETE FROM calibration_files WHERE audit_id = ?1",
        [audit_id],
    )?;
    for c in cases {
        conn.execute(
            "INSERT INTO calibration_files (audit_id, case_id) VALUES (?1, ?2)",
            params![audit_id, c],
        )?;
    }
    Ok(())
}

/// A calibration answer: file, item, reviewer, value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalibrationAnswer {
    pub case_id: String,
    pub item_id: String,
    pub reviewer: String,
    pub value: String,
    pub answered_at: String,
}

pub fn calibration_answers(conn: &Connection, audit_id: i64) -> Result<Vec<CalibrationAnswer>> {
    let mut stmt = conn.prepare(
        "SELECT case_id, item_id, reviewer, value, answered_at FROM calibration_answers
         WHERE audit_id = ?1 ORDER BY case_id, item_id, reviewer",
    )?;
    let rows = stmt
        .query_map([audit_id], |r| {
            Ok(CalibrationAnswer {
                case_id: r.get(0)?,
                item_id: r.get(1)?,
                reviewer: r.get(2)?,
                value: r.get(3)?,
                answered_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn set_calibration_answer(
    conn: &Connection,
    audit_id: i64,
    a: &CalibrationAnswer,
) -> Result<()> {
    conn.execute(
        "INSERT INTO calibration_answers (audit_id, case_id, item_id, reviewer, value, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (audit_id, case_id, item_id, reviewer) DO UPDATE SET value = excluded.value,
             answered_at = excluded.answered_at",
        params![
            audit_id,
            a.case_id,
            a.item_id,
            a.reviewer,
            a.value,
            a.answered_at
        ],
    )?;
    Ok(())
}
