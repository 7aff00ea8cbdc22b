//! Feedback to the unit, as PDF: the checklist of one sampled file (blank, to review on
//! paper; filled, for the file's handläggare) and the deviations per handläggare and file
//! for the enhetschef. Internal working material with case ids and names: every page says
//! so, each export is recorded in the history (`checklist_exported`,
//! `deviations_exported`), and nothing of it reaches the report. Refused after gallring.

use crate::events::{self, Event};
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::checklist::Answer;
use aktgranskning_report::feedback::{
    ChecklistItem, Deviation, DeviationData, FileChecklist, OfficerDeviations,
};
use aktgranskning_store::{answers, population};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use ts_rs::TS;

/// A feedback document written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FeedbackExport {
    pub pages: usize,
    /// Files in the document.
    pub files: usize,
}

fn refuse_gallrad(store: &Store, audit_id: i64) -> Result<()> {
    if aktgranskning_store::gallring::is_gallrad(store.conn(), audit_id)? {
        return Err(ServiceError::refused(
            "Granskningen är gallrad: akternas svar finns inte längre att skriva ut.",
        ));
    }
    Ok(())
}

/// Writes the checklist of sampled file `case_id` to `out` as PDF: `blank` to review on
/// paper (the rules' Ej aktuellt marked), else with the answers and comments given (a
/// file the user reviews second, blind, shows only the second review's answers).
pub fn export_checklist(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    case_id: &str,
    blank: bool,
    out: &Path,
) -> Result<FeedbackExport> {
    crate::files::check_output(out, store.path())?;
    refuse_gallrad(store, audit_id)?;
    let audit = crate::lookup::require(store.conn(), audit_id)?;
    let view = crate::review::review_file_as(store, &ctx.user, audit_id, case_id)?;
    let officer = population::get(store.conn(), audit_id, case_id)?.and_then(|r| r.handlaggare);
    let note = crate::notes::file_note(store, audit_id, case_id)?.map(|n| n.text);
    let reviewers: Vec<String> = {
        let mut r: Vec<String> = view
            .items
            .iter()
            .filter_map(|i| i.answered_by.clone())
            .collect();
        r.sort();
        r.dedup();
        r
    };
    let data = FileChecklist {
        unit: audit.unit.clone(),
        org: audit.org.clone(),
        diarienr: audit.diarienr.clone(),
        template: crate::templates::label_for_audit(store.conn(), audit_id)?,
        case_id: case_id.to_string(),
        lagrum: view.status.lagrum.clone(),
        insats: view.insats.clone(),
        handlaggare: officer,
        decision: view.decision_kind.clone(),
        blank,
        reviewer: (!blank && !reviewers.is_empty()).then(|| reviewers.join(", ")),
        file_note: if blank { None } else { note },
        items: view
            .items
            .iter()
            .map(|i| {
                let mut basis = i.basis.clone();
                if let Some(m) = &i.metodstod {
                    if !basis.is_empty() {
                        basis.push_str("; ");
                    }
                    basis.push_str(&format!("metodstöd: {m}"));
                }
                ChecklistItem {
                    area: i.area.clone(),
                    text: i.text.clone(),
                    basis,
                    answer: (!blank)
                        .then(|| i.answer.map(|a| a.label().to_string()))
                        .flatten(),
                    // Shown where no answer is (the rule's Ej aktuellt stands in).
                    by_rule: i.rule.clone(),
                    comment: if blank { None } else { i.comment.clone() },
                }
            })
            .collect(),
        created: ctx.clock.now(),
    };
    let rendered = aktgranskning_report::layout::render(
        &data.setup(),
        &aktgranskning_report::feedback::checklist_blocks(&data),
    )
    .map_err(|e| ServiceError::internal(e.to_string()))?;
    crate::audits::record_output(
        store,
        ctx,
        audit_id,
        &Event::ChecklistExported(events::ChecklistExported {
            case_id: case_id.to_string(),
            blank,
            pages: rendered.pages,
        }),
        Some(out),
        &rendered.bytes,
    )?;
    Ok(FeedbackExport {
        pages: rendered.pages,
        files: 1,
    })
}

