//! The `file_notes` and `working_notes` tables: a free-text note per sampled file and the
//! audit's working notes (interviews, observations, meetings). Neither reaches the report.

use crate::Result;
use rusqlite::{Connection, OptionalExtension, Row, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileNote {
    pub case_id: String,
    pub text: String,
    pub updated_at: String,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingNote {
    pub id: i64,
    /// `intervju`, `observation`, `mote` or `ovrigt`.
    pub kind: String,
    /// The report chapter (4–9) the note is for.
    pub chapter: Option<u32>,
    /// When it took place, `YYYY-MM-DD`.
    pub held_on: Option<String>,
    pub text: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

fn file_note(r: &Row<'_>) -> rusqlite::Result<FileNote> {
    Ok(FileNote {
        case_id: r.get(0)?,
        text: r.get(1)?,
        updated_at: r.get(2)?,
        updated_by: r.get(3)?,
    })
}

pub fn file_note_of(conn: &Connection, audit_id: i64, case_id: &str) -> Result<Option<FileNote>> {
    Ok(conn
        .query_row(
            "SELECT case_id, text, updated_at, updated_by FROM file_notes
             WHERE audit_id = ?1 AND case_id = ?2",
            params![audit_id, case_id],
            file_note,
        )
        .optional()?)
}

/// Every file note of the audit, by case id.
pub fn file_notes(conn: &Connection, audit_id: i64) -> Result<Vec<FileNote>> {
    let mut st = conn.prepare(
        "SELECT case_id, text, updated_at, updated_by FROM file_notes
         WHERE audit_id = ?1 ORDER BY case_id",
    )?;
    let rows = st.query_map([audit_id], file_note)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_file_note(conn: &Connection, audit_id: i64, n: &FileNote) -> Result<()> {
    conn.execute(
        "INSERT INTO file_notes (audit_id, case_id, text, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (audit_id, case_id) DO UPDATE SET text = excluded.text,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        params![audit_id, n.case_id, n.text, n.updated_at, n.updated_by],
    )?;
    Ok(())
}

pub fn delete_file_note(conn: &Connection, audit_id: i64, case_id: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM file_notes WHERE audit_id = ?1 AND case_id = ?2",
        params![audit_id, case_id],
    )?;
    Ok(())
}

const WORKING: &str =
    "id, kind, chapter, held_on, text, created_at, created_by, updated_at, updated_by";

fn working_note(r: &Row<'_>) -> rusqlite::Result<WorkingNote> {
    Ok(WorkingNote {
        id: r.get(0)?,
        kind: r.get(1)?,
        chapter: r.get(2)?,
        held_on: r.get(3)?,
        text: r.get(4)?,
        created_at: r.get(5)?,
        created_by: r.get(6)?,
        updated_at: r.get(7)?,
        updated_by: r.get(8)?,
    })
}

/// The audit's working notes, in the order they were written.
pub fn working_notes(conn: &Connection, audit_id: i64) -> Result<Vec<WorkingNote>> {
    let mut st = conn.prepare(&format!(
        "SELECT {WORKING} FROM working_notes WHERE audit_id = ?1 ORDER BY id"
    ))?;
    let rows = st.query_map([audit_id], working_note)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn working_note_of(conn: &Connection, audit_id: i64, id: i64) -> Result<Option<WorkingNote>> {
    Ok(conn
        .query_row(
            &format!("SELECT {WORKING} FROM working_notes WHERE audit_id = ?1 AND id = ?2"),
            params![audit_id, id],
            working_note,
        )
        .optional()?)
}

/// Inserts a note (its `id` and `updated_*` are ignored); returns its id.
pub fn add_working_note(conn: &Connection, audit_id: i64, n: &WorkingNote) -> Result<i64> {
    conn.execute(
        "INSERT INTO working_notes (audit_id, kind, chapter, held_on, text,
                                    created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6, ?7)",
        params![
            audit_id,
            n.kind,
            n.chapter,
            n.held_on,
            n.text,
            n.created_at,
            n.created_by
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes kind, chapter, date and text (and who changed it when).
pub fn update_working_note(conn: &Connection, audit_id: i64, n: &WorkingNote) -> Result<()> {
    conn.execute(
        "UPDATE working_notes SET kind = ?3, chapter = ?4, held_on = ?5, text = ?6,
             updated_at = ?7, updated_by = ?8
         WHERE audit_id = ?1 AND id = ?2",
        params![
            audit_id,
            n.id,
            n.kind,
            n.chapter,
            n.held_on,
            n.text,
            n.updated_at,
            n.updated_by
        ],
    )?;
    Ok(())
}

pub fn delete_working_note(conn: &Connection, audit_id: i64, id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM working_notes WHERE audit_id = ?1 AND id = ?2",
        params![audit_id, id],
    )?;
    Ok(())
}

/// Removes every note of the audit (gallring); returns how many.
pub fn delete_all(conn: &Connection, audit_id: i64) -> Result<usize> {
    Ok(
        conn.execute("DELETE FROM file_notes WHERE audit_id = ?1", [audit_id])?
            + conn.execute("DELETE FROM working_notes WHERE audit_id = ?1", [audit_id])?,
    )
}
