//! The review screen's views of the sampled files: the list with the state of each file,
//! and one file with its checklist, answers and the applicability the rules decide.
//!
//! A file is shown with its case id, age, lagrum, insats and the personnummer masked
//! (`YYYYMMDD-****`); revealing the full number is a separate call that is recorded in the
//! audit's history (who and when, never the number).

use super::{AnswerInput, Review, file_complete};
use crate::events::{self, Event};
use crate::{Context, Result, Store};
use aktgranskning_core::PopulationRow;
use aktgranskning_core::checklist::{Answer, Applicability, CaseFacts};
use aktgranskning_store::{Connection, answers};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// One sampled file in the review list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileStatus {
    pub case_id: String,
    /// The controller the file is assigned to, if any.
    pub controller: Option<String>,
    /// `LSS` or `SoL`.
    pub lagrum: String,
    pub age: u32,
    pub is_child: bool,
    /// Items answered so far.
    pub answered: usize,
    /// Items that apply by rule (the ones that must be answered).
    pub required: usize,
    /// Every item that applies by rule is answered.
    pub complete: bool,
}

/// How an item applies to a file before the controller answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemApplicability {
    /// Must be answered.
    Applies,
    /// Ej aktuellt by rule; the controller may still answer (barn items for adults).
    DefaultEjAktuellt,
    /// Ej aktuellt by rule; only Ej aktuellt is accepted (LSS items for SoL, …).
    EjAktuellt,
}

/// One checklist item as the review screen shows it for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileItem {
    pub id: String,
    pub area: String,
    pub text: String,
    /// Lagstöd (law and binding regulations); empty for an item resting on method alone.
    pub basis: String,
    /// Metodstöd or local policy, kept apart from the law.
    pub metodstod: Option<String>,
    pub critical: bool,
    pub applicability: ItemApplicability,
    /// Why the rule says Ej aktuellt, in Swedish, when it does.
    pub rule: Option<String>,
    /// The recorded answer, if any.
    pub answer: Option<Answer>,
    pub comment: Option<String>,
    pub answered_by: Option<String>,
    pub answered_at: Option<String>,
}

/// One sampled file with its checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileView {
    pub status: FileStatus,
    /// `YYYYMMDD-****`.
    pub personnummer_masked: String,
    pub insats: Option<String>,
    /// Bifall, Avslag, Delavslag, when known.
    pub decision_kind: Option<String>,
    pub items: Vec<FileItem>,
    /// The viewer reviews this file second, blind: the answers shown are the second
    /// review's own, never the first's (`docs/agreement.md`).
    pub second_review: bool,
}

fn applicability(a: Applicability) -> ItemApplicability {
    match a {
        Applicability::Applies => ItemApplicability::Applies,
        Applicability::NotApplicable { overridable: true } => ItemApplicability::DefaultEjAktuellt,
        Applicability::NotApplicable { overridable: false } => ItemApplicability::EjAktuellt,
    }
}

fn rule_text(
    a: ItemApplicability,
    applies_to: aktgranskning_core::checklist::AppliesTo,
) -> Option<String> {
    use aktgranskning_core::checklist::AppliesTo;
    if a == ItemApplicability::Applies {
        return None;
    }
    Some(
        match applies_to {
            AppliesTo::Barn => "Personen är vuxen: Ej aktuellt om inte barn berörs",
            AppliesTo::Lss => "Gäller bara LSS-ärenden",
            AppliesTo::Avslag => "Gäller bara beslut om avslag eller delavslag",
            AppliesTo::Beviljade => "Gäller bara beviljade insatser (bifall eller delavslag)",
            AppliesTo::Alla => "Ej aktuellt",
        }
        .to_string(),
    )
}

/// A sampled file's status: its controller, and its answers counted against the items
/// that apply to it by rule. The one place a [`FileStatus`] is made.
fn status(
    review: &Review,
    row: &PopulationRow,
    facts: &CaseFacts,
    answered: &[&str],
    controller: Option<String>,
) -> FileStatus {
    FileStatus {
        case_id: row.case_id.clone(),
        controller,
        lagrum: row.lagrum.as_str().to_string(),
        age: row.age_on(review.audit.reference_date),
        is_child: facts.is_child,
        answered: answered.len(),
        required: review
            .template
            .items
            .iter()
            .filter(|i| i.applies_to.applicability(facts) == Applicability::Applies)
            .count(),
        complete: file_complete(&review.template, facts, |id| answered.contains(&id)),
    }
}

