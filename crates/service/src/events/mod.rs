//! The history's events, typed. Every change to an audit is written as one [`Event`]
//! (by [`record`]) and read back as one (by [`Event::parse`]), so a writer and its readers
//! (the Swedish descriptions in [`swedish`], `audit verify`, the blind double review)
//! cannot disagree about a key without the compiler noticing.
//!
//! Stored form: the `history` table's `kind` column holds the variant's name in
//! snake_case and its `detail` column the variant's fields as a JSON object, with the
//! same English keys databases have always held. Every detail struct reads with
//! defaults for missing keys, so events written by earlier versions, and details thinned
//! by gallring (which removes free texts), still read. A text `audit verify` compares
//! with the data is an `Option`, so "removed by gallring" stays apart from "empty".

mod swedish;

pub use swedish::{describe, label, name_and_description, to_handle};

use crate::Result;
use aktgranskning_store::Connection;
use aktgranskning_store::gallring::Removed;
use aktgranskning_store::history;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One history event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Event {
    AuditCreated(AuditCreated),
    AuditEdited(AuditEdited),
    AuditRemoved(AuditRemoved),
    AuditArchived(Nothing),
    AuditUnarchived(Nothing),
    PopulationImported(PopulationImported),
    OfficersMerged(OfficersMerged),
    SampleDrawn(SampleDrawn),
    SampleRedrawn(SampleDrawn),
    SampleAssigned(SampleAssigned),
    AnswerSet(AnswerSet),
    AnswerCleared(AnswerCleared),
    SecondAnswerSet(AnswerSet),
    SecondAnswerCleared(AnswerCleared),
    FileNoteSet(FileNoteSet),
    CalibrationDrawn(CalibrationDrawn),
    CalibrationAnswerSet(CalibrationAnswerSet),
    GradeSet(GradeSet),
    ChapterTextSet(ChapterTextSet),
    FindingAdded(FindingAdded),
    FindingEdited(FindingEdited),
    RecommendationAdded(RecommendationAdded),
    RecommendationResponded(RecommendationResponded),
    FollowupSet(FollowupSet),
    TrendSummarySet(TrendSummarySet),
    DoubleDrawn(DoubleDrawn),
    DoubleAssigned(DoubleAssigned),
    DoubleSettled(DoubleSettled),
    WorkingNoteAdded(WorkingNoteAdded),
    WorkingNoteChanged(WorkingNoteChanged),
    WorkingNoteRemoved(WorkingNoteRemoved),
    ReportCreated(ReportCreated),
    FactcheckExported(FactcheckExported),
    FactcheckImported(FactcheckImported),
    FactcheckResolved(FactcheckResolved),
    FactcheckClosed(FactcheckClosed),
    Finalized(Finalized),
    Reopened(Reopened),
    PersonnummerRevealed(CaseRef),
    PopulationExported(PopulationExported),
    HistoryExported(HistoryExported),
    ResultsExported(ResultsExported),
    AnswersExported(AnswersExported),
    SampleListExported(SampleListExported),
    ChecklistExported(ChecklistExported),
    DeviationsExported(DeviationsExported),
    FollowupFormExported(FollowupFormExported),
    WorkExported(WorkExported),
    WorkOpened(WorkOpened),
    WorkReturned(WorkReturned),
    WorkImported(WorkImported),
    WorkSettled(WorkSettled),
    Gallrad(Gallrad),
}

impl Event {
    /// The event as stored: its kind and its details.
    pub fn stored(&self) -> (String, Value) {
        let mut v = serde_json::to_value(self).unwrap_or_default();
        let kind = v["kind"].as_str().unwrap_or_default().to_string();
        (kind, v["detail"].take())
    }

    /// The kind as stored, e.g. `answer_set`.
    pub fn kind(&self) -> String {
        self.stored().0
    }

    /// Reads a stored event; `None` for a kind this version does not know, or details
    /// whose values are not of the kind's types.
    pub fn parse(kind: &str, detail: &Value) -> Option<Event> {
        let detail = match detail {
            Value::Null => Value::Object(Default::default()),
            d => d.clone(),
        };
        serde_json::from_value(serde_json::json!({"kind": kind, "detail": detail})).ok()
    }

