//! Gallring of a finalised audit's working material: the personal data goes, what the
//! record needs stays (`gallringar` keeps the aggregate results and the counts). The rules
//! of what is removed and kept are the service's (`service::gallring`); this module does
//! the table work in the caller's transaction.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashMap;

/// What a gallring removed, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Removed {
    /// Population rows (personnummer, birth dates, case ids, case officers, decisions).
    pub population_rows: usize,
    /// Case ids replaced by file numbers (in the sample, answers and assignments).
    pub case_ids_replaced: usize,
    /// Comments on answers.
    pub comments: usize,
    /// Motivations of grades.
    pub motivations: usize,
    /// The enhetschef's fact-check comments and the answers' reasons.
    pub factcheck_texts: usize,
    /// Reasons given for a redraw.
    pub redraw_reasons: usize,
    /// Notes per file and the audit's working notes.
    #[serde(default)]
    pub notes: usize,
    /// History events whose details held any of these.
    pub history_events: usize,
}

/// The file number a case id is replaced by: "Akt 1", "Akt 2", … in case id order of the
/// files the audit's samples and answers name.
pub fn file_numbers(conn: &Connection, audit_id: i64) -> Result<HashMap<String, String>> {
    let ids: Vec<String> = conn
        .prepare(
            "SELECT case_id FROM sample_cases WHERE sample_id IN (SELECT id FROM samples WHERE audit_id = ?1)
             UNION SELECT case_id FROM answers WHERE audit_id = ?1
             UNION SELECT case_id FROM assignments WHERE audit_id = ?1
             ORDER BY 1",
        )?
        .query_map([audit_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, format!("Akt {}", i + 1)))
        .collect())
}

/// What the gallring itself records: when, by whom, why, and the results as they stood.
pub struct Record<'a> {
    pub at: &'a str,
    pub user: &'a str,
    pub reason: &'a str,
    pub results: &'a serde_json::Value,
}

/// A gallring as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gallring {
    pub at: String,
    pub by_user: String,
    pub os_account: Option<String>,
    pub reason: String,
    pub removed: serde_json::Value,
}

/// The audit's gallring, if it has been gallrad.
pub fn get(conn: &Connection, audit_id: i64) -> Result<Option<Gallring>> {
    Ok(conn
        .query_row(
            "SELECT at, by_user, os_account, reason, removed FROM gallringar WHERE audit_id = ?1",
            [audit_id],
            |r| {
                let removed: String = r.get(4)?;
                Ok(Gallring {
                    at: r.get(0)?,
                    by_user: r.get(1)?,
                    os_account: r.get(2)?,
                    reason: r.get(3)?,
                    removed: serde_json::from_str(&removed).unwrap_or(serde_json::Value::Null),
                })
            },
        )
        .optional()?)
}

/// The aggregate results kept when the audit was gallrad (JSON), if it has been.
pub fn kept_results(conn: &Connection, audit_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT results FROM gallringar WHERE audit_id = ?1",
            [audit_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether the audit has been gallrad.
pub fn is_gallrad(conn: &Connection, audit_id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM gallringar WHERE audit_id = ?1",
            [audit_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Case ids replaced by file numbers (from `temp.gallring_map`) in the sample, the
/// answers of both reviews (whose comments go too), the assignments, the double review's
/// draw and second reviewers, the settled disagreements (whose reasons go too) and the
/// calibration of audit `?1`.
const TO_FILE_NUMBERS: [&str; 9] = [
    "UPDATE sample_cases
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = sample_cases.case_id)
     WHERE sample_id IN (SELECT id FROM samples WHERE audit_id = ?1)",
    "UPDATE answers
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = answers.case_id),
         comment = NULL
     WHERE audit_id = ?1",
    "UPDATE assignments
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = assignments.case_id)
     WHERE audit_id = ?1",
    "UPDATE second_answers
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = second_answers.case_id),
         comment = NULL
     WHERE audit_id = ?1",
    "UPDATE second_reviewers
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = second_reviewers.case_id)
     WHERE audit_id = ?1",
    "UPDATE settlements
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = settlements.case_id),
         reason = ''
     WHERE audit_id = ?1",
    "UPDATE calibration_files
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = calibration_files.case_id)
     WHERE audit_id = ?1",
    "UPDATE calibration_answers
     SET case_id = (SELECT file_no FROM temp.gallring_map m WHERE m.case_id = calibration_answers.case_id)
     WHERE audit_id = ?1",
    "UPDATE double_reviews
     SET case_ids = (SELECT json_group_array(coalesce(m.file_no, '(gallrad)'))
                     FROM json_each(double_reviews.case_ids) j
                     LEFT JOIN temp.gallring_map m ON m.case_id = j.value)
     WHERE audit_id = ?1",
];