/// The answers of one file in the review the viewer sees: the second review's when
/// `second`, else the first's.
fn case_answers(
    conn: &Connection,
    audit_id: i64,
    case_id: &str,
    second: bool,
) -> Result<Vec<answers::AnswerRow>> {
    Ok(if second {
        aktgranskning_store::double::second_answers(conn, audit_id)?
            .into_iter()
            .filter(|a| a.case_id == case_id)
            .collect()
    } else {
        answers::list_case(conn, audit_id, case_id)?
    })
}

/// The sampled files in case id order, each with its controller and progress.
pub fn review_files(store: &Store, audit_id: i64) -> Result<Vec<FileStatus>> {
    let conn = store.conn();
    let review = Review::load(conn, audit_id)?;
    let answered: HashMap<String, Vec<String>> = answers::answered_items(conn, audit_id)?
        .into_iter()
        .collect();
    let owner: HashMap<String, String> =
        answers::assignments(conn, audit_id)?.into_iter().collect();
    let empty = Vec::new();
    Ok(review
        .rows
        .iter()
        .filter(|r| review.in_sample(&r.case_id))
        .filter_map(|r| {
            let case_id = &r.case_id;
            let facts = review.facts.get(case_id)?;
            let given: Vec<&str> = answered
                .get(case_id)
                .unwrap_or(&empty)
                .iter()
                .map(String::as_str)
                .collect();
            Some(status(
                &review,
                r,
                facts,
                &given,
                owner.get(case_id).cloned(),
            ))
        })
        .collect())
}

/// One sampled file with its checklist and answers.
pub fn review_file(store: &Store, audit_id: i64, case_id: &str) -> Result<FileView> {
    file_view(store, audit_id, case_id, false)
}

/// Records an answer as the review screen does (in the second review when `second`) and
/// returns the file's status as the user now sees it, so the screen shows the service's
/// count and completeness rather than working them out itself.
pub fn answer_in_view(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    a: &AnswerInput,
    second: bool,
) -> Result<FileStatus> {
    if second {
        crate::double::set_second_answer(store, ctx, audit_id, a)?;
    } else {
        super::set_answer(store, ctx, audit_id, a)?;
    }
    file_status(store, &ctx.user, audit_id, &a.case_id)
}

/// Clears an answer as the review screen does and returns the file's status as the user
/// now sees it (see [`answer_in_view`]).
pub fn clear_in_view(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
    item_id: &str,
    second: bool,
) -> Result<FileStatus> {
    if second {
        crate::double::clear_second_answer(store, ctx, audit_id, case_id, item_id)?;
    } else {
        super::clear_answer(store, ctx, audit_id, case_id, item_id)?;
    }
    file_status(store, &ctx.user, audit_id, case_id)
}

/// One sampled file's status as `viewer` sees it (see [`review_file_as`]), without its
/// checklist.
fn file_status(store: &Store, viewer: &str, audit_id: i64, case_id: &str) -> Result<FileStatus> {
    let conn = store.conn();
    let second = crate::double::hidden_first(conn, audit_id, viewer)?.contains(case_id);
    let review = Review::load_case(conn, audit_id, case_id)?;
    let row = review.sampled_row(case_id)?;
    let facts = row.case_facts(review.audit.reference_date);
    let given = case_answers(conn, audit_id, case_id, second)?;
    let answered: Vec<&str> = given.iter().map(|a| a.item_id.as_str()).collect();
    let owner = answers::assignment(conn, audit_id, case_id)?;
    Ok(status(&review, row, &facts, &answered, owner))
}

/// One sampled file as `viewer` may see it: a file `viewer` reviews second, while its
/// double review is blind, shows the second review's answers and not the first's.
pub fn review_file_as(
    store: &Store,
    viewer: &str,
    audit_id: i64,
    case_id: &str,
) -> Result<FileView> {
    let second = crate::double::hidden_first(store.conn(), audit_id, viewer)?.contains(case_id);
    file_view(store, audit_id, case_id, second)
}

fn file_view(store: &Store, audit_id: i64, case_id: &str, second: bool) -> Result<FileView> {
    let conn = store.conn();
    let review = Review::load_case(conn, audit_id, case_id)?;
    let row = review.sampled_row(case_id)?;
    let facts = row.case_facts(review.audit.reference_date);
    let given: HashMap<String, answers::AnswerRow> = case_answers(conn, audit_id, case_id, second)?
        .into_iter()
        .map(|a| (a.item_id.clone(), a))
        .collect();
    let answered: Vec<&str> = given.keys().map(String::as_str).collect();
    let owner = answers::assignment(conn, audit_id, case_id)?;
    let status = status(&review, row, &facts, &answered, owner);
    let items: Vec<FileItem> = review
        .template
        .items
        .iter()
        .map(|i| {
            let a = applicability(i.applies_to.applicability(&facts));
            let rec = given.get(&i.id);
            FileItem {
                id: i.id.clone(),
                area: i.area.clone(),
                text: i.text.clone(),
                basis: i.basis.clone(),
                metodstod: i.metodstod.clone(),
                critical: i.critical,
                applicability: a,
                rule: rule_text(a, i.applies_to),
                answer: rec.and_then(|r| Answer::parse(&r.value)),
                comment: rec.and_then(|r| r.comment.clone()),
                answered_by: rec.map(|r| r.answered_by.clone()),
                answered_at: rec.map(|r| r.answered_at.clone()),
            }
        })
        .collect();
    Ok(FileView {
        status,
        personnummer_masked: row.personnummer.masked(),
        insats: row.insats.clone(),
        decision_kind: row.decision_kind.map(|k| k.as_str().to_string()),
        items,
        second_review: second,
    })
}

