//! The review itself: answers per sampled file and item, the results, and the final
//! grades (`docs/domain.md`).
//!
//! Every answer is committed in its own transaction and every change leaves a history
//! event with the old and the new value, so a crash loses at most the answer being
//! typed and nothing is ever silently overwritten.

use crate::lookup::require;
use crate::{Result, ServiceError};
use aktgranskning_core::PopulationRow;
use aktgranskning_core::checklist::{Answer, Applicability, AppliesTo, CaseFacts, Template};
use aktgranskning_core::results;
use aktgranskning_store::audits::{AuditRow, Status};
use aktgranskning_store::samples::SampleRecord;
use aktgranskning_store::{Connection, population, samples};
use std::collections::HashMap;

mod answer;
mod assignment;
mod export;
mod files;
mod grade;
mod tally;
pub use answer::{AnswersImported, clear_answer, import_answers, set_answer};
pub(crate) use answer::{
    check_answer, read_answer_file, require_sampled, write_answer, write_answers,
    write_review_answer,
};
pub use assignment::{ControllerProgress, Progress, assign_sample, progress};
pub(crate) use assignment::{file_complete, review_started};
pub use export::{
    SampledFile, SheetExport, export_answers_xlsx, export_results_xlsx, export_sample_xlsx,
    sample_list,
};
pub use files::{
    FileItem, FileStatus, FileView, ItemApplicability, answer_in_view, clear_in_view,
    reveal_personnummer, review_file, review_file_as, review_files,
};
pub use grade::{GradeSet, set_grade};
pub use tally::{ItemView, ResultsView, results};

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