/// Removes the audit's personal data: the population, the free texts of answers, grades,
/// fact-check comments and redraws; case ids become file numbers (`numbers`, from
/// [`file_numbers`]); the history's details are rewritten by `redact` and re-chained.
/// Records the gallring with `results` (JSON) and returns the counts.
pub fn gallra(
    conn: &Connection,
    audit_id: i64,
    record: &Record<'_>,
    numbers: &HashMap<String, String>,
    redact: impl FnMut(&str, serde_json::Value) -> serde_json::Value,
) -> Result<Removed> {
    let mut removed = Removed {
        population_rows: conn.execute("DELETE FROM population WHERE audit_id = ?1", [audit_id])?,
        ..Removed::default()
    };
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS gallring_map (case_id TEXT PRIMARY KEY, file_no TEXT NOT NULL);
         DELETE FROM temp.gallring_map;",
    )?;
    {
        let mut ins = conn.prepare("INSERT INTO temp.gallring_map VALUES (?1, ?2)")?;
        for (id, no) in numbers {
            ins.execute(params![id, no])?;
        }
    }
    removed.comments = conn.query_row(
        "SELECT (SELECT count(*) FROM answers WHERE audit_id = ?1 AND comment IS NOT NULL)
              + (SELECT count(*) FROM second_answers WHERE audit_id = ?1 AND comment IS NOT NULL)",
        [audit_id],
        |r| r.get::<_, i64>(0),
    )? as usize;
    // The reasons of settled disagreements go with the motivations of grades.
    removed.motivations = conn.query_row(
        "SELECT count(*) FROM settlements WHERE audit_id = ?1 AND reason <> ''",
        [audit_id],
        |r| r.get::<_, i64>(0),
    )? as usize;
    for sql in TO_FILE_NUMBERS {
        removed.case_ids_replaced += conn.execute(sql, [audit_id])?;
    }
    removed.motivations += conn.execute(
        "UPDATE grades SET motivation = NULL WHERE audit_id = ?1 AND motivation IS NOT NULL",
        [audit_id],
    )?;
    removed.factcheck_texts = conn.execute(
        "UPDATE factcheck_comments SET text = '', reason = NULL
         WHERE audit_id = ?1 AND (text <> '' OR reason IS NOT NULL)",
        [audit_id],
    )?;
    removed.notes = crate::notes::delete_all(conn, audit_id)?;
    // What work packages kept of the files (answers, comments, notes, conflicts).
    removed.notes += crate::work::delete_all(conn, audit_id)?;
    removed.redraw_reasons = conn.execute(
        "UPDATE samples SET reason = NULL WHERE audit_id = ?1 AND reason IS NOT NULL",
        [audit_id],
    )?;
    removed.history_events = crate::history::rewrite_details(conn, audit_id, redact)?;
    conn.execute(
        "INSERT INTO gallringar (audit_id, at, by_user, os_account, reason, results, removed)
         VALUES (?1, ?2, ?3, (SELECT os_account FROM temp.aktg_session), ?4, ?5, ?6)",
        params![
            audit_id,
            record.at,
            record.user,
            record.reason,
            record.results.to_string(),
            serde_json::to_string(&removed).unwrap_or_default()
        ],
    )?;
    Ok(removed)
}

/// Removes what deleted data leaves in the file: the database rebuilt (`VACUUM`, so no
/// free page keeps an old row) with `secure_delete` on, and the WAL emptied. Cannot run
/// inside a transaction.
pub fn scrub(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA secure_delete = ON; VACUUM;")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}
