//! The review itself: answers per sampled file and item, the results, and the final
//! grades (`docs/domain.md`).
//!
//! Every answer is committed in its own transaction and every change leaves a history
//! event with the old and the new value, so a crash loses at most the answer being
//! typed and nothing is ever silently overwritten.

use crate::audits::require;
use crate::events::{self, Event};
use crate::{Context, Result, ServiceError, Store, guard};
use aktgranskning_core::PopulationRow;
use aktgranskning_core::checklist::{Answer, Applicability, AppliesTo, CaseFacts, Grade, Template};
use aktgranskning_core::results::{self, ItemResult, ReviewedFile, RollUp};
use aktgranskning_import::RowError;
use aktgranskning_import::headers::{self, Field};
use aktgranskning_import::table::{Cell, Table};
use aktgranskning_store::answers::{self, AnswerRow};
use aktgranskning_store::audits::{AuditRow, Status};
use aktgranskning_store::grades::{self, GradeRow};
use aktgranskning_store::samples::SampleRecord;
use aktgranskning_store::{Connection, population, samples};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

mod export;
mod files;
pub use export::{
    SampledFile, SheetExport, export_answers_xlsx, export_results_xlsx, export_sample_xlsx,
    sample_list,
};
pub use files::{
    FileItem, FileStatus, FileView, ItemApplicability, reveal_personnummer, review_file,
    review_file_as, review_files,
};

/// One answer to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerInput {
    pub case_id: String,
    pub item_id: String,
    pub value: Answer,
    pub comment: Option<String>,
}

/// What the review needs to know about an audit.
struct Review {
    audit: AuditRow,
    template: Template,
    /// The population rows loaded (all, or the one case), in case id order.
    rows: Vec<PopulationRow>,
    /// Facts of every loaded row, by case id.
    facts: HashMap<String, CaseFacts>,
    /// The current draw, if any.
    draw: Option<SampleRecord>,
    /// The current sample's case ids, in case id order (byte order).
    sample: Vec<String>,
}

impl Review {
    fn load(conn: &Connection, audit_id: i64) -> Result<Review> {
        Self::load_scoped(conn, audit_id, None)
    }

    /// What the review needs for one case only: its facts, and the sample holding just
    /// it when it is sampled. Answering one item must not read 30 000 population rows.
    fn load_case(conn: &Connection, audit_id: i64, case_id: &str) -> Result<Review> {
        Self::load_scoped(conn, audit_id, Some(case_id))
    }

    fn load_scoped(conn: &Connection, audit_id: i64, case_id: Option<&str>) -> Result<Review> {
        let audit = require(conn, audit_id)?;
        let template = crate::templates::for_audit(conn, audit_id)?;
        let rows = match case_id {
            None => population::load(conn, audit_id)?,
            Some(c) => population::get(conn, audit_id, c)?.into_iter().collect(),
        };
        let facts = rows
            .iter()
            .map(|r| (r.case_id.clone(), r.case_facts(audit.reference_date)))
            .collect();
        let draw = samples::current(conn, audit_id)?;
        let sample = match (&draw, case_id) {
            (Some(s), None) => samples::case_ids(conn, s.id)?,
            (Some(s), Some(c)) if samples::contains(conn, s.id, c)? => vec![c.to_string()],
            _ => Vec::new(),
        };
        Ok(Review {
            audit,
            template,
            rows,
            facts,
            draw,
            sample,
        })
    }

    /// The population row of a sampled case, or a Swedish not-found error.
    fn sampled_row(&self, case_id: &str) -> Result<&PopulationRow> {
        if !self.in_sample(case_id) {
            return Err(ServiceError::not_found(
                "Akten ingår inte i granskningens urval.",
            ));
        }
        self.rows
            .iter()
            .find(|r| r.case_id == case_id)
            .ok_or_else(|| ServiceError::not_found("Akten finns inte i populationen."))
    }