    /// Whether the event only makes or shows something and changes no work (an export, a
    /// report, a reveal, archiving): such events do not move the date a draft report
    /// carries. Every kind is decided here, so a new kind cannot be forgotten.
    pub fn is_output(&self) -> bool {
        match self {
            Event::ReportCreated(_)
            | Event::PopulationExported(_)
            | Event::HistoryExported(_)
            | Event::ResultsExported(_)
            | Event::AnswersExported(_)
            | Event::PersonnummerRevealed(_)
            | Event::FactcheckExported(_)
            | Event::SampleListExported(_)
            | Event::ChecklistExported(_)
            | Event::DeviationsExported(_)
            | Event::FollowupFormExported(_)
            | Event::WorkExported(_)
            | Event::WorkReturned(_)
            | Event::AuditArchived(_)
            | Event::AuditUnarchived(_) => true,
            Event::AuditCreated(_)
            | Event::AuditEdited(_)
            | Event::AuditRemoved(_)
            | Event::PopulationImported(_)
            | Event::OfficersMerged(_)
            | Event::SampleDrawn(_)
            | Event::SampleRedrawn(_)
            | Event::SampleAssigned(_)
            | Event::AnswerSet(_)
            | Event::AnswerCleared(_)
            | Event::SecondAnswerSet(_)
            | Event::SecondAnswerCleared(_)
            | Event::FileNoteSet(_)
            | Event::CalibrationDrawn(_)
            | Event::CalibrationAnswerSet(_)
            | Event::GradeSet(_)
            | Event::ChapterTextSet(_)
            | Event::FindingAdded(_)
            | Event::FindingEdited(_)
            | Event::RecommendationAdded(_)
            | Event::RecommendationResponded(_)
            | Event::FollowupSet(_)
            | Event::TrendSummarySet(_)
            | Event::DoubleDrawn(_)
            | Event::DoubleAssigned(_)
            | Event::DoubleSettled(_)
            | Event::WorkingNoteAdded(_)
            | Event::WorkingNoteChanged(_)
            | Event::WorkingNoteRemoved(_)
            | Event::FactcheckImported(_)
            | Event::FactcheckResolved(_)
            | Event::FactcheckClosed(_)
            | Event::Finalized(_)
            | Event::Reopened(_)
            | Event::WorkOpened(_)
            | Event::WorkImported(_)
            | Event::WorkSettled(_)
            | Event::Gallrad(_) => false,
        }
    }

    /// Whether a stored kind is an output (see [`Event::is_output`]); a kind this version
    /// does not know counts as a change.
    pub fn kind_is_output(kind: &str) -> bool {
        Event::parse(kind, &Value::Null).is_some_and(|e| e.is_output())
    }
}

/// Appends the event to the audit's history (in the caller's transaction).
pub(crate) fn record(
    conn: &Connection,
    audit_id: i64,
    at: &str,
    user: &str,
    event: &Event,
) -> Result<()> {
    let (kind, detail) = event.stored();
    history::append(conn, audit_id, at, user, &kind, &detail)?;
    Ok(())
}

/// No details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Nothing {}

/// A case id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CaseRef {
    pub case_id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditCreated {
    pub unit: String,
    pub org: String,
    pub board: String,
    pub diarienr: String,
    pub reference_date: String,
    pub template: String,
    pub template_version: u32,
    /// The audit this one follows up.
    pub follows: Option<i64>,
    /// The planned controllers, comma separated.
    pub controllers: String,
    pub period_from: Option<String>,
    pub period_to: Option<String>,
}

/// The planning fields an edit changed (only those are present).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Planning {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub board: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diarienr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controllers: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_to: Option<String>,
}

