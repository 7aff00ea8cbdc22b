//! Answers: one typed or imported from a file, cleared, checked; each in its own
//! transaction with its history event.

use super::{AnswerInput, Review};
use crate::events::{self, Event};
use crate::{Context, Result, ServiceError, Store, guard};
use aktgranskning_core::checklist::Answer;
use aktgranskning_import::RowError;
use aktgranskning_import::answers::{Column, Columns};
use aktgranskning_import::table::Table;
use aktgranskning_store::Connection;
use aktgranskning_store::answers::{self, AnswerRow};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

pub(super) fn clean_comment(c: Option<&str>) -> Option<String> {
    c.map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

/// Writes one answer (if it changes anything) and its history event.
pub(crate) fn write_answer(
    tx: &Connection,
    ctx: &Context,
    audit_id: i64,
    a: &AnswerInput,
    now: &str,
) -> Result<bool> {
    write_review_answer(tx, ctx, audit_id, a, now, false)
}

/// Writes an answer of the first review (`answers`, `answer_set`) or, when `second`, of
/// the double review's second (`second_answers`, `second_answer_set`), with its history
/// event; `false` when nothing changed.
pub(crate) fn write_review_answer(
    tx: &Connection,
    ctx: &Context,
    audit_id: i64,
    a: &AnswerInput,
    now: &str,
    second: bool,
) -> Result<bool> {
    use aktgranskning_store::double;
    type Get = fn(&Connection, i64, &str, &str) -> aktgranskning_store::Result<Option<AnswerRow>>;
    type Set = fn(&Connection, i64, &AnswerRow) -> aktgranskning_store::Result<()>;
    let (get, set): (Get, Set) = if second {
        (double::second_answer, double::set_second_answer)
    } else {
        (answers::get, answers::upsert)
    };
    let comment = clean_comment(a.comment.as_deref());
    let old = get(tx, audit_id, &a.case_id, &a.item_id)?;
    if old
        .as_ref()
        .is_some_and(|o| o.value == a.value.as_str() && o.comment == comment)
    {
        return Ok(false);
    }
    set(
        tx,
        audit_id,
        &AnswerRow {
            case_id: a.case_id.clone(),
            item_id: a.item_id.clone(),
            value: a.value.as_str().to_string(),
            comment: comment.clone(),
            answered_by: ctx.user.clone(),
            answered_at: now.to_string(),
        },
    )?;
    let change = events::AnswerSet {
        case_id: a.case_id.clone(),
        item_id: a.item_id.clone(),
        old: old.as_ref().map(|o| o.value.clone()),
        new: a.value.as_str().to_string(),
        old_comment: old.and_then(|o| o.comment),
        new_comment: comment,
        merged: events::Merged::default(),
    };
    let event = if second {
        Event::SecondAnswerSet(change)
    } else {
        Event::AnswerSet(change)
    };
    events::record(tx, audit_id, now, &ctx.user, &event)?;
    Ok(true)
}

/// Clears an answer back to unanswered (a comment with it goes too); the history keeps
/// what it was. Nothing to clear is not an error.
pub fn clear_answer(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
) -> Result<()> {
    if let Some(why) = second_reviewer_of(store.conn(), audit_id, &ctx.user)?(case_id) {
        return Err(ServiceError::refused(why));
    }
    let review = Review::load_case(store.conn(), audit_id, case_id)?;
    review.require_open_for_answers()?;
    review.sampled_row(case_id)?;
    let Some(old) = answers::get(store.conn(), audit_id, case_id, item_id)? else {
        return Ok(());
    };
    let now = ctx.now_text();
    store.write(|tx| {
        answers::delete(tx, audit_id, case_id, item_id)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::AnswerCleared(events::AnswerCleared {
                case_id: case_id.to_string(),
                item_id: item_id.to_string(),
                old: Some(old.value),
                old_comment: old.comment,
                merged: events::Merged::default(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(())
}

/// A check that refuses the first review's answers from the file's second reviewer, who
/// answers in the second review (`--second`) and must not change the first's.
fn second_reviewer_of(
    conn: &Connection,
    audit_id: i64,
    user: &str,
) -> Result<impl Fn(&str) -> Option<String> + use<>> {
    let mine: HashSet<String> = aktgranskning_store::double::reviewers(conn, audit_id)?
        .into_iter()
        .filter(|(_, r)| r == user)
        .map(|(c, _)| c)
        .collect();
    Ok(move |case: &str| {
        mine.contains(case).then(|| {
            "Du gör den andra granskningen av akten: registrera svaret i den andra granskningen, inte i den första".to_string()
        })
    })
}

/// Checks an answer as [`set_answer`] would (the file in the sample, the item known and
/// applicable, the audit open for answers) without recording it.
pub(crate) fn check_answer(conn: &Connection, audit_id: i64, a: &AnswerInput) -> Result<()> {
    let review = Review::load_case(conn, audit_id, &a.case_id)?;
    review.require_open_for_answers()?;
    review
        .check(a)
        .map_err(|(column, message)| ServiceError::invalid_field(column, message))
}

/// Reads an answer file as [`import_answers`] does, with every row's file also checked by
/// `case_check` (an error for the row's Ärende-id when it returns one). All errors at
/// once; nothing is written.
pub(crate) fn read_answer_file(
    conn: &Connection,
    audit_id: i64,
    bytes: &[u8],
    ctx: &Context,
    case_check: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<AnswerInput>> {
    let review = Review::load(conn, audit_id)?;
    review.require_open_for_answers()?;
    let table = Table::read(bytes).map_err(|e| {
        ServiceError::invalid_rows(vec![RowError {
            line: e.line,
            column: String::new(),
            message: e.message,
        }])
    })?;
    let today = ctx.clock.now().date_naive();
    parse_answer_rows(&review, &table, today, case_check).map_err(ServiceError::invalid_rows)
}

/// Refuses a case that is not in the audit's current sample.
pub(crate) fn require_sampled(conn: &Connection, audit_id: i64, case_id: &str) -> Result<()> {
    Review::load_case(conn, audit_id, case_id)?
        .sampled_row(case_id)
        .map(|_| ())
}

/// Records one answer, in its own transaction.
pub fn set_answer(store: &mut Store, ctx: &Context, audit_id: i64, a: &AnswerInput) -> Result<()> {
    if let Some(why) = second_reviewer_of(store.conn(), audit_id, &ctx.user)?(&a.case_id) {
        return Err(ServiceError::refused(why));
    }
    let review = Review::load_case(store.conn(), audit_id, &a.case_id)?;
    review.require_open_for_answers()?;
    review
        .check(a)
        .map_err(|(column, message)| ServiceError::invalid_field(column, message))?;
    if let Some(c) = &a.comment {
        guard::check_text(ctx, "Kommentar", c, guard::MAX_COMMENT)?;
    }
    let now = ctx.now_text();
    store.write(|tx| write_answer(tx, ctx, audit_id, a, &now))?;
    Ok(())
}

/// The outcome of an answer file import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AnswersImported {
    /// Answers in the file.
    pub imported: usize,
    /// Answers that were new or different from the stored ones.
    pub changed: usize,
}

/// Imports answers from a CSV file with the header `Ärende-id;Fråga;Svar;Kommentar`
/// (UTF-8 or Windows-1252, any of the usual delimiters). All or nothing.
pub fn import_answers(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    bytes: &[u8],
) -> Result<AnswersImported> {
    let second = second_reviewer_of(store.conn(), audit_id, &ctx.user)?;
    let inputs = read_answer_file(store.conn(), audit_id, bytes, ctx, &second)?;
    write_answers(store, ctx, audit_id, &inputs, false)
}

/// Writes the answers of a file read whole (the second review's when `second`) in one
/// transaction: all or nothing.
pub(crate) fn write_answers(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    inputs: &[AnswerInput],
    second: bool,
) -> Result<AnswersImported> {
    let now = ctx.now_text();
    let changed = store.write(|tx| {
        let mut changed = 0;
        for a in inputs {
            if write_review_answer(tx, ctx, audit_id, a, &now, second)? {
                changed += 1;
            }
        }
        Ok::<_, ServiceError>(changed)
    })?;
    Ok(AnswersImported {
        imported: inputs.len(),
        changed,
    })
}

fn parse_answer_rows(
    review: &Review,
    table: &Table,
    today: chrono::NaiveDate,
    case_check: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<Vec<AnswerInput>, Vec<RowError>> {
    let cols = Columns::find(&table.rows[0])?;
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for row in &table.rows[1..] {
        let get = |c: Column| cols.get(row, c);
        let mut err = |c: Column, message: String| {
            errors.push(RowError {
                line: row.line,
                column: cols.header(c),
                message,
            })
        };
        let (case_id, item_id, value) =
            (get(Column::CaseId), get(Column::Item), get(Column::Answer));
        if case_id.is_empty() {
            err(Column::CaseId, "Ärende-id saknas".to_string());
            continue;
        }
        if let Some(m) = case_check(&case_id) {
            err(Column::CaseId, m);
            continue;
        }
        if item_id.is_empty() {
            err(Column::Item, "Fråga saknas".to_string());
            continue;
        }
        let Some(value) = Answer::parse(&value) else {
            err(
                Column::Answer,
                "Ogiltigt svar: ange Ja, Delvis, Nej eller Ej aktuellt".to_string(),
            );
            continue;
        };
        let comment = clean_comment(Some(&get(Column::Comment)));
        if let Some(m) = comment
            .as_deref()
            .and_then(|c| guard::text_problem(today, "Kommentar", c, guard::MAX_COMMENT))
        {
            err(Column::Comment, m);
            continue;
        }
        let input = AnswerInput {
            case_id,
            item_id,
            value,
            comment,
        };
        if let Err((col, message)) = review.check(&input) {
            err(Column::named(col).unwrap_or(Column::CaseId), message);
            continue;
        }
        if let Some(first) = seen.insert((input.case_id.clone(), input.item_id.clone()), row.line) {
            err(
                Column::Item,
                format!("Ärendet har redan ett svar på frågan på rad {first}"),
            );
            continue;
        }
        out.push(input);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
