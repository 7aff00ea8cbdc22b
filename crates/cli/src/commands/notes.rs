//! `note …`: the notes per file and the working notes.

use super::open_store;
use crate::args::*;
use crate::output::{self, Output};
use aktgranskning_service::{Context, ServiceError, notes};
use serde_json::json;

fn note_input(f: &NoteFields) -> notes::WorkingNoteInput {
    notes::WorkingNoteInput {
        kind: f.kind.clone(),
        chapter: f.chapter,
        date: f.date.clone(),
        text: f.text.clone(),
    }
}

/// `note …`: the notes per file and the working notes.
pub(crate) fn run(
    cli: &Cli,
    ctx: &Context,
    out: &Output,
    cmd: &NoteCmd,
) -> Result<(), ServiceError> {
    let mut store = open_store(cli)?;
    match cmd {
        NoteCmd::File { audit, case, text } => {
            let n = notes::set_file_note(&mut store, ctx, *audit, case, text)?;
            out.print(
                &json!({"case": case, "text": n.as_ref().map(|n| &n.text)}),
                || match &n {
                    Some(_) => format!("Anteckningen om akt {case} är sparad."),
                    None => format!("Akt {case} har ingen anteckning."),
                },
            );
        }
        NoteCmd::Add { audit, fields } => {
            let n = notes::add_working_note(&mut store, ctx, *audit, &note_input(fields))?;
            out.print(&json!({"id": n.id}), || {
                format!("Anteckning {} är tillagd.", n.id)
            });
        }
        NoteCmd::Edit {
            audit,
            id,
            kind,
            chapter,
            date,
            text,
        } => {
            let Some(old) = notes::list(&store, *audit)?
                .working
                .into_iter()
                .find(|n| n.id == *id)
            else {
                return Err(ServiceError::not_found(format!(
                    "Det finns ingen anteckning {id} i granskningen."
                )));
            };
            let input = notes::WorkingNoteInput {
                kind: kind.clone().unwrap_or(old.kind),
                chapter: match chapter {
                    Some(0) => None,
                    Some(c) => Some(*c),
                    None => old.chapter,
                },
                date: date.clone().or(old.date),
                text: text.clone().unwrap_or(old.text),
            };
            let n = notes::edit_working_note(&mut store, ctx, *audit, *id, &input)?;
            out.print(&n, || format!("Anteckning {} är ändrad.", n.id));
        }
        NoteCmd::Remove { audit, id } => {
            notes::remove_working_note(&mut store, ctx, *audit, *id)?;
            out.print(&json!({"removed": id}), || {
                format!("Anteckning {id} är borttagen.")
            });
        }
        NoteCmd::List { audit } => {
            let n = notes::list(&store, *audit)?;
            out.print(&n, || output::notes_text(&n));
        }
    }
    Ok(())
}