    /// Whether the case is in the current sample (the ids are stored sorted).
    fn in_sample(&self, case_id: &str) -> bool {
        self.sample
            .binary_search_by(|c| c.as_bytes().cmp(case_id.as_bytes()))
            .is_ok()
    }

    fn require_open_for_answers(&self) -> Result<()> {
        match self.audit.status {
            Status::Faktagranskning | Status::Slutford => Err(ServiceError::refused(format!(
                "Granskningen har status {}: svaren kan inte ändras.",
                self.audit.status.label()
            ))),
            _ if self.draw.is_none() => Err(ServiceError::refused(
                "Inget urval har dragits för granskningen ännu: dra urvalet innan akterna granskas.",
            )),
            _ => Ok(()),
        }
    }

    /// Checks one answer against the sample, the template and the item's rule; the
    /// message is Swedish and never repeats the case id.
    fn check(&self, a: &AnswerInput) -> std::result::Result<(), (&'static str, String)> {
        if !self.in_sample(&a.case_id) {
            return Err((
                "Ärende-id",
                "Ärendet ingår inte i granskningens urval".to_string(),
            ));
        }
        let Some(item) = self.template.item(&a.item_id) else {
            return Err((
                "Fråga",
                format!(
                    "Okänd fråga ”{}”: den finns inte i mallen {} version {}",
                    a.item_id, self.template.name, self.template.version
                ),
            ));
        };
        let facts = self.facts[&a.case_id];
        if a.value != Answer::EjAktuellt
            && item.applies_to.applicability(&facts)
                == (Applicability::NotApplicable { overridable: false })
        {
            let why = match item.applies_to {
                AppliesTo::Lss => "Frågan gäller bara LSS-ärenden",
                _ => "Frågan gäller bara beslut om avslag eller delavslag",
            };
            return Err(("Svar", format!("{why}: svara Ej aktuellt")));
        }
        Ok(())
    }
}

