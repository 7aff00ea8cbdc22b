//! Dubbelgranskning (`docs/agreement.md`): a seeded share of the sample, stratified like
//! the sample, is reviewed a second time by another controller, blind; the agreement
//! between the two is measured (observed agreement, Cohen's κ, Gwet's AC1, with 95 %
//! intervals); every disagreement is settled with a reason, and the settled answer
//! becomes the audit's answer. The audit's results use the first review until then.
//!
//! Blindness is kept here, in the service: the second reviewer does not see the first's
//! answers of a file, nor the first the second's, until both have answered every item
//! of it (`hidden`, `hidden_first`; the file view, the history and the answers
//! export ask them).

use crate::events::{self, Event};
use crate::lookup::require;
use crate::review::{AnswerInput, AnswersImported};
use crate::{Context, Result, ServiceError, Store, guard};
use aktgranskning_core::agreement::{Agreement, agreement};
use aktgranskning_core::checklist::{Answer, Template};
use aktgranskning_core::sampling::{self, Strata};
use aktgranskning_store::answers::{self, AnswerRow};
use aktgranskning_store::audits::Status;
use aktgranskning_store::double::{self as store_double, DoubleDraw, Settlement};
use aktgranskning_store::{Connection, population, samples};
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use ts_rs::TS;

/// The default share of the sample reviewed twice: 10 %.
pub const DEFAULT_PERCENT_BP: u32 = 1_000;
/// At least this many files are reviewed twice, when the sample has them.
pub const MIN_FILES: usize = 5;

/// A drawn file and its second reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecondReviewer {
    pub case_id: String,
    pub reviewer: Option<String>,
    /// Both reviews of the file are complete (every applicable item answered twice).
    pub complete: bool,
}

/// The drawn share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DoubleView {
    pub case_ids: Vec<String>,
    pub seed: u64,
    /// "10 %".
    pub percent: String,
    pub algorithm: String,
    pub files: Vec<SecondReviewer>,
}

/// How far two reviewers agree, with the intervals, for the whole or one item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OverallAgreement {
    pub agreement: f64,
    pub kappa: Option<f64>,
    pub kappa_ci_low: Option<f64>,
    pub kappa_ci_high: Option<f64>,
    pub ac1: f64,
    pub ac1_ci_low: f64,
    pub ac1_ci_high: f64,
}

/// One item's agreement.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ItemAgreement {
    pub item: String,
    pub text: String,
    pub pairs: u32,
    pub agreement: f64,
    pub kappa: Option<f64>,
    pub ac1: f64,
    /// AC1 below 0.6 or agreement below 80 %.
    pub flagged: bool,
}

/// The agreement of the double review, over the files both reviews are complete for.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgreementView {
    /// Files drawn for double review.
    pub drawn: usize,
    /// Files both reviews are complete for: the ones compared.
    pub files: usize,
    /// Paired answers compared (file × item).
    pub pairs: u32,
    pub overall: Option<OverallAgreement>,
    pub items: Vec<ItemAgreement>,
    pub disagreements: usize,
    pub unsettled: usize,
    /// How the settled disagreements ended: the first's answer, the second's, a third.
    pub settled_first: usize,
    pub settled_second: usize,
    pub settled_other: usize,
}

/// A settled disagreement, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SettledView {
    pub value: Answer,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A disagreement between the two reviews of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Disagreement {
    pub case_id: String,
    pub item: String,
    pub text: String,
    pub first: Answer,
    pub second: Answer,
    pub settled: Option<SettledView>,
}

fn refuse_when_closed(conn: &Connection, audit_id: i64) -> Result<()> {
    let audit = require(conn, audit_id)?;
    if matches!(audit.status, Status::Faktagranskning | Status::Slutford) {
        return Err(ServiceError::refused(format!(
            "Granskningen har status {}: dubbelgranskningen kan inte ändras.",
            audit.status.label()
        )));
    }
    Ok(())
}