/// The full personnummer of a sampled file, for the user who asked to see it. The reveal
/// is recorded in the history (who, when, which case; never the number).
pub fn reveal_personnummer(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
) -> Result<String> {
    let full = Review::load_case(store.conn(), audit_id, case_id)?
        .sampled_row(case_id)?
        .personnummer
        .display_full();
    crate::audits::record(
        store,
        ctx,
        audit_id,
        &Event::PersonnummerRevealed(events::CaseRef {
            case_id: case_id.to_string(),
        }),
    )?;
    Ok(full)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{audits, demo};

    /// The review screen takes a file's count and completeness from the service after
    /// each answer; here they follow an answer cleared and given again.
    #[test]
    fn an_answer_returns_the_files_status_as_the_service_counts_it() {
        let (mut store, ctx, id) = demo::demo_store("testare");
        let file = review_files(&store, id).unwrap().remove(0);
        assert!(file.complete);
        let view = review_file(&store, id, &file.case_id).unwrap();
        let item = view
            .items
            .iter()
            .find(|i| i.applicability == ItemApplicability::Applies && i.answer.is_some())
            .unwrap();
        let cleared = clear_in_view(&mut store, &ctx, id, &file.case_id, &item.id, false).unwrap();
        assert_eq!(cleared.answered, file.answered - 1);
        assert!(!cleared.complete);
        assert_eq!(cleared, review_files(&store, id).unwrap().remove(0));
        let input = AnswerInput {
            case_id: file.case_id.clone(),
            item_id: item.id.clone(),
            value: Answer::Ja,
            comment: None,
        };
        let answered = answer_in_view(&mut store, &ctx, id, &input, false).unwrap();
        assert_eq!(answered, file);
    }

    #[test]
    fn the_review_views_show_every_file_its_checklist_and_log_a_reveal() {
        let (mut store, ctx, id) = demo::demo_store("testare");
        let files = review_files(&store, id).unwrap();
        assert_eq!(files.len(), 165);
        assert!(files.iter().all(|f| f.complete && f.controller.is_some()));
        let child = files.iter().find(|f| f.is_child).unwrap();
        let view = review_file(&store, id, &child.case_id).unwrap();
        assert_eq!(view.items.len(), 38);
        assert!(view.personnummer_masked.ends_with("-****"));
        let barn = view.items.iter().find(|i| i.id == "barn.basta").unwrap();
        assert_eq!(barn.applicability, ItemApplicability::Applies);
        let adult = files
            .iter()
            .find(|f| !f.is_child && f.lagrum == "SoL")
            .unwrap();
        let view = review_file(&store, id, &adult.case_id).unwrap();
        let lss = view
            .items
            .iter()
            .find(|i| i.id == "lss.individuell_plan")
            .unwrap();
        assert_eq!(lss.applicability, ItemApplicability::EjAktuellt);
        assert_eq!(lss.rule.as_deref(), Some("Gäller bara LSS-ärenden"));
        let barn = view.items.iter().find(|i| i.id == "barn.basta").unwrap();
        assert_eq!(barn.applicability, ItemApplicability::DefaultEjAktuellt);
        assert!(view.status.required < 38);

        let full = reveal_personnummer(&mut store, &ctx, id, &adult.case_id).unwrap();
        assert_eq!(full.len(), 13);
        assert!(full.starts_with(&view.personnummer_masked[..9]));
        let log = audits::history(&store, id).unwrap();
        let last = log.last().unwrap();
        assert_eq!(
            (last.kind.as_str(), last.user.as_str()),
            ("personnummer_revealed", "testare")
        );
        assert_eq!(
            last.detail,
            serde_json::json!({"case_id": adult.case_id}),
            "the number is not logged"
        );

        let e = review_file(&store, id, "finns-inte").unwrap_err();
        assert_eq!(e.message, "Akten ingår inte i granskningens urval.");
    }
}
