//! Calibration before the review (`docs/agreement.md`): every controller reviews the same
//! two or three files of the sample, and they see item by item how far they agree, to
//! settle on a common reading of the checklist before the real review starts. Recorded in
//! the history, never part of the results. A controller sees the others' answers only
//! once they have answered every item of the files themselves.

use crate::events::{self, Event};
use crate::lookup::require;
use crate::review::{AnswerInput, AnswersImported};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Answer;
use aktgranskning_core::sampling::StreamV1;
use aktgranskning_store::audits::Status;
use aktgranskning_store::double::{self as store_double, CalibrationAnswer};
use aktgranskning_store::{Connection, population, samples};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use ts_rs::TS;

/// One item's calibration answers: per file, each controller's (name, value).
type ByFile<'a> = BTreeMap<&'a str, Vec<(&'a str, &'a str)>>;

/// One controller's answer to one item of one calibration file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CalibrationCell {
    pub case_id: String,
    pub reviewer: String,
    /// `null` while hidden from the viewer (they have not finished their own answers).
    pub value: Option<Answer>,
}

/// One item across the calibration files and controllers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CalibrationItem {
    pub item: String,
    pub text: String,
    /// Pairs of controllers who answered the same file (over all files).
    pub pairs: u32,
    /// Share of those pairs who answered alike; `null` while hidden or without pairs.
    pub agreement: Option<f64>,
    pub answers: Vec<CalibrationCell>,
}

/// The calibration as the viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CalibrationView {
    pub case_ids: Vec<String>,
    /// Everyone who has answered, in name order.
    pub reviewers: Vec<String>,
    /// Whether the viewer has answered every item that applies to every file.
    pub viewer_done: bool,
    /// Share of alike pairs over every item; `null` while hidden.
    pub agreement: Option<f64>,
    pub items: Vec<CalibrationItem>,
}