fn drawn(conn: &Connection, audit_id: i64) -> Result<DoubleDraw> {
    store_double::draw(conn, audit_id)?.ok_or_else(|| {
        ServiceError::refused(
            "Ingen andel för dubbelgranskning är dragen: dra den först (double draw).",
        )
    })
}

/// The drawn share as read: "10 %".
fn percent_label(bp: u32) -> String {
    format!("{} %", sampling::format_percent(bp))
}

/// The drawn share's percentage and seed, without working out which files are complete
/// (for the report, which gets those from [`agreement_view`]).
pub(crate) fn draw_facts(conn: &Connection, audit_id: i64) -> Result<Option<(String, u64)>> {
    Ok(store_double::draw(conn, audit_id)?.map(|d| (percent_label(d.percent_bp), d.seed)))
}

fn view(conn: &Connection, audit_id: i64, d: DoubleDraw) -> Result<DoubleView> {
    let reviewers: HashMap<String, String> = store_double::reviewers(conn, audit_id)?
        .into_iter()
        .collect();
    let complete = complete_files(conn, audit_id, &d)?;
    Ok(DoubleView {
        files: d
            .case_ids
            .iter()
            .map(|c| SecondReviewer {
                case_id: c.clone(),
                reviewer: reviewers.get(c).cloned(),
                complete: complete.contains(c),
            })
            .collect(),
        percent: percent_label(d.percent_bp),
        seed: d.seed,
        algorithm: d.algorithm,
        case_ids: d.case_ids,
    })
}

/// The drawn share with its second reviewers; `None` before a draw.
pub fn double_view(store: &Store, audit_id: i64) -> Result<Option<DoubleView>> {
    let conn = store.conn();
    require(conn, audit_id)?;
    store_double::draw(conn, audit_id)?
        .map(|d| view(conn, audit_id, d))
        .transpose()
}

