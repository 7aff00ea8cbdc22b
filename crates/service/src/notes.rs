//! The controllers' own notes, which never reach the board report: a note per sampled
//! file (what the file lacked in general) and the audit's working notes (interviews,
//! observations, meetings) that chapters 4–9 are written from. Also the evidence the
//! report's chapters are written from: the comments given on each item.
//!
//! Every change is a history event (`file_note_set`, `working_note_added`,
//! `working_note_changed`, `working_note_removed`) that `audit verify` replays; the texts
//! pass the same guard as comments (no personnummer, a length limit); they are removed at
//! gallring with the audit's other free texts.

use crate::chapters::require_editable;
use crate::events::{self, Event};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Answer;
use aktgranskning_store::notes::{self, FileNote, WorkingNote};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// Longest working note (characters): an interview's notes may run to pages.
pub const MAX_NOTE: usize = 20_000;

/// The kinds of working notes, with their Swedish names.
pub const KINDS: &[(&str, &str)] = &[
    ("intervju", "Intervju"),
    ("observation", "Observation"),
    ("mote", "Möte"),
    ("ovrigt", "Övrigt"),
];

/// The Swedish name of a working note's kind.
pub fn kind_label(kind: &str) -> &str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, l)| l)
}

/// A note on one sampled file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileNoteView {
    pub case_id: String,
    pub text: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// One of the audit's working notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkingNoteView {
    pub id: i64,
    /// `intervju`, `observation`, `mote` or `ovrigt`.
    pub kind: String,
    /// The kind in Swedish.
    pub kind_label: String,
    /// The report chapter (4–9) the note is for; `None`: the audit in general.
    pub chapter: Option<u32>,
    /// When the interview, observation or meeting took place (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub text: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
}

/// Every note of the audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NotesView {
    /// Notes per file, by case id.
    pub files: Vec<FileNoteView>,
    /// Working notes, in the order they were written.
    pub working: Vec<WorkingNoteView>,
}

/// A working note to write: what the user gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkingNoteInput {
    pub kind: String,
    pub chapter: Option<u32>,
    pub date: Option<String>,
    pub text: String,
}

fn file_view(n: FileNote) -> FileNoteView {
    FileNoteView {
        case_id: n.case_id,
        text: n.text,
        updated_at: n.updated_at,
        updated_by: n.updated_by,
    }
}

fn working_view(n: WorkingNote) -> WorkingNoteView {
    WorkingNoteView {
        kind_label: kind_label(&n.kind).to_string(),
        id: n.id,
        kind: n.kind,
        chapter: n.chapter,
        date: n.held_on,
        text: n.text,
        created_by: n.created_by,
        updated_at: n.updated_at,
        updated_by: n.updated_by,
    }
}

/// The audit's notes.
pub fn list(store: &Store, audit_id: i64) -> Result<NotesView> {
    let conn = store.conn();
    crate::lookup::require(conn, audit_id)?;
    Ok(NotesView {
        files: notes::file_notes(conn, audit_id)?
            .into_iter()
            .map(file_view)
            .collect(),
        working: notes::working_notes(conn, audit_id)?
            .into_iter()
            .map(working_view)
            .collect(),
    })
}

/// The note on one file, if any.
pub fn file_note(store: &Store, audit_id: i64, case_id: &str) -> Result<Option<FileNoteView>> {
    crate::lookup::require(store.conn(), audit_id)?;
    Ok(notes::file_note_of(store.conn(), audit_id, case_id)?.map(file_view))
}