/// Draws `files` (2 or 3) files of the sample for calibration, from `seed` (or a fresh
/// one). Drawn again only while nobody has answered.
pub fn draw_calibration(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    files: usize,
    seed: Option<u64>,
) -> Result<CalibrationView> {
    let conn = store.conn();
    let audit = require(conn, audit_id)?;
    if matches!(audit.status, Status::Faktagranskning | Status::Slutford) {
        return Err(ServiceError::refused(format!(
            "Granskningen har status {}: kalibreringen kan inte ändras.",
            audit.status.label()
        )));
    }
    if !(2..=3).contains(&files) {
        return Err(ServiceError::invalid_field(
            "Antal akter",
            "Kalibreringen görs på 2 eller 3 akter",
        ));
    }
    if !store_double::calibration_answers(conn, audit_id)?.is_empty() {
        return Err(ServiceError::refused(
            "Kalibreringen har påbörjats: akterna kan inte dras om.",
        ));
    }
    let sample = samples::current(conn, audit_id)?
        .ok_or_else(|| ServiceError::refused("Granskningen har inget urval: dra urvalet först."))?;
    let mut pool = samples::case_ids(conn, sample.id)?;
    if pool.len() < files {
        return Err(ServiceError::refused(
            "Urvalet har för få akter för en kalibrering.",
        ));
    }
    let seed = match seed {
        Some(s) => s,
        None => crate::sampling::entropy_seed()?,
    };
    // A partial Fisher–Yates shuffle of the sample (in case id order) from the seed.
    let mut stream = StreamV1::new(seed);
    for i in 0..files {
        let j = i + stream.below((pool.len() - i) as u32) as usize;
        pool.swap(i, j);
    }
    let mut chosen: Vec<String> = pool.into_iter().take(files).collect();
    chosen.sort();
    let now = ctx.now_text();
    store.write(|tx| {
        store_double::set_calibration_files(tx, audit_id, &chosen)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::CalibrationDrawn(events::CalibrationDrawn {
                seed,
                case_ids: chosen.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    calibration(store, &ctx.user, audit_id)
}

fn in_calibration(files: &[String], case: &str) -> Option<String> {
    (!files.iter().any(|c| c == case)).then(|| "Akten ingår inte i kalibreringen".to_string())
}

fn write(tx: &Connection, ctx: &Context, audit_id: i64, a: &AnswerInput, now: &str) -> Result<()> {
    store_double::set_calibration_answer(
        tx,
        audit_id,
        &CalibrationAnswer {
            case_id: a.case_id.clone(),
            item_id: a.item_id.clone(),
            reviewer: ctx.user.clone(),
            value: a.value.as_str().to_string(),
            answered_at: now.to_string(),
        },
    )?;
    events::record(
        tx,
        audit_id,
        now,
        &ctx.user,
        &Event::CalibrationAnswerSet(events::CalibrationAnswerSet {
            case_id: a.case_id.clone(),
            item_id: a.item_id.clone(),
            new: a.value.as_str().to_string(),
        }),
    )?;
    Ok(())
}

/// Records the acting controller's calibration answer to one item of one file.
pub fn set_calibration_answer(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    a: &AnswerInput,
) -> Result<()> {
    let conn = store.conn();
    let files = store_double::calibration_files(conn, audit_id)?;
    if let Some(why) = in_calibration(&files, &a.case_id) {
        return Err(ServiceError::invalid_field("Akt", why));
    }
    crate::review::check_answer(conn, audit_id, a)?;
    let now = ctx.now_text();
    store.write(|tx| write(tx, ctx, audit_id, a, &now))?;
    Ok(())
}

/// Imports the acting controller's calibration answers from an answer file, all or
/// nothing; every row's file must be a calibration file.
pub fn import_calibration_answers(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    bytes: &[u8],
) -> Result<AnswersImported> {
    let conn = store.conn();
    let files = store_double::calibration_files(conn, audit_id)?;
    if files.is_empty() {
        return Err(ServiceError::refused(
            "Inga akter är dragna för kalibrering: dra dem först (calibration draw).",
        ));
    }
    let inputs = crate::review::read_answer_file(conn, audit_id, bytes, ctx, &|case| {
        in_calibration(&files, case)
    })?;
    let now = ctx.now_text();
    store.write(|tx| {
        for a in &inputs {
            write(tx, ctx, audit_id, a, &now)?;
        }
        Ok::<_, ServiceError>(())
    })?;
    Ok(AnswersImported {
        imported: inputs.len(),
        changed: inputs.len(),
    })
}

/// Whether `viewer` has answered every applicable item of every calibration file (there
/// being any).
pub(crate) fn viewer_done(conn: &Connection, audit_id: i64, viewer: &str) -> Result<bool> {
    let template = crate::templates::for_audit(conn, audit_id)?;
    let files = store_double::calibration_files(conn, audit_id)?;
    let answers = store_double::calibration_answers(conn, audit_id)?;
    done_with(conn, audit_id, &template, &files, &answers, viewer)
}

/// [`viewer_done`] over the template, files and answers already read.
fn done_with(
    conn: &Connection,
    audit_id: i64,
    template: &aktgranskning_core::checklist::Template,
    files: &[String],
    answers: &[CalibrationAnswer],
    viewer: &str,
) -> Result<bool> {
    let reference = require(conn, audit_id)?.reference_date;
    let mine: HashMap<(&str, &str), ()> = answers
        .iter()
        .filter(|a| a.reviewer == viewer)
        .map(|a| ((a.case_id.as_str(), a.item_id.as_str()), ()))
        .collect();
    let mut done = !files.is_empty();
    for c in files {
        if let Some(row) = population::get(conn, audit_id, c)? {
            let facts = row.case_facts(reference);
            done &= crate::review::file_complete(template, &facts, |id| {
                mine.contains_key(&(c.as_str(), id))
            });
        }
    }
    Ok(done)
}

/// The calibration as `viewer` may see it: everyone's answers and the agreement per item
/// once `viewer` has answered every applicable item of every file; before that, who has
/// answered but not what.
pub fn calibration(store: &Store, viewer: &str, audit_id: i64) -> Result<CalibrationView> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let template = crate::templates::for_audit(conn, audit_id)?;
    let files = store_double::calibration_files(conn, audit_id)?;
    let answers = store_double::calibration_answers(conn, audit_id)?;
    let reviewers: BTreeSet<String> = answers.iter().map(|a| a.reviewer.clone()).collect();
    let viewer_done = done_with(conn, audit_id, &template, &files, &answers, viewer)?;
    // Per item: (file → reviewer → value).
    let mut by_item: BTreeMap<&str, ByFile<'_>> = BTreeMap::new();
    for a in &answers {
        by_item
            .entry(a.item_id.as_str())
            .or_default()
            .entry(a.case_id.as_str())
            .or_default()
            .push((a.reviewer.as_str(), a.value.as_str()));
    }
    let (mut all_pairs, mut all_alike) = (0u32, 0u32);
    let items = template
        .items
        .iter()
        .map(|item| {
            let (mut pairs, mut alike) = (0u32, 0u32);
            let mut cells = Vec::new();
            if let Some(files) = by_item.get(item.id.as_str()) {
                for (case, given) in files {
                    for (k, (_, v)) in given.iter().enumerate() {
                        for (_, w) in &given[k + 1..] {
                            pairs += 1;
                            alike += u32::from(v == w);
                        }
                    }
                    for (reviewer, v) in given {
                        cells.push(CalibrationCell {
                            case_id: case.to_string(),
                            reviewer: reviewer.to_string(),
                            value: if viewer_done || *reviewer == viewer {
                                Answer::parse(v)
                            } else {
                                None
                            },
                        });
                    }
                }
            }
            all_pairs += pairs;
            all_alike += alike;
            CalibrationItem {
                item: item.id.clone(),
                text: item.text.clone(),
                pairs,
                agreement: (viewer_done && pairs > 0).then(|| f64::from(alike) / f64::from(pairs)),
                answers: cells,
            }
        })
        .collect();
    Ok(CalibrationView {
        case_ids: files,
        reviewers: reviewers.into_iter().collect(),
        viewer_done,
        agreement: (viewer_done && all_pairs > 0)
            .then(|| f64::from(all_alike) / f64::from(all_pairs)),
        items,
    })
}