impl Planning {
    /// Each field with its Swedish name, in the order the planning form shows them.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 8] {
        [
            ("Enhet", self.unit.as_deref()),
            ("Förvaltning", self.org.as_deref()),
            ("Nämnd", self.board.as_deref()),
            ("Diarienummer", self.diarienr.as_deref()),
            ("Granskningsdatum", self.reference_date.as_deref()),
            ("Kvalitetscontrollers", self.controllers.as_deref()),
            ("Periodens början", self.period_from.as_deref()),
            ("Periodens slut", self.period_to.as_deref()),
        ]
    }

    /// Sets a field by its stored key (one of the keys above; another sets nothing).
    pub fn set(&mut self, key: &str, value: String) {
        let field = match key {
            "unit" => &mut self.unit,
            "org" => &mut self.org,
            "board" => &mut self.board,
            "diarienr" => &mut self.diarienr,
            "reference_date" => &mut self.reference_date,
            "controllers" => &mut self.controllers,
            "period_from" => &mut self.period_from,
            "period_to" => &mut self.period_to,
            _ => return,
        };
        *field = Some(value);
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditEdited {
    pub old: Planning,
    pub new: Planning,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditRemoved {
    pub unit: String,
    pub diarienr: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PopulationImported {
    pub file_name: String,
    pub file_sha256: String,
    pub rows: usize,
    /// What kind of file it was (an object with `kind`; a bare name in early versions).
    pub format: Value,
    pub skipped_lines: Vec<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficersMerged {
    pub from: Vec<String>,
    pub into: String,
    /// How many files changed case officer.
    pub cases: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SampleDrawn {
    pub sample_id: i64,
    pub algorithm: String,
    /// The seed as decimal text (a u64 does not fit every JSON reader's numbers).
    pub seed: String,
    pub percent_bp: Option<u32>,
    pub strata: String,
    pub population: usize,
    pub sample_size: usize,
    pub population_sha256: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SampleAssigned {
    pub controllers: Vec<String>,
    pub files: usize,
}

/// Where an entry came from when it was merged from a work package (or settled between
/// two sides of one); all absent for an entry typed in this database.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Merged {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported_by: Option<String>,
    /// The conflict a person settled with this entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settled_conflict: Option<i64>,
    /// When the colleague answered (the event's own time is when it was merged).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerSet {
    pub case_id: String,
    pub item_id: String,
    pub old: Option<String>,
    pub new: String,
    pub old_comment: Option<String>,
    pub new_comment: Option<String>,
    #[serde(flatten)]
    pub merged: Merged,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerCleared {
    pub case_id: String,
    pub item_id: String,
    pub old: Option<String>,
    pub old_comment: Option<String>,
    #[serde(flatten)]
    pub merged: Merged,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileNoteSet {
    pub case_id: String,
    pub old: Option<String>,
    /// `None` when the note was removed.
    pub new: Option<String>,
    #[serde(flatten)]
    pub merged: Merged,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalibrationDrawn {
    pub seed: u64,
    pub case_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalibrationAnswerSet {
    pub case_id: String,
    pub item_id: String,
    pub new: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradeSet {
    pub item_id: String,
    pub old: Option<String>,
    pub new: String,
    pub suggested: Option<String>,
    pub motivation: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChapterTextSet {
    pub chapter: u32,
    pub old: Option<String>,
    /// `None` once gallring has removed the text.
    pub new: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingAdded {
    pub finding: i64,
    pub chapter: u32,
    pub grade: String,
    /// `None` once gallring has removed the text.
    pub text: Option<String>,
    /// Set when the finding was suggested from the results.
    pub source: Option<String>,
}

/// A finding's chapter, grade and text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingState {
    pub chapter: u32,
    pub grade: String,
    /// `None` once gallring has removed the text.
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingEdited {
    pub finding: i64,
    pub old: FindingState,
    pub new: FindingState,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommendationAdded {
    pub recommendation: i64,
    /// `None` once gallring has removed the text.
    pub text: Option<String>,
    pub finding: Option<i64>,
}

/// The nämnd's response to a recommendation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Response {
    pub response: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommendationResponded {
    pub recommendation: i64,
    pub old: Response,
    pub new: Response,
}

/// A follow-up's status, the unit's answer and the controller's assessment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowupState {
    pub status: String,
    /// `None` once gallring has removed the text.
    pub answer: Option<String>,
    pub assessment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowupSet {
    pub recommendation: i64,
    pub old: Option<FollowupState>,
    pub new: FollowupState,
    /// Read from the unit's returned form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_form: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrendSummarySet {
    pub old: Option<String>,
    /// `None`: back to the generated sentence.
    pub new: Option<String>,
    pub generated: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DoubleDrawn {
    pub seed: u64,
    pub algorithm: String,
    pub percent_bp: u32,
    pub files: usize,
    pub case_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DoubleAssigned {
    pub reviewer: String,
    pub case_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DoubleSettled {
    pub case_id: String,
    pub item_id: String,
    pub first: String,
    pub second: String,
    pub value: String,
    /// `None` once gallring has removed the text.
    pub reason: Option<String>,
}

/// A working note as the history keeps it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NoteState {
    pub kind: String,
    pub chapter: Option<u32>,
    pub date: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkingNoteAdded {
    pub note: i64,
    #[serde(flatten)]
    pub state: NoteState,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkingNoteChanged {
    pub note: i64,
    pub old: NoteState,
    pub new: NoteState,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkingNoteRemoved {
    pub note: i64,
    pub old: NoteState,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportCreated {
    pub draft: bool,
    /// Pages of a PDF (absent for Word).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// `docx` for Word (absent for PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    pub sha256: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FactcheckExported {
    pub round: u32,
    pub package_id: String,
    pub sha256: String,
    pub due: Option<String>,
    /// `xlsx` or `docx` when a form was written beside the package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FactcheckImported {
    pub round: u32,
    pub responder: String,
    pub comments: usize,
    pub open: usize,
    /// How the answer came when not as a package (a form, a meeting, an e-mail).
    pub via: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FactcheckResolved {
    pub comment: i64,
    /// `accepted` or `rejected`.
    pub status: String,
    pub reason: Option<String>,
    pub finding: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FactcheckClosed {
    pub round: u32,
    /// `withdrawn` or `no_response`.
    pub kind: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Finalized {
    pub version: u32,
    pub sha256: String,
    pub pages: usize,
    /// The audit's history chain head when it was finalised.
    pub chain_head: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reopened {
    pub reason: String,
    pub after_version: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PopulationExported {
    pub cases: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryExported {
    pub events: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultsExported {
    pub format: String,
    pub items: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswersExported {
    pub format: String,
    pub files: usize,
    pub rows: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SampleListExported {
    pub format: String,
    pub files: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChecklistExported {
    pub case_id: String,
    pub blank: bool,
    pub pages: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviationsExported {
    pub files: usize,
    pub officers: usize,
    pub pages: usize,
    /// Set when written for one case officer only.
    pub officer: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowupFormExported {
    pub recommendations: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkExported {
    pub package_id: String,
    pub controller: String,
    pub files: usize,
    pub sha256: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkOpened {
    pub package_id: String,
    pub controller: String,
    /// The lead controller who handed the files out.
    pub lead: String,
    pub files: usize,
    /// The planning, when the package made a new copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diarienr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_version: Option<u32>,
    /// What a later package merged into an existing copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflicts: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkReturned {
    pub package_id: String,
    /// The arbetspaket this svarspaket answers.
    pub answers_to: String,
    pub sequence: i64,
    pub answers: usize,
    pub notes: usize,
    pub sha256: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkImported {
    pub package_id: String,
    pub answers_to: String,
    pub controller: String,
    pub sequence: i64,
    pub merged: usize,
    pub conflicts: usize,
    pub sha256: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkSettled {
    pub case_id: String,
    pub item_id: String,
    pub conflict: i64,
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// `None`: settled to unanswered.
    pub value: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Gallrad {
    pub reason: String,
    pub removed: Removed,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every kind the enum knows, from serde's own list of variants (so the list cannot
    /// fall behind the enum).
    fn all_kinds() -> Vec<String> {
        let err = serde_json::from_value::<Event>(json!({"kind": "?", "detail": {}}))
            .unwrap_err()
            .to_string();
        let expected = err.split("expected one of ").nth(1).unwrap();
        expected
            .split(", ")
            .map(|k| {
                k.trim_matches(|c: char| c == '`' || c.is_whitespace())
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn every_kind_reads_back_and_has_a_swedish_name() {
        let kinds = all_kinds();
        assert!(kinds.len() >= 53, "{kinds:?}");
        for kind in &kinds {
            let e = Event::parse(kind, &Value::Null)
                .unwrap_or_else(|| panic!("{kind} does not read from empty details"));
            assert_eq!(&e.kind(), kind);
            let name = label(kind);
            assert_ne!(&name, kind, "{kind} has no Swedish name");
            assert!(name.chars().next().unwrap().is_uppercase(), "{name}");
        }
    }

    /// The work packages' events were written without a Swedish name or description: the
    /// Historik tab showed `work_imported` and a list of English keys.
    #[test]
    fn work_package_events_read_in_swedish() {
        assert_eq!(label("work_imported"), "Svarspaket inläst");
        assert_eq!(
            describe(
                "work_imported",
                &json!({"package_id": "p2", "answers_to": "p1", "controller": "Karin Lund",
                        "sequence": 1, "merged": 12, "conflicts": 1, "sha256": "ab"})
            ),
            "Från Karin Lund (svar nummer 1 på paket p1): 12 ändringar inlästa, 1 krock. SHA-256 ab"
        );
        assert_eq!(
            describe(
                "work_settled",
                &json!({"case_id": "A1", "item_id": "x", "conflict": 3, "ours": "ja",
                        "theirs": "nej", "value": "nej"})
            ),
            "Akt A1, fråga x: Ja eller Nej avgjordes till Nej"
        );
        assert_eq!(label("gallrad"), "Gallrad");
    }

    /// The stored details keep the keys earlier versions wrote, so tools and older readers
    /// see the same JSON.
    #[test]
    fn stored_details_keep_their_keys() {
        let keys = |e: &Event| {
            let mut k: Vec<String> = e.stored().1.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(
            keys(&Event::AnswerSet(AnswerSet::default())),
            [
                "case_id",
                "item_id",
                "new",
                "new_comment",
                "old",
                "old_comment"
            ]
        );
        assert_eq!(
            keys(&Event::WorkingNoteAdded(WorkingNoteAdded::default())),
            ["chapter", "date", "kind", "note", "text"]
        );
        assert_eq!(
            keys(&Event::AnswerSet(AnswerSet {
                merged: Merged {
                    merged_from: Some("p".into()),
                    imported_by: Some("Eva".into()),
                    settled_conflict: None,
                    answered_at: Some("t".into()),
                },
                ..Default::default()
            })),
            [
                "answered_at",
                "case_id",
                "imported_by",
                "item_id",
                "merged_from",
                "new",
                "new_comment",
                "old",
                "old_comment"
            ]
        );
        assert_eq!(
            keys(&Event::AuditEdited(AuditEdited {
                old: Planning {
                    unit: Some("A".into()),
                    ..Default::default()
                },
                new: Planning {
                    unit: Some("B".into()),
                    ..Default::default()
                },
            })),
            ["new", "old"]
        );
        let (kind, detail) = Event::AuditArchived(Nothing {}).stored();
        assert_eq!((kind.as_str(), detail), ("audit_archived", json!({})));
    }

    /// Gallring removes free texts from the details; what is left still reads, and a
    /// removed text is told apart from an empty one.
    #[test]
    fn details_thinned_by_gallring_still_read() {
        let Some(Event::FindingAdded(f)) = Event::parse(
            "finding_added",
            &json!({"finding": 3, "chapter": 5, "grade": "gul"}),
        ) else {
            panic!("does not read")
        };
        assert_eq!((f.finding, f.chapter, f.text), (3, 5, None));
        assert_eq!(
            describe(
                "working_note_changed",
                &json!({"note": 2, "old": {"chapter": 5}, "new": {"chapter": 6}})
            ),
            "Anteckning 2 (kapitel 6)"
        );
    }

    /// What only makes or shows something does not move a draft's date; the follow-up
    /// form and the work packages did, before every kind had to be decided.
    #[test]
    fn outputs_are_told_from_changes_for_every_kind() {
        for kind in [
            "report_created",
            "followup_form_exported",
            "work_exported",
            "work_returned",
        ] {
            assert!(Event::kind_is_output(kind), "{kind}");
        }
        for kind in [
            "answer_set",
            "work_imported",
            "finalized",
            "a_kind_from_later",
        ] {
            assert!(!Event::kind_is_output(kind), "{kind}");
        }
    }

    /// A detail of the wrong type (not written by this program) is not read as an event;
    /// its plain values are still shown.
    #[test]
    fn details_of_the_wrong_type_are_shown_plainly() {
        assert!(Event::parse("grade_set", &json!({"item_id": 7})).is_none());
        assert_eq!(describe("grade_set", &json!({"item_id": 7})), "item_id: 7");
        assert_eq!(
            name_and_description("grade_set", &json!({"item_id": 7})),
            ("Nivå satt".to_string(), "item_id: 7".to_string())
        );
    }
}