/// Writes the note on a sampled file; an empty text removes it. Refused once the audit is
/// finalised.
pub fn set_file_note(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
    text: &str,
) -> Result<Option<FileNoteView>> {
    require_editable(store, audit_id)?;
    crate::review::require_sampled(store.conn(), audit_id, case_id)?;
    let text = text.trim();
    if !text.is_empty() {
        crate::guard::check_text(ctx, "Anteckning om akten", text, MAX_NOTE)?;
    }
    let old = notes::file_note_of(store.conn(), audit_id, case_id)?;
    if old.as_ref().map_or("", |o| o.text.as_str()) == text {
        return Ok(old.map(file_view));
    }
    let note = FileNote {
        case_id: case_id.to_string(),
        text: text.to_string(),
        updated_at: ctx.now_text(),
        updated_by: ctx.user.clone(),
    };
    store.write(|tx| {
        if text.is_empty() {
            notes::delete_file_note(tx, audit_id, case_id)?;
        } else {
            notes::set_file_note(tx, audit_id, &note)?;
        }
        events::record(
            tx,
            audit_id,
            &note.updated_at,
            &ctx.user,
            &Event::FileNoteSet(events::FileNoteSet {
                case_id: case_id.to_string(),
                old: old.as_ref().map(|o| o.text.clone()),
                new: (!text.is_empty()).then(|| text.to_string()),
                merged: events::Merged::default(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok((!text.is_empty()).then(|| file_view(note)))
}

/// The note's fields checked: a known kind, a chapter 4–9, a real date, a text.
fn checked(ctx: &Context, input: &WorkingNoteInput) -> Result<WorkingNoteInput> {
    let kind = input.kind.trim().to_lowercase();
    if !KINDS.iter().any(|(k, _)| *k == kind) {
        return Err(ServiceError::invalid_field(
            "Slag",
            format!(
                "Okänt slag av anteckning ”{}”: välj intervju, observation, mote eller ovrigt",
                input.kind.trim()
            ),
        ));
    }
    if let Some(c) = input.chapter
        && !(4..=9).contains(&c)
    {
        return Err(ServiceError::invalid_field(
            "Kapitel",
            "Anteckningar hör till kapitel 4–9 (de kapitel som skrivs av granskarna)",
        ));
    }
    let date = input
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if let Some(d) = date
        && NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()
    {
        return Err(ServiceError::invalid_field(
            "Datum",
            format!("”{d}” är inget datum: skriv ÅÅÅÅ-MM-DD"),
        ));
    }
    let text = input.text.trim();
    if text.is_empty() {
        return Err(ServiceError::invalid_field(
            "Text",
            "Anteckningen är tom: skriv vad som kom fram",
        ));
    }
    crate::guard::check_text(ctx, "Anteckning", text, MAX_NOTE)?;
    Ok(WorkingNoteInput {
        kind,
        chapter: input.chapter,
        date: date.map(str::to_string),
        text: text.to_string(),
    })
}

fn detail(n: &WorkingNote) -> events::NoteState {
    events::NoteState {
        kind: n.kind.clone(),
        chapter: n.chapter,
        date: n.held_on.clone(),
        text: n.text.clone(),
    }
}

/// Adds a working note; returns it.
pub fn add_working_note(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    input: &WorkingNoteInput,
) -> Result<WorkingNoteView> {
    require_editable(store, audit_id)?;
    let input = checked(ctx, input)?;
    let now = ctx.now_text();
    let mut note = WorkingNote {
        id: 0,
        kind: input.kind,
        chapter: input.chapter,
        held_on: input.date,
        text: input.text,
        created_at: now.clone(),
        created_by: ctx.user.clone(),
        updated_at: now.clone(),
        updated_by: ctx.user.clone(),
    };
    note.id = store.write(|tx| {
        let id = notes::add_working_note(tx, audit_id, &note)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::WorkingNoteAdded(events::WorkingNoteAdded {
                note: id,
                state: detail(&note),
            }),
        )?;
        Ok::<_, ServiceError>(id)
    })?;
    Ok(working_view(note))
}

fn require_note(store: &Store, audit_id: i64, id: i64) -> Result<WorkingNote> {
    notes::working_note_of(store.conn(), audit_id, id)?.ok_or_else(|| {
        ServiceError::not_found(format!("Det finns ingen anteckning {id} i granskningen."))
    })
}

/// Rewrites a working note (kind, chapter, date and text); returns it.
pub fn edit_working_note(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    id: i64,
    input: &WorkingNoteInput,
) -> Result<WorkingNoteView> {
    require_editable(store, audit_id)?;
    let old = require_note(store, audit_id, id)?;
    let input = checked(ctx, input)?;
    let note = WorkingNote {
        kind: input.kind,
        chapter: input.chapter,
        held_on: input.date,
        text: input.text,
        updated_at: ctx.now_text(),
        updated_by: ctx.user.clone(),
        ..old.clone()
    };
    if (&note.kind, note.chapter, &note.held_on, &note.text)
        == (&old.kind, old.chapter, &old.held_on, &old.text)
    {
        return Ok(working_view(old));
    }
    store.write(|tx| {
        notes::update_working_note(tx, audit_id, &note)?;
        events::record(
            tx,
            audit_id,
            &note.updated_at,
            &ctx.user,
            &Event::WorkingNoteChanged(events::WorkingNoteChanged {
                note: id,
                old: detail(&old),
                new: detail(&note),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(working_view(note))
}

/// Removes a working note (the history keeps what it said).
pub fn remove_working_note(store: &mut Store, ctx: &Context, audit_id: i64, id: i64) -> Result<()> {
    require_editable(store, audit_id)?;
    let old = require_note(store, audit_id, id)?;
    let now = ctx.now_text();
    store.write(|tx| {
        notes::delete_working_note(tx, audit_id, id)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::WorkingNoteRemoved(events::WorkingNoteRemoved {
                note: id,
                old: detail(&old),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(())
}

/// One comment given on an item, with the file and the answer it went with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemComment {
    pub case_id: String,
    /// The answer the comment was given with.
    pub answer: Answer,
    pub comment: String,
    pub by: String,
}

/// The comments given on one item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ItemComments {
    pub item_id: String,
    pub area: String,
    pub text: String,
    pub comments: Vec<ItemComment>,
}

/// The comments given on the audit's items (the first review's answers), per item in the
/// template's order; items without a comment are left out. Internal: they are the
/// evidence chapters are written from and never go into the report.
pub fn item_comments(store: &Store, audit_id: i64) -> Result<Vec<ItemComments>> {
    let conn = store.conn();
    crate::lookup::require(conn, audit_id)?;
    let template = crate::templates::for_audit(conn, audit_id)?;
    let mut by_item: BTreeMap<String, Vec<ItemComment>> = BTreeMap::new();
    for a in aktgranskning_store::answers::all(conn, audit_id)? {
        let (Some(comment), Some(answer)) = (a.comment, Answer::parse(&a.value)) else {
            continue;
        };
        by_item.entry(a.item_id).or_default().push(ItemComment {
            case_id: a.case_id,
            answer,
            comment,
            by: a.answered_by,
        });
    }
    Ok(template
        .items
        .iter()
        .filter_map(|i| {
            by_item.remove(&i.id).map(|comments| ItemComments {
                item_id: i.id.clone(),
                area: i.area.clone(),
                text: i.text.clone(),
                comments,
            })
        })
        .collect())
}