/// Draws the share of the sample to review twice: `percent_bp` (default 10 %) of the
/// sample and at least [`MIN_FILES`] files when the sample has them, with the sampling
/// algorithm over the sample, stratified as the sample is, from `seed` (or a fresh one).
/// A new draw replaces an earlier one only while no second answer exists.
pub fn draw_double(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    percent_bp: Option<u32>,
    seed: Option<u64>,
) -> Result<DoubleView> {
    let conn = store.conn();
    refuse_when_closed(conn, audit_id)?;
    let sample = samples::current(conn, audit_id)?
        .ok_or_else(|| ServiceError::refused("Granskningen har inget urval: dra urvalet först."))?;
    if !store_double::second_answers(conn, audit_id)?.is_empty() {
        return Err(ServiceError::refused(
            "Den andra granskningen har påbörjats: andelen för dubbelgranskning kan inte dras om.",
        ));
    }
    let bp = percent_bp.unwrap_or(DEFAULT_PERCENT_BP);
    if bp == 0 || bp > 10_000 {
        return Err(ServiceError::invalid_field(
            "Andel",
            "Andelen måste vara större än 0 och högst 100 procent",
        ));
    }
    let strata =
        Strata::parse(&sample.strata).map_err(|e| ServiceError::internal(e.to_string()))?;
    let mut units = Vec::new();
    for case in samples::case_ids(conn, sample.id)? {
        let row = population::get(conn, audit_id, &case)?.ok_or_else(|| {
            ServiceError::refused("Populationen finns inte längre: andelen kan inte dras.")
        })?;
        units.push(row.sampling_unit(&strata));
    }
    let n = units.len();
    let least = MIN_FILES.min(n);
    let bp = if sampling::sample_size(bp, n) < least {
        // The smallest share that gives `least` files: ⌈bp·n/10000⌉ ≥ least.
        u32::try_from((least - 1) * 10_000 / n.max(1) + 1).unwrap_or(10_000)
    } else {
        bp
    };
    let seed = match seed {
        Some(s) => s,
        None => crate::sampling::entropy_seed()?,
    };
    let s =
        sampling::draw_v2(&units, bp, seed).map_err(|e| ServiceError::invalid(e.to_string()))?;
    let d = DoubleDraw {
        algorithm: s.algorithm.to_string(),
        seed,
        percent_bp: bp,
        case_ids: s.case_ids,
        drawn_at: ctx.now_text(),
        drawn_by: ctx.user.clone(),
    };
    store.write(|tx| {
        store_double::set_draw(tx, audit_id, &d)?;
        events::record(
            tx,
            audit_id,
            &d.drawn_at,
            &ctx.user,
            &Event::DoubleDrawn(events::DoubleDrawn {
                seed: d.seed,
                algorithm: d.algorithm.clone(),
                percent_bp: d.percent_bp,
                files: d.case_ids.len(),
                case_ids: d.case_ids.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    view(store.conn(), audit_id, d)
}

/// The controllers who made the first review of a file: the one it is assigned to and
/// everyone who has answered it.
fn first_reviewers(conn: &Connection, audit_id: i64, case_id: &str) -> Result<HashSet<String>> {
    let mut who: HashSet<String> = answers::list_case(conn, audit_id, case_id)?
        .into_iter()
        .map(|a| a.answered_by)
        .collect();
    who.extend(answers::assignment(conn, audit_id, case_id)?);
    Ok(who)
}

/// Assigns the second reviewer of every drawn file, or of one (`case`). Never the
/// controller who made the first review; not once the file's second review has started
/// under someone else.
pub fn assign_second(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    reviewer: &str,
    case: Option<&str>,
) -> Result<DoubleView> {
    let conn = store.conn();
    refuse_when_closed(conn, audit_id)?;
    let reviewer = reviewer.trim();
    if reviewer.is_empty() {
        return Err(ServiceError::invalid_field(
            "Andragranskare",
            "Ange vem som gör den andra granskningen",
        ));
    }
    guard::check_text(ctx, "Andragranskare", reviewer, guard::MAX_SHORT)?;
    let d = drawn(conn, audit_id)?;
    let targets: Vec<String> = match case {
        Some(c) if d.case_ids.iter().any(|x| x == c) => vec![c.to_string()],
        Some(_) => {
            return Err(ServiceError::invalid_field(
                "Akt",
                "Akten ingår inte i andelen för dubbelgranskning",
            ));
        }
        None => d.case_ids.clone(),
    };
    let seconds = store_double::second_answers(conn, audit_id)?;
    let current: HashMap<String, String> = store_double::reviewers(conn, audit_id)?
        .into_iter()
        .collect();
    for c in &targets {
        if first_reviewers(conn, audit_id, c)?.contains(reviewer) {
            return Err(ServiceError::refused(format!(
                "{reviewer} har gjort den första granskningen av akt {c}: den andra granskningen ska göras av någon annan."
            )));
        }
        if current.get(c).is_some_and(|r| r != reviewer) && seconds.iter().any(|a| &a.case_id == c)
        {
            return Err(ServiceError::refused(format!(
                "Den andra granskningen av akt {c} har påbörjats av {}: den kan inte lämnas över.",
                current[c]
            )));
        }
    }
    let now = ctx.now_text();
    store.write(|tx| {
        for c in &targets {
            store_double::set_reviewer(tx, audit_id, c, reviewer)?;
        }
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::DoubleAssigned(events::DoubleAssigned {
                reviewer: reviewer.to_string(),
                case_ids: targets.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    view(store.conn(), audit_id, d)
}

/// Why `user` may not answer the second review of `case`, if not.
fn not_second_reviewer(
    d: &DoubleDraw,
    reviewers: &HashMap<String, String>,
    case: &str,
    user: &str,
) -> Option<String> {
    if !d.case_ids.iter().any(|c| c == case) {
        return Some("Akten ingår inte i andelen för dubbelgranskning".to_string());
    }
    match reviewers.get(case) {
        None => Some("Akten har ingen andragranskare ännu (double assign)".to_string()),
        Some(r) if r != user => Some(format!("Akten ska andragranskas av {r}, inte av {user}")),
        Some(_) => None,
    }
}

fn write_second(
    tx: &Connection,
    ctx: &Context,
    audit_id: i64,
    a: &AnswerInput,
    now: &str,
) -> Result<bool> {
    crate::review::write_review_answer(tx, ctx, audit_id, a, now, true)
}

/// Refuses, while the audit is open for answers, anyone but the file's second reviewer.
fn require_second_reviewer(
    conn: &Connection,
    audit_id: i64,
    case_id: &str,
    user: &str,
) -> Result<()> {
    refuse_when_closed(conn, audit_id)?;
    let d = drawn(conn, audit_id)?;
    let reviewers = store_double::reviewers(conn, audit_id)?
        .into_iter()
        .collect();
    match not_second_reviewer(&d, &reviewers, case_id, user) {
        Some(why) => Err(ServiceError::refused(format!("{why}."))),
        None => Ok(()),
    }
}

/// Records one answer of the second review; the acting user must be the file's second
/// reviewer.
pub fn set_second_answer(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    a: &AnswerInput,
) -> Result<()> {
    let conn = store.conn();
    require_second_reviewer(conn, audit_id, &a.case_id, &ctx.user)?;
    crate::review::check_answer(conn, audit_id, a)?;
    if let Some(c) = &a.comment {
        guard::check_text(ctx, "Kommentar", c, guard::MAX_COMMENT)?;
    }
    let now = ctx.now_text();
    store.write(|tx| write_second(tx, ctx, audit_id, a, &now))?;
    Ok(())
}

/// Clears an answer of the second review back to unanswered (the file's second reviewer
/// only); the history keeps what it was (`second_answer_cleared`). Nothing to clear is not
/// an error.
pub fn clear_second_answer(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
) -> Result<()> {
    let conn = store.conn();
    require_second_reviewer(conn, audit_id, case_id, &ctx.user)?;
    let Some(old) = store_double::second_answer(conn, audit_id, case_id, item_id)? else {
        return Ok(());
    };
    let now = ctx.now_text();
    store.write(|tx| {
        store_double::delete_second_answer(tx, audit_id, case_id, item_id)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::SecondAnswerCleared(events::AnswerCleared {
                case_id: case_id.to_string(),
                item_id: item_id.to_string(),
                old: Some(old.value),
                old_comment: old.comment,
                merged: events::Merged::default(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })
}

/// Imports the second review's answers from an answer file (the same columns as the
/// first review's), all or nothing; every row's file must be the acting user's to
/// review second.
pub fn import_second_answers(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    bytes: &[u8],
) -> Result<AnswersImported> {
    let conn = store.conn();
    refuse_when_closed(conn, audit_id)?;
    let d = drawn(conn, audit_id)?;
    let reviewers: HashMap<String, String> = store_double::reviewers(conn, audit_id)?
        .into_iter()
        .collect();
    let user = ctx.user.clone();
    let inputs = crate::review::read_answer_file(conn, audit_id, bytes, ctx, &|case| {
        not_second_reviewer(&d, &reviewers, case, &user)
    })?;
    crate::review::write_answers(store, ctx, audit_id, &inputs, true)
}

/// The drawn files both reviews are complete for: every item that applies to the file
/// answered by both. After gallring (no population) a file counts as complete when both
/// answered the same items.
fn complete_files(conn: &Connection, audit_id: i64, d: &DoubleDraw) -> Result<HashSet<String>> {
    let template: Template = crate::templates::for_audit(conn, audit_id)?;
    let reference = require(conn, audit_id)?.reference_date;
    let seconds = by_case(store_double::second_answers(conn, audit_id)?);
    let mut out = HashSet::new();
    for c in &d.case_ids {
        let first: HashSet<String> = answers::list_case(conn, audit_id, c)?
            .into_iter()
            .map(|a| a.item_id)
            .collect();
        let second: HashSet<String> = seconds
            .get(c)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let complete = match population::get(conn, audit_id, c)? {
            Some(row) => {
                let facts = row.case_facts(reference);
                crate::review::file_complete(&template, &facts, |id| first.contains(id))
                    && crate::review::file_complete(&template, &facts, |id| second.contains(id))
            }
            None => !first.is_empty() && first == second,
        };
        if complete {
            out.insert(c.clone());
        }
    }
    Ok(out)
}

fn by_case(rows: Vec<AnswerRow>) -> HashMap<String, BTreeMap<String, AnswerRow>> {
    let mut out: HashMap<String, BTreeMap<String, AnswerRow>> = HashMap::new();
    for r in rows {
        out.entry(r.case_id.clone())
            .or_default()
            .insert(r.item_id.clone(), r);
    }
    out
}

/// A compared pair: file, item, the first's answer as given (before any settlement),
/// the second's, and the settlement.
struct Pair {
    case_id: String,
    item_id: String,
    first: Answer,
    second: Answer,
    settled: Option<Settlement>,
}

/// The paired answers of the files both reviews are complete for.
fn pairs(conn: &Connection, audit_id: i64) -> Result<(usize, usize, Vec<Pair>)> {
    let Some(d) = store_double::draw(conn, audit_id)? else {
        return Ok((0, 0, Vec::new()));
    };
    let complete = complete_files(conn, audit_id, &d)?;
    let seconds = by_case(store_double::second_answers(conn, audit_id)?);
    let settled: HashMap<(String, String), Settlement> = store_double::settlements(conn, audit_id)?
        .into_iter()
        .map(|s| ((s.case_id.clone(), s.item_id.clone()), s))
        .collect();
    let mut out = Vec::new();
    for c in d.case_ids.iter().filter(|c| complete.contains(*c)) {
        for a in answers::list_case(conn, audit_id, c)? {
            let Some(b) = seconds.get(c).and_then(|m| m.get(&a.item_id)) else {
                continue;
            };
            let s = settled.get(&(c.clone(), a.item_id.clone())).cloned();
            // The first's answer as given: a settlement may have replaced it since.
            let first = s.as_ref().map_or(a.value.as_str(), |s| s.first.as_str());
            let (Some(first), Some(second)) = (Answer::parse(first), Answer::parse(&b.value))
            else {
                continue;
            };
            out.push(Pair {
                case_id: c.clone(),
                item_id: a.item_id.clone(),
                first,
                second,
                settled: s,
            });
        }
    }
    Ok((d.case_ids.len(), complete.len(), out))
}

fn overall(a: &Agreement) -> OverallAgreement {
    OverallAgreement {
        agreement: a.agreement,
        kappa: a.kappa.map(|k| k.value),
        kappa_ci_low: a.kappa.map(|k| k.low),
        kappa_ci_high: a.kappa.map(|k| k.high),
        ac1: a.ac1.value,
        ac1_ci_low: a.ac1.low,
        ac1_ci_high: a.ac1.high,
    }
}

/// The agreement between the two reviews, overall and per item (in checklist order),
/// over the files both reviews are complete for.
pub fn agreement_view(store: &Store, audit_id: i64) -> Result<AgreementView> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let template = crate::templates::for_audit(conn, audit_id)?;
    let (drawn, files, pairs) = pairs(conn, audit_id)?;
    let all: Vec<(Answer, Answer)> = pairs.iter().map(|p| (p.first, p.second)).collect();
    let items = template
        .items
        .iter()
        .filter_map(|item| {
            let of: Vec<(Answer, Answer)> = pairs
                .iter()
                .filter(|p| p.item_id == item.id)
                .map(|p| (p.first, p.second))
                .collect();
            agreement(&of).map(|a| ItemAgreement {
                item: item.id.clone(),
                text: item.text.clone(),
                pairs: a.pairs,
                agreement: a.agreement,
                kappa: a.kappa.map(|k| k.value),
                ac1: a.ac1.value,
                flagged: a.flagged(),
            })
        })
        .collect();
    let differ: Vec<&Pair> = pairs.iter().filter(|p| p.first != p.second).collect();
    let settled_as = |which: fn(&Pair, Answer) -> bool| {
        differ
            .iter()
            .filter(|p| {
                p.settled
                    .as_ref()
                    .and_then(|s| Answer::parse(&s.value))
                    .is_some_and(|v| which(p, v))
            })
            .count()
    };
    Ok(AgreementView {
        drawn,
        files,
        pairs: all.len() as u32,
        overall: agreement(&all).as_ref().map(overall),
        items,
        disagreements: differ.len(),
        unsettled: differ.iter().filter(|p| p.settled.is_none()).count(),
        settled_first: settled_as(|p, v| v == p.first),
        settled_second: settled_as(|p, v| v == p.second),
        settled_other: settled_as(|p, v| v != p.first && v != p.second),
    })
}

/// Every disagreement on a file both reviews are complete for, settled or not.
pub fn disagreements(store: &Store, audit_id: i64) -> Result<Vec<Disagreement>> {
    let conn = store.conn();
    require(conn, audit_id)?;
    let template = crate::templates::for_audit(conn, audit_id)?;
    let text = |id: &str| template.item(id).map_or(String::new(), |i| i.text.clone());
    Ok(pairs(conn, audit_id)?
        .2
        .into_iter()
        .filter(|p| p.first != p.second)
        .map(|p| Disagreement {
            text: text(&p.item_id),
            settled: p.settled.and_then(|s| {
                Some(SettledView {
                    value: Answer::parse(&s.value)?,
                    reason: s.reason,
                    by: s.settled_by,
                    at: s.settled_at,
                })
            }),
            case_id: p.case_id,
            item: p.item_id,
            first: p.first,
            second: p.second,
        })
        .collect())
}

/// Disagreements not yet settled: finalising waits for them.
pub(crate) fn unsettled(store: &Store, audit_id: i64) -> Result<usize> {
    Ok(pairs(store.conn(), audit_id)?
        .2
        .iter()
        .filter(|p| p.first != p.second && p.settled.is_none())
        .count())
}

/// Settles a disagreement: `value` (one of the two answers, or a third) with the
/// controllers' reason; it becomes the audit's answer for the file and item.
pub fn settle(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
    value: Answer,
    reason: &str,
) -> Result<Disagreement> {
    let conn = store.conn();
    refuse_when_closed(conn, audit_id)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid_field(
            "Skäl",
            "Skriv varför bedömningen avgjordes så",
        ));
    }
    guard::check_text(ctx, "Skäl", reason, guard::MAX_COMMENT)?;
    let p = pairs(conn, audit_id)?
        .2
        .into_iter()
        .find(|p| p.case_id == case_id && p.item_id == item_id && p.first != p.second)
        .ok_or_else(|| {
            ServiceError::invalid_field(
                "Fråga",
                format!(
                    "Det finns ingen skiljaktig bedömning av {item_id} i akt {case_id} (båda granskningarna av akten måste vara klara)"
                ),
            )
        })?;
    let input = AnswerInput {
        case_id: case_id.to_string(),
        item_id: item_id.to_string(),
        value,
        comment: answers::get(conn, audit_id, case_id, item_id)?.and_then(|a| a.comment),
    };
    crate::review::check_answer(conn, audit_id, &input)?;
    let now = ctx.now_text();
    let s = Settlement {
        case_id: case_id.to_string(),
        item_id: item_id.to_string(),
        first: p.first.as_str().to_string(),
        second: p.second.as_str().to_string(),
        value: value.as_str().to_string(),
        reason: reason.to_string(),
        settled_at: now.clone(),
        settled_by: ctx.user.clone(),
    };
    store.write(|tx| {
        store_double::settle(tx, audit_id, &s)?;
        crate::review::write_answer(tx, ctx, audit_id, &input, &now)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::DoubleSettled(events::DoubleSettled {
                case_id: case_id.to_string(),
                item_id: item_id.to_string(),
                first: s.first.clone(),
                second: s.second.clone(),
                value: s.value.clone(),
                reason: Some(s.reason.clone()),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(Disagreement {
        text: crate::templates::for_audit(store.conn(), audit_id)?
            .item(item_id)
            .map_or(String::new(), |i| i.text.clone()),
        case_id: s.case_id,
        item: s.item_id,
        first: p.first,
        second: p.second,
        settled: Some(SettledView {
            value,
            reason: s.reason,
            by: s.settled_by,
            at: s.settled_at,
        }),
    })
}

/// The drawn files whose reviews `user` may not see while the double review is blind:
/// the first review of the files `user` reviews second, and the second review of every
/// other drawn file, each until both reviews of the file are complete.
fn hidden(
    conn: &Connection,
    audit_id: i64,
    user: &str,
) -> Result<(HashSet<String>, HashSet<String>)> {
    let Some(d) = store_double::draw(conn, audit_id)? else {
        return Ok((HashSet::new(), HashSet::new()));
    };
    let complete = complete_files(conn, audit_id, &d)?;
    let reviewers: HashMap<String, String> = store_double::reviewers(conn, audit_id)?
        .into_iter()
        .collect();
    let (mut first, mut second) = (HashSet::new(), HashSet::new());
    for c in d.case_ids.into_iter().filter(|c| !complete.contains(c)) {
        if reviewers.get(&c).is_some_and(|r| r == user) {
            first.insert(c);
        } else {
            second.insert(c);
        }
    }
    Ok((first, second))
}

/// Files whose first review `user` may not see: those `user` reviews second, until both
/// reviews of the file are complete.
pub fn hidden_first(conn: &Connection, audit_id: i64, user: &str) -> Result<HashSet<String>> {
    Ok(hidden(conn, audit_id, user)?.0)
}

/// History events as `viewer` may read them: an answer of a file still under blind
/// double review, or another controller's calibration answer before the viewer has
/// answered, shows who and when, not what.
pub fn blind_history(
    conn: &Connection,
    audit_id: i64,
    viewer: &str,
    events: &mut [crate::audits::HistoryEvent],
) -> Result<()> {
    let (first, second) = hidden(conn, audit_id, viewer)?;
    // Another controller's calibration answers stay hidden until the viewer has answered.
    let calibrating = !crate::calibration::viewer_done(conn, audit_id, viewer)?;
    if first.is_empty() && second.is_empty() && !calibrating {
        return Ok(());
    }
    for e in events.iter_mut() {
        // Which answer an event is about is read from its details as stored, so that an
        // event whose details do not read as the program writes them is hidden all the same.
        let case = e
            .detail
            .get("case_id")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let item = e.detail.get("item_id").cloned();
        let (hide, calibration) = match Event::parse(&e.kind, &serde_json::Value::Null) {
            // A cleared answer names what it was: hidden alike.
            Some(Event::AnswerSet(_) | Event::AnswerCleared(_)) => (first.contains(&case), false),
            Some(Event::SecondAnswerSet(_) | Event::SecondAnswerCleared(_)) => {
                (second.contains(&case), false)
            }
            Some(Event::CalibrationAnswerSet(_)) => (calibrating && e.user != viewer, true),
            _ => continue,
        };
        if hide {
            e.detail = json!({"case_id": case, "item_id": item, "blind": true});
            e.summary = if calibration {
                "Svaret visas inte förrän du själv har svarat i kalibreringen".to_string()
            } else {
                "Svaret visas inte: akten dubbelgranskas blint tills båda granskningarna är klara"
                    .to_string()
            };
        }
    }
    Ok(())
}