/// Writes the deviations (items answered Nej or Delvis, with the comments) per
/// handläggare and file to `out` as PDF, for the enhetschef; with `officer`, that
/// handläggare's only.
pub fn export_deviations(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    officer: Option<&str>,
    out: &Path,
) -> Result<FeedbackExport> {
    crate::files::check_output(out, store.path())?;
    refuse_gallrad(store, audit_id)?;
    let conn = store.conn();
    let audit = crate::lookup::require(conn, audit_id)?;
    let template = crate::templates::for_audit(conn, audit_id)?;
    let sample: std::collections::HashSet<String> = crate::review::sample_list(store, audit_id)?
        .into_iter()
        .map(|f| f.case_id)
        .collect();
    // A file the user reviews second, blind, does not show the first review's answers.
    let hidden = crate::double::hidden_first(conn, audit_id, &ctx.user)?;
    let officers: BTreeMap<String, String> = population::load(conn, audit_id)?
        .into_iter()
        .filter(|r| sample.contains(&r.case_id))
        .map(|r| {
            (
                r.case_id,
                r.handlaggare
                    .unwrap_or_else(|| "Utan handläggare".to_string()),
            )
        })
        .collect();
    if let Some(o) = officer
        && !officers.values().any(|v| v == o)
    {
        return Err(ServiceError::invalid_field(
            "Handläggare",
            format!("Ingen akt i urvalet står på handläggaren ”{o}”"),
        ));
    }
    let mut by_officer: BTreeMap<String, OfficerDeviations> = BTreeMap::new();
    let mut reviewed: BTreeMap<String, usize> = BTreeMap::new();
    let given = answers::all(conn, audit_id)?;
    let mut seen_files: std::collections::BTreeSet<&str> = Default::default();
    for a in &given {
        let Some(o) = officers.get(&a.case_id) else {
            continue;
        };
        if hidden.contains(&a.case_id) || officer.is_some_and(|w| w != o) {
            continue;
        }
        if seen_files.insert(a.case_id.as_str()) {
            *reviewed.entry(o.clone()).or_default() += 1;
        }
        let Some(value) = Answer::parse(&a.value) else {
            continue;
        };
        if !matches!(value, Answer::Nej | Answer::Delvis) {
            continue;
        }
        let text = template
            .item(&a.item_id)
            .map_or(a.item_id.clone(), |i| i.text.clone());
        by_officer
            .entry(o.clone())
            .or_insert_with(|| OfficerDeviations {
                officer: o.clone(),
                files: 0,
                deviations: Vec::new(),
            })
            .deviations
            .push(Deviation {
                case_id: a.case_id.clone(),
                item: text,
                answer: value.label().to_string(),
                comment: a.comment.clone(),
            });
    }
    let officers_out: Vec<OfficerDeviations> = reviewed
        .iter()
        .map(|(o, files)| {
            let mut d = by_officer.remove(o).unwrap_or(OfficerDeviations {
                officer: o.clone(),
                files: 0,
                deviations: Vec::new(),
            });
            d.files = *files;
            d
        })
        .collect();
    let files: usize = officers_out.iter().map(|o| o.files).sum();
    let data = DeviationData {
        unit: audit.unit.clone(),
        org: audit.org.clone(),
        diarienr: audit.diarienr.clone(),
        officers: officers_out,
        created: ctx.clock.now(),
    };
    let rendered = aktgranskning_report::layout::render(
        &data.setup(),
        &aktgranskning_report::feedback::deviation_blocks(&data),
    )
    .map_err(|e| ServiceError::internal(e.to_string()))?;
    crate::audits::record_output(
        store,
        ctx,
        audit_id,
        &Event::DeviationsExported(events::DeviationsExported {
            files,
            officers: data.officers.len(),
            pages: rendered.pages,
            officer: officer.map(str::to_string),
        }),
        Some(out),
        &rendered.bytes,
    )?;
    Ok(FeedbackExport {
        pages: rendered.pages,
        files,
    })
}