fn clean_comment(c: Option<&str>) -> Option<String> {
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
    let now = ctx.now_text();
    let changed = store.write(|tx| {
        let mut changed = 0;
        for a in &inputs {
            if write_answer(tx, ctx, audit_id, a, &now)? {
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

/// The columns of an answer file: name, accepted headers (normalised), required. The
/// case id column is recognised like the population's (`Ärende-id` and its aliases).
const ANSWER_HEADERS: [(&str, &[&str], bool); 4] = [
    ("Ärende-id", &[], true),
    ("Fråga", &["fråga", "fråge-id", "item"], true),
    ("Svar", &["svar"], true),
    ("Kommentar", &["kommentar"], false),
];

/// Which answer-file column a header names.
fn answer_column(header: &str) -> Option<usize> {
    if matches!(headers::field_of(header), Some((Field::CaseId, _))) {
        return Some(0);
    }
    let h = headers::normalise(header);
    ANSWER_HEADERS
        .iter()
        .position(|(_, aliases, _)| aliases.contains(&h.as_str()))
}

fn parse_answer_rows(
    review: &Review,
    table: &Table,
    today: chrono::NaiveDate,
    case_check: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<Vec<AnswerInput>, Vec<RowError>> {
    let header = &table.rows[0];
    let mut cols: [Option<(usize, String)>; 4] = Default::default();
    for (i, cell) in header.cells.iter().enumerate() {
        let text = cell.text();
        if let Some(k) = answer_column(&text)
            && cols[k].is_none()
        {
            cols[k] = Some((i, text.trim().to_string()));
        }
    }
    let missing: Vec<RowError> = ANSWER_HEADERS
        .iter()
        .zip(&cols)
        .filter(|((_, _, required), col)| *required && col.is_none())
        .map(|((name, _, _), _)| RowError {
            line: header.line,
            column: name.to_string(),
            message: format!(
                "Kolumnen {name} saknas i rubrikraden (väntat: Ärende-id;Fråga;Svar;Kommentar)"
            ),
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for row in &table.rows[1..] {
        let get = |k: usize| -> String {
            cols[k]
                .as_ref()
                .and_then(|(i, _)| row.cells.get(*i))
                .map(Cell::text)
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let column = |k: usize| {
            cols[k]
                .as_ref()
                .map_or(ANSWER_HEADERS[k].0.to_string(), |(_, h)| h.clone())
        };
        let mut err = |k: usize, message: String| {
            errors.push(RowError {
                line: row.line,
                column: column(k),
                message,
            })
        };
        let (case_id, item_id, value) = (get(0), get(1), get(2));
        if case_id.is_empty() {
            err(0, "Ärende-id saknas".to_string());
            continue;
        }
        if let Some(m) = case_check(&case_id) {
            err(0, m);
            continue;
        }
        if item_id.is_empty() {
            err(1, "Fråga saknas".to_string());
            continue;
        }
        let Some(value) = Answer::parse(&value) else {
            err(
                2,
                "Ogiltigt svar: ange Ja, Delvis, Nej eller Ej aktuellt".to_string(),
            );
            continue;
        };
        let comment = clean_comment(Some(&get(3)));
        if let Some(m) = comment
            .as_deref()
            .and_then(|c| guard::text_problem(today, "Kommentar", c, guard::MAX_COMMENT))
        {
            err(3, m);
            continue;
        }
        let input = AnswerInput {
            case_id,
            item_id,
            value,
            comment,
        };
        if let Err((col, message)) = review.check(&input) {
            let k = ANSWER_HEADERS.iter().position(|h| h.0 == col).unwrap_or(0);
            err(k, message);
            continue;
        }
        if let Some(first) = seen.insert((input.case_id.clone(), input.item_id.clone()), row.line) {
            err(
                1,
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

/// One item's result as shown and exported, with the grade's motivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemView {
    #[serde(flatten)]
    pub result: ItemResult,
    pub motivation: Option<String>,
}

/// The results of the review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ResultsView {
    pub population: usize,
    pub sample_size: usize,
    /// Sampled files with every applicable item answered.
    pub files_complete: usize,
    pub template: String,
    pub template_version: u32,
    pub items: Vec<ItemView>,
    pub areas: Vec<RollUp>,
    pub kvalitetsomraden: Vec<RollUp>,
}

/// Computes the results of the audit from the stored answers and grades; for a gallrad
/// audit, whose population is gone, the results as they stood when it was gallrad.
pub fn results(store: &Store, audit_id: i64) -> Result<ResultsView> {
    let conn = store.conn();
    if let Some(kept) = aktgranskning_store::gallring::kept_results(conn, audit_id)? {
        return serde_json::from_str(&kept).map_err(|_| {
            ServiceError::internal("Resultaten som sparades vid gallringen kunde inte läsas.")
        });
    }
    let review = Review::load(conn, audit_id)?;
    let by_case: HashMap<String, HashMap<String, Answer>> =
        answers::answered_values(conn, audit_id)?
            .into_iter()
            .map(|(case_id, values)| {
                let given = values
                    .into_iter()
                    .filter_map(|(item, v)| Answer::parse(&v).map(|v| (item, v)))
                    .collect();
                (case_id, given)
            })
            .collect();
    let grade_rows = grades::list(conn, audit_id)?;
    let finals: HashMap<String, Grade> = grade_rows
        .iter()
        .filter_map(|g| Grade::parse(&g.grade).map(|v| (g.item_id.clone(), v)))
        .collect();
    let empty = HashMap::new();
    let sample: Vec<ReviewedFile> = review
        .sample
        .iter()
        .filter_map(|c| {
            review.facts.get(c).map(|f| ReviewedFile {
                facts: *f,
                answers: by_case.get(c).unwrap_or(&empty),
            })
        })
        .collect();
    let population: Vec<CaseFacts> = review.facts.values().copied().collect();
    let r = results::compute(&review.template, &population, &sample, &finals);
    let files_complete = sample
        .iter()
        .filter(|f| file_complete(&review.template, &f.facts, |id| f.answers.contains_key(id)))
        .count();
    let motivation: HashMap<&str, Option<String>> = grade_rows
        .iter()
        .map(|g| (g.item_id.as_str(), g.motivation.clone()))
        .collect();
    Ok(ResultsView {
        population: population.len(),
        sample_size: sample.len(),
        files_complete,
        template: review.template.id.clone(),
        template_version: review.template.version,
        items: r
            .items
            .into_iter()
            .map(|result| ItemView {
                motivation: motivation.get(result.id.as_str()).cloned().flatten(),
                result,
            })
            .collect(),
        areas: r.areas,
        kvalitetsomraden: r.kvalitetsomraden,
    })
}

/// The final grade of an item as set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GradeSet {
    pub item: String,
    pub grade: Grade,
    pub suggested_grade: Option<Grade>,
    pub motivation: Option<String>,
}

/// Sets the final grade of an item. A grade that differs from the suggestion requires a
/// written motivation.
pub fn set_grade(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    item_id: &str,
    grade: Grade,
    motivation: Option<&str>,
) -> Result<GradeSet> {
    if require(store.conn(), audit_id)?.status == Status::Slutford {
        return Err(ServiceError::refused(
            "Granskningen är slutförd: betygen kan inte ändras.",
        ));
    }
    let view = results(store, audit_id)?;
    let item = view
        .items
        .iter()
        .find(|i| i.result.id == item_id)
        .ok_or_else(|| ServiceError::invalid_field("Fråga", format!("Okänd fråga ”{item_id}”")))?;
    let suggested = item.result.suggested_grade;
    let motivation = clean_comment(motivation);
    if let Some(m) = &motivation {
        guard::check_text(ctx, "Motivering", m, guard::MAX_COMMENT)?;
    }
    if Some(grade) != suggested && motivation.is_none() {
        let msg = match suggested {
            Some(s) => format!(
                "Betyget {} skiljer sig från det föreslagna ({}): skriv en motivering.",
                grade.label(),
                s.label()
            ),
            None => format!(
                "Det finns inget föreslaget betyg för frågan ännu: skriv en motivering till betyget {}.",
                grade.label()
            ),
        };
        return Err(ServiceError::refused(msg));
    }
    let now = ctx.now_text();
    let old = item.result.final_grade;
    store.write(|tx| {
        grades::upsert(
            tx,
            audit_id,
            &GradeRow {
                item_id: item_id.to_string(),
                grade: grade.as_str().to_string(),
                motivation: motivation.clone(),
                set_by: ctx.user.clone(),
                set_at: now.clone(),
            },
        )?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::GradeSet(events::GradeSet {
                item_id: item_id.to_string(),
                old: old.map(|g| g.as_str().to_string()),
                new: grade.as_str().to_string(),
                suggested: suggested.map(|g| g.as_str().to_string()),
                motivation: motivation.clone(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(GradeSet {
        item: item_id.to_string(),
        grade,
        suggested_grade: suggested,
        motivation,
    })
}

/// A file is complete when every item that applies to it by rule has an answer.
pub(crate) fn file_complete(
    template: &Template,
    facts: &CaseFacts,
    answered: impl Fn(&str) -> bool,
) -> bool {
    template
        .items
        .iter()
        .all(|i| answered(&i.id) || i.applies_to.applicability(facts) != Applicability::Applies)
}

/// True once any answer has been recorded for the audit.
pub(crate) fn review_started(conn: &Connection, audit_id: i64) -> Result<bool> {
    Ok(answers::count(conn, audit_id)? > 0)
}

/// One controller's share of the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ControllerProgress {
    /// The controller, or `null` for files not assigned to anyone.
    pub controller: Option<String>,
    pub files: usize,
    /// Files with every applicable item answered.
    pub complete: usize,
    /// Sampled case ids of this controller, in case id order.
    pub case_ids: Vec<String>,
}

/// Progress of the review, overall and per controller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Progress {
    pub files: usize,
    pub complete: usize,
    pub controllers: Vec<ControllerProgress>,
}

/// Splits the current sample among the controllers: the files in stratum order, dealt
/// out in turn, so that each controller gets a near-equal share of every stratum.
/// Replaces an earlier split; answers already given are kept.
pub fn assign_sample(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    controllers: &[String],
) -> Result<Progress> {
    let controllers: Vec<String> = controllers
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if controllers.is_empty() {
        return Err(ServiceError::invalid_field(
            "Granskare",
            "Ange minst en granskare",
        ));
    }
    let unique: HashSet<&String> = controllers.iter().collect();
    if unique.len() != controllers.len() {
        return Err(ServiceError::invalid_field(
            "Granskare",
            "En granskare är angiven två gånger",
        ));
    }
    let review = Review::load(store.conn(), audit_id)?;
    review.require_open_for_answers()?;
    // require_open_for_answers has made sure there is a draw.
    let strata_spec = review.draw.as_ref().map_or("none", |d| d.strata.as_str());
    let strata = aktgranskning_core::sampling::Strata::parse(strata_spec)
        .map_err(|e| ServiceError::invalid(e.to_string()))?;
    let mut ordered: Vec<(String, String)> = review
        .rows
        .iter()
        .filter(|r| review.in_sample(&r.case_id))
        .map(|r| (r.sampling_unit(&strata).stratum, r.case_id.clone()))
        .collect();
    ordered.sort();
    let pairs: Vec<(String, String)> = ordered
        .into_iter()
        .enumerate()
        .map(|(i, (_, case_id))| (case_id, controllers[i % controllers.len()].clone()))
        .collect();
    let now = ctx.now_text();
    store.write(|tx| {
        answers::replace_assignments(tx, audit_id, &pairs)?;
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::SampleAssigned(events::SampleAssigned {
                controllers: controllers.clone(),
                files: pairs.len(),
            }),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    progress(store, audit_id)
}

/// The review's progress, overall and per controller.
pub fn progress(store: &Store, audit_id: i64) -> Result<Progress> {
    let conn = store.conn();
    let review = Review::load(conn, audit_id)?;
    // A file has at most a few dozen answers: a list is cheaper to build than a set.
    let answered: HashMap<String, Vec<String>> = answers::answered_items(conn, audit_id)?
        .into_iter()
        .collect();
    let complete = |case_id: &str| -> bool {
        let given = answered.get(case_id).map_or(&[][..], Vec::as_slice);
        review
            .facts
            .get(case_id)
            .is_some_and(|f| file_complete(&review.template, f, |id| given.iter().any(|g| g == id)))
    };
    let owner: HashMap<String, String> =
        answers::assignments(conn, audit_id)?.into_iter().collect();
    let mut groups: Vec<ControllerProgress> = Vec::new();
    for case_id in &review.sample {
        let who = owner.get(case_id).cloned();
        let g = match groups.iter_mut().position(|g| g.controller == who) {
            Some(i) => &mut groups[i],
            None => {
                groups.push(ControllerProgress {
                    controller: who,
                    files: 0,
                    complete: 0,
                    case_ids: Vec::new(),
                });
                groups.last_mut().expect("just pushed")
            }
        };
        g.files += 1;
        g.complete += usize::from(complete(case_id));
        g.case_ids.push(case_id.clone());
    }
    groups.sort_by(|a, b| a.controller.cmp(&b.controller));
    Ok(Progress {
        files: review.sample.len(),
        complete: groups.iter().map(|g| g.complete).sum(),
        controllers: groups,
    })
}
