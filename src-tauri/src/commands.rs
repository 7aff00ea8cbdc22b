//! The IPC commands: each takes the state, calls one service function and returns its
//! result; errors cross as `{code, message, errors}` (see `ServiceError`).

use crate::state::AppState;
use aktgranskning_core::checklist::{Answer, Grade, Template};
use aktgranskning_service::about::AppInfo;
use aktgranskning_service::audits::{self, AuditEdit, AuditSummary, HistoryPage, NewAuditInput};
use aktgranskning_service::backup::{self, BackupEntry, BackupInfo};
use aktgranskning_service::calibration::{self, CalibrationView};
use aktgranskning_service::chapters::{self, Chapter};
use aktgranskning_service::double::{self, AgreementView, Disagreement, DoubleView};
use aktgranskning_service::factcheck::{
    self, CommentInput, CommentView, Exported, Imported, PackageView,
};
use aktgranskning_service::feedback::{self, FeedbackExport};
use aktgranskning_service::finalize::{self, Finalized, Readiness, ReportVersionView};
use aktgranskning_service::findings::{self, Finding};
use aktgranskning_service::followup::{self, FollowupItem};
use aktgranskning_service::gallring::{self, GallringInfo};
use aktgranskning_service::keys::{self, DatabaseStatus};
use aktgranskning_service::notes::{
    self, FileNoteView, ItemComments, NotesView, WorkingNoteInput, WorkingNoteView,
};
use aktgranskning_service::overview::{self, Overview, OverviewExport};
use aktgranskning_service::population::{self, ColumnChoice, PopulationPreview, PopulationSummary};
use aktgranskning_service::recommendations::{self, Recommendation, RegisterEntry};
use aktgranskning_service::report::{self, Report};
use aktgranskning_service::review::{
    self, AnswersImported, FileStatus, FileView, GradeSet, Progress, ResultsView, SampledFile,
    SheetExport,
};
use aktgranskning_service::sampling::{self, DrawOptions, PlannedSize, SampleView, Verification};
use aktgranskning_service::settings::{self, UserSettings};
use aktgranskning_service::templates::{self, TemplateSummary};
use aktgranskning_service::trend::{self, TrendSummaryView, TrendView};
use aktgranskning_service::verify::{self, AuditVerification};
use aktgranskning_service::work;
use aktgranskning_service::{ServiceError, demo, files};
use std::path::PathBuf;
use tauri::State;

type Res<T> = Result<T, ServiceError>;

// Commands marked `#[tauri::command(async)]` do heavy work (building the demo audit,
// reading a population, rendering a report, sealing a work package, backups): they run
// on Tauri's async runtime instead of the main thread, so the window keeps responding
// while they work. The others are quick reads and writes.

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo::new(&state.db_path, &state.user())
}

/// Whether the database is open; what the user must be told or asked at start.
#[tauri::command]
pub fn database_status(state: State<'_, AppState>) -> DatabaseStatus {
    state.status()
}

/// Opens the locked database with a passphrase or the recovery code (or creates a new
/// database with a passphrase where no keyring exists).
#[tauri::command]
pub fn unlock_database(state: State<'_, AppState>, secret: String) -> Res<DatabaseStatus> {
    let secret = zeroize::Zeroizing::new(secret);
    state.unlock(&secret)
}

/// The user has saved the recovery code shown at the first start.
#[tauri::command]
pub fn recovery_code_saved(state: State<'_, AppState>) {
    state.recovery_code_saved();
}

/// The recovery code of the key in the keyring (Inställningar).
#[tauri::command]
pub fn show_recovery_code(state: State<'_, AppState>) -> Res<String> {
    // Only while the database is open: the code shown is the one that opens it.
    state.with_store(|_| keys::current_recovery_code(&keys::OsKeyring))
}

#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> Res<Vec<BackupEntry>> {
    state.with_store(|s| backup::list(s))
}

#[tauri::command(async)]
pub fn create_backup(state: State<'_, AppState>) -> Res<BackupInfo> {
    state.with_store(|s| backup::create(s, &state.ctx(), None))
}

/// Restores the database from a backup; returns the backup of the replaced database.
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, path: PathBuf) -> Res<BackupInfo> {
    state.with_store(|s| backup::restore(s, &state.ctx(), &path))
}

/// The audit's gallring, if it has been gallrad.
#[tauri::command]
pub fn gallring_info(state: State<'_, AppState>, audit: i64) -> Res<Option<GallringInfo>> {
    state.with_store(|s| gallring::info(s, audit))
}

/// Gallrar a finalised audit (the app asks for confirmation first).
#[tauri::command(async)]
pub fn gallra_audit(state: State<'_, AppState>, audit: i64, reason: String) -> Res<GallringInfo> {
    state.with_store(|s| {
        gallring::gallra(s, &state.ctx(), audit, &reason)?;
        gallring::info(s, audit)?.ok_or_else(|| ServiceError::internal("Gallringen hittas inte."))
    })
}

#[tauri::command]
pub fn list_audits(state: State<'_, AppState>) -> Res<Vec<AuditSummary>> {
    state.with_store(|s| audits::list_audits(s))
}

#[tauri::command]
pub fn create_audit(state: State<'_, AppState>, input: NewAuditInput) -> Res<i64> {
    state.with_store(|s| audits::create_audit(s, &state.ctx(), &input))
}

/// Corrects the planning; returns the fields changed.
#[tauri::command]
pub fn edit_audit(state: State<'_, AppState>, audit: i64, edit: AuditEdit) -> Res<Vec<String>> {
    state.with_store(|s| audits::edit_audit(s, &state.ctx(), audit, &edit))
}

/// Removes an audit that holds nothing but its planning.
#[tauri::command]
pub fn remove_audit(state: State<'_, AppState>, audit: i64) -> Res<()> {
    state.with_store(|s| audits::remove_audit(s, &state.ctx(), audit))
}

/// Archives an audit, or takes it back to the list.
#[tauri::command]
pub fn archive_audit(state: State<'_, AppState>, audit: i64, archived: bool) -> Res<()> {
    state.with_store(|s| audits::archive_audit(s, &state.ctx(), audit, archived))
}

#[tauri::command(async)]
pub fn create_demo_audit(state: State<'_, AppState>) -> Res<i64> {
    // The complete demo audit to look at, and one still under review to practise on.
    state.with_store(|s| {
        let id = demo::create_demo_audit(s, &state.ctx())?;
        demo::create_practice_audit(s, &state.ctx())?;
        Ok(id)
    })
}

#[tauri::command(async)]
pub fn preview_population(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
) -> Res<PopulationPreview> {
    let bytes = files::read(&path)?;
    state.with_store(|s| population::preview_population(s, audit, &bytes))
}

/// Imports the file at `path`, with the columns the user chose for unrecognised headers.
#[tauri::command(async)]
pub fn import_population(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
    columns: Vec<ColumnChoice>,
    skip_summary: bool,
) -> Res<PopulationSummary> {
    let bytes = files::read(&path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    state.with_store(|s| {
        population::import_population_with(
            s,
            &state.ctx(),
            audit,
            &name,
            &bytes,
            &columns,
            skip_summary,
        )
    })
}

#[tauri::command]
pub fn draw_sample(
    state: State<'_, AppState>,
    audit: i64,
    percent: String,
    seed: Option<String>,
    strata: String,
    reason: Option<String>,
) -> Res<SampleView> {
    let opts = DrawOptions::from_input(Some(&percent), seed.as_deref(), Some(&strata), reason)?;
    state.with_store(|s| sampling::draw_sample(s, &state.ctx(), audit, &opts))
}

#[tauri::command]
pub fn current_sample(state: State<'_, AppState>, audit: i64) -> Res<Option<SampleView>> {
    state.with_store(|s| sampling::current_sample(s, audit))
}

#[tauri::command]
pub fn verify_sample(state: State<'_, AppState>, audit: i64) -> Res<Verification> {
    state.with_store(|s| sampling::verify_sample(s, audit))
}

#[tauri::command]
pub fn assign_sample(
    state: State<'_, AppState>,
    audit: i64,
    controllers: Vec<String>,
) -> Res<Progress> {
    state.with_store(|s| review::assign_sample(s, &state.ctx(), audit, &controllers))
}

#[tauri::command]
pub fn review_files(state: State<'_, AppState>, audit: i64) -> Res<Vec<FileStatus>> {
    state.with_store(|s| review::review_files(s, audit))
}

#[tauri::command]
pub fn review_file(state: State<'_, AppState>, audit: i64, case_id: String) -> Res<FileView> {
    state.with_store(|s| review::review_file_as(s, &state.ctx().user, audit, &case_id))
}

#[tauri::command]
pub fn reveal_personnummer(state: State<'_, AppState>, audit: i64, case_id: String) -> Res<String> {
    state.with_store(|s| review::reveal_personnummer(s, &state.ctx(), audit, &case_id))
}

#[tauri::command]
pub fn set_answer(
    state: State<'_, AppState>,
    audit: i64,
    case_id: String,
    item_id: String,
    value: Answer,
    comment: Option<String>,
    second: Option<bool>,
) -> Res<FileStatus> {
    let a = review::AnswerInput {
        case_id,
        item_id,
        value,
        comment,
    };
    let second = second == Some(true);
    state.with_store(|s| review::answer_in_view(s, &state.ctx(), audit, &a, second))
}

/// Clears an answer back to unanswered; the file's status as the user now sees it.
#[tauri::command]
pub fn clear_answer(
    state: State<'_, AppState>,
    audit: i64,
    case_id: String,
    item_id: String,
    second: Option<bool>,
) -> Res<FileStatus> {
    let second = second == Some(true);
    state.with_store(|s| review::clear_in_view(s, &state.ctx(), audit, &case_id, &item_id, second))
}

/// The double review's drawn share with its second reviewers; `None` before a draw.
#[tauri::command]
pub fn double_view(state: State<'_, AppState>, audit: i64) -> Res<Option<DoubleView>> {
    state.with_store(|s| double::double_view(s, audit))
}

/// Draws the share of the sample reviewed twice (`percent` as typed, default 10).
#[tauri::command]
pub fn draw_double(
    state: State<'_, AppState>,
    audit: i64,
    percent: Option<String>,
) -> Res<DoubleView> {
    let bp = sampling::percent_input(percent.as_deref())?;
    state.with_store(|s| double::draw_double(s, &state.ctx(), audit, bp, None))
}

/// Assigns the second reviewer of every drawn file, or of one.
#[tauri::command]
pub fn assign_second(
    state: State<'_, AppState>,
    audit: i64,
    reviewer: String,
    case_id: Option<String>,
) -> Res<DoubleView> {
    state.with_store(|s| {
        double::assign_second(s, &state.ctx(), audit, &reviewer, case_id.as_deref())
    })
}

/// The calibration as the app's user may see it.
#[tauri::command]
pub fn calibration(state: State<'_, AppState>, audit: i64) -> Res<CalibrationView> {
    state.with_store(|s| calibration::calibration(s, &state.ctx().user, audit))
}

/// Draws 2 or 3 files of the sample for calibration.
#[tauri::command]
pub fn draw_calibration(
    state: State<'_, AppState>,
    audit: i64,
    files: usize,
) -> Res<CalibrationView> {
    state.with_store(|s| calibration::draw_calibration(s, &state.ctx(), audit, files, None))
}

/// Reads the app user's calibration answers from an answer file, all or nothing.
#[tauri::command(async)]
pub fn import_calibration(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
) -> Res<AnswersImported> {
    let bytes = files::read(&path)?;
    state.with_store(|s| calibration::import_calibration_answers(s, &state.ctx(), audit, &bytes))
}

/// How far the two reviews agree.
#[tauri::command]
pub fn agreement(state: State<'_, AppState>, audit: i64) -> Res<AgreementView> {
    state.with_store(|s| double::agreement_view(s, audit))
}

/// The disagreements of files both reviews are complete for.
#[tauri::command]
pub fn disagreements(state: State<'_, AppState>, audit: i64) -> Res<Vec<Disagreement>> {
    state.with_store(|s| double::disagreements(s, audit))
}

/// Settles a disagreement with a reason.
#[tauri::command]
pub fn settle_disagreement(
    state: State<'_, AppState>,
    audit: i64,
    case_id: String,
    item_id: String,
    value: Answer,
    reason: String,
) -> Res<Disagreement> {
    state.with_store(|s| double::settle(s, &state.ctx(), audit, &case_id, &item_id, value, &reason))
}

/// Imports an answer file (`Ärende-id;Fråga;Svar;Kommentar`), all or nothing.
#[tauri::command(async)]
pub fn import_answers(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
) -> Res<AnswersImported> {
    let bytes = files::read(&path)?;
    state.with_store(|s| review::import_answers(s, &state.ctx(), audit, &bytes))
}

/// Writes the canonical population (case id and stratum per line, no personnummer) for
/// re-deriving the sample outside the program.
#[tauri::command(async)]
pub fn export_population(state: State<'_, AppState>, audit: i64, path: PathBuf) -> Res<usize> {
    let text =
        state.with_store(|s| sampling::export_population(s, &state.ctx(), audit, Some(&path)))?;
    Ok(text.lines().count())
}

/// Whether the audit's history is whole and its data agrees with it (checked when an
/// audit is opened).
#[tauri::command]
pub fn verify_audit(state: State<'_, AppState>, audit: i64) -> Res<AuditVerification> {
    state.with_store(|s| verify::verify_audit(s, audit))
}

/// Writes case officers spelled differently under one name, before the draw.
#[tauri::command]
pub fn merge_officers(
    state: State<'_, AppState>,
    audit: i64,
    into: String,
    from: Vec<String>,
) -> Res<usize> {
    state.with_store(|s| population::merge_officers(s, &state.ctx(), audit, &from, &into))
}

#[tauri::command]
pub fn results(state: State<'_, AppState>, audit: i64) -> Res<ResultsView> {
    state.with_store(|s| review::results(s, audit))
}

#[tauri::command]
pub fn set_grade(
    state: State<'_, AppState>,
    audit: i64,
    item: String,
    grade: Grade,
    motivation: Option<String>,
) -> Res<GradeSet> {
    state.with_store(|s| {
        review::set_grade(s, &state.ctx(), audit, &item, grade, motivation.as_deref())
    })
}

#[tauri::command]
pub fn list_chapters(state: State<'_, AppState>, audit: i64) -> Res<Vec<Chapter>> {
    state.with_store(|s| chapters::list_chapters(s, audit))
}

#[tauri::command]
pub fn set_chapter_text(
    state: State<'_, AppState>,
    audit: i64,
    chapter: u32,
    text: String,
) -> Res<Chapter> {
    state.with_store(|s| chapters::set_chapter_text(s, &state.ctx(), audit, chapter, &text))
}

#[tauri::command]
pub fn list_findings(state: State<'_, AppState>, audit: i64) -> Res<Vec<Finding>> {
    state.with_store(|s| findings::list_findings(s, audit))
}

#[tauri::command]
pub fn add_finding(
    state: State<'_, AppState>,
    audit: i64,
    chapter: u32,
    grade: Grade,
    text: String,
) -> Res<Finding> {
    state.with_store(|s| findings::add_finding(s, &state.ctx(), audit, chapter, grade, &text))
}

#[tauri::command]
pub fn edit_finding(
    state: State<'_, AppState>,
    audit: i64,
    id: i64,
    chapter: Option<u32>,
    grade: Option<Grade>,
    text: Option<String>,
) -> Res<Finding> {
    state.with_store(|s| {
        findings::edit_finding(s, &state.ctx(), audit, id, chapter, grade, text.as_deref())
    })
}

#[tauri::command]
pub fn propose_findings(state: State<'_, AppState>, audit: i64) -> Res<Vec<Finding>> {
    state.with_store(|s| findings::propose_findings(s, &state.ctx(), audit))
}

/// Makes the report and writes it to `path` (from the save dialog).
#[tauri::command(async)]
pub fn export_report(
    state: State<'_, AppState>,
    audit: i64,
    draft: bool,
    path: PathBuf,
) -> Res<Report> {
    let r =
        state.with_store(|s| report::make_report(s, &state.ctx(), audit, draft, Some(&path)))?;
    Ok(r)
}

/// A follow-up's earlier recommendations with the unit's answers.
#[tauri::command]
pub fn followup_list(state: State<'_, AppState>, audit: i64) -> Res<Vec<FollowupItem>> {
    state.with_store(|s| followup::list_followup(s, audit))
}

/// Records the unit's answer to one earlier recommendation.
#[tauri::command]
pub fn followup_set(
    state: State<'_, AppState>,
    audit: i64,
    recommendation: i64,
    status: String,
    text: String,
    assessment: Option<String>,
) -> Res<FollowupItem> {
    state.with_store(|s| {
        followup::set_followup(
            s,
            &state.ctx(),
            audit,
            recommendation,
            &status,
            &text,
            assessment.as_deref(),
        )
    })
}

/// Writes the unit's form (XLSX) to `path`; returns how many recommendations it holds.
#[tauri::command(async)]
pub fn followup_form(state: State<'_, AppState>, audit: i64, path: PathBuf) -> Res<usize> {
    state.with_store(|s| followup::export_form(s, &state.ctx(), audit, &path))
}

/// Reads the unit's filled-in form; returns how many answers were recorded.
#[tauri::command]
pub fn followup_import(state: State<'_, AppState>, audit: i64, path: PathBuf) -> Res<usize> {
    let bytes = files::read(&path)?;
    state.with_store(|s| followup::import_form(s, &state.ctx(), audit, &bytes))
}

/// The audit's recommendations.
#[tauri::command]
pub fn list_recommendations(state: State<'_, AppState>, audit: i64) -> Res<Vec<Recommendation>> {
    state.with_store(|s| recommendations::list_recommendations(s, audit))
}

/// Adds a recommendation, answering a finding when given.
#[tauri::command]
pub fn add_recommendation(
    state: State<'_, AppState>,
    audit: i64,
    text: String,
    finding: Option<i64>,
) -> Res<Recommendation> {
    state
        .with_store(|s| recommendations::add_recommendation(s, &state.ctx(), audit, &text, finding))
}

/// Records the nämnd's response to a recommendation (also on a finalised audit).
#[tauri::command]
pub fn respond_recommendation(
    state: State<'_, AppState>,
    audit: i64,
    id: i64,
    response: String,
    owner: Option<String>,
    due: Option<String>,
) -> Res<Recommendation> {
    state.with_store(|s| {
        recommendations::respond_to_recommendation(
            s,
            &state.ctx(),
            audit,
            id,
            &response,
            owner.as_deref(),
            due.as_deref(),
        )
    })
}

/// Every audit's recommendations, filtered by unit, status and overdue.
#[tauri::command]
pub fn recommendation_register(
    state: State<'_, AppState>,
    unit: Option<String>,
    status: Option<String>,
    overdue: bool,
) -> Res<Vec<RegisterEntry>> {
    let today = state.ctx().clock.now().date_naive();
    state.with_store(|s| {
        recommendations::register(s, today, unit.as_deref(), status.as_deref(), overdue)
    })
}

/// The förvaltning's overview of every unit's finalised audits.
#[tauri::command]
pub fn overview(
    state: State<'_, AppState>,
    org: Option<String>,
    year: Option<i32>,
) -> Res<Overview> {
    let today = state.ctx().clock.now().date_naive();
    state.with_store(|s| overview::overview(s, today, org.as_deref(), year))
}

/// Writes the overview as XLSX, PDF or DOCX (by the file's extension).
#[tauri::command(async)]
pub fn export_overview(
    state: State<'_, AppState>,
    org: Option<String>,
    year: Option<i32>,
    path: PathBuf,
) -> Res<OverviewExport> {
    state.with_store(|s| overview::export(s, &state.ctx(), org.as_deref(), year, &path))
}

/// A follow-up's trend against the audit it follows, with the series.
#[tauri::command]
pub fn trend(state: State<'_, AppState>, audit: i64) -> Res<TrendView> {
    state.with_store(|s| trend::trend(s, audit))
}

/// Rewrites the Sammanfattning's comparison sentence (`None`: the generated one again).
#[tauri::command]
pub fn set_trend_summary(
    state: State<'_, AppState>,
    audit: i64,
    text: Option<String>,
) -> Res<TrendSummaryView> {
    state.with_store(|s| trend::set_summary(s, &state.ctx(), audit, text.as_deref()))
}

/// The Gul and Röd findings no recommendation answers, as lines for a warning.
#[tauri::command]
pub fn findings_without_recommendation(state: State<'_, AppState>, audit: i64) -> Res<Vec<String>> {
    state.with_store(|s| recommendations::findings_without_recommendation(s, audit))
}

/// Makes the report as a Word document and writes it to `path`; returns its SHA-256.
#[tauri::command(async)]
pub fn export_report_docx(
    state: State<'_, AppState>,
    audit: i64,
    draft: bool,
    path: PathBuf,
) -> Res<String> {
    state.with_store(|s| report::make_report_docx(s, &state.ctx(), audit, draft, &path))
}

/// Writes the results as a spreadsheet (XLSX) to `path`.
#[tauri::command(async)]
pub fn export_results_xlsx(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
) -> Res<SheetExport> {
    state.with_store(|s| review::export_results_xlsx(s, &state.ctx(), audit, &path))
}

/// Writes every answer per file and item as a spreadsheet (XLSX, internal) to `path`.
#[tauri::command(async)]
pub fn export_answers_xlsx(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
) -> Res<SheetExport> {
    state.with_store(|s| review::export_answers_xlsx(s, &state.ctx(), audit, &path))
}

/// The draft report's PDF bytes for the preview (not recorded in the history).
#[tauri::command(async)]
pub fn preview_report(state: State<'_, AppState>, audit: i64) -> Res<tauri::ipc::Response> {
    let r = state.with_store(|s| report::render(s, &state.ctx(), audit, true))?;
    Ok(tauri::ipc::Response::new(r.bytes))
}

/// Finalises the audit and writes the final report to `path` (from the save dialog).
#[tauri::command(async)]
pub fn finalize_audit(state: State<'_, AppState>, audit: i64, path: PathBuf) -> Res<Finalized> {
    let f = state.with_store(|s| finalize::finalize(s, &state.ctx(), audit, Some(&path)))?;
    Ok(f)
}

#[tauri::command]
pub fn reopen_audit(state: State<'_, AppState>, audit: i64, reason: String) -> Res<()> {
    state.with_store(|s| finalize::reopen(s, &state.ctx(), audit, &reason))
}

#[tauri::command]
pub fn report_versions(state: State<'_, AppState>, audit: i64) -> Res<Vec<ReportVersionView>> {
    state.with_store(|s| finalize::versions(s, audit))
}

/// Writes the audit's history as CSV (one event per line) to `path`.
#[tauri::command(async)]
pub fn export_history(state: State<'_, AppState>, audit: i64, path: PathBuf) -> Res<usize> {
    let (events, _) =
        state.with_store(|s| audits::export_history(s, &state.ctx(), audit, Some(&path)))?;
    Ok(events)
}

/// One page of the history, newest first, of one kind or of all.
#[tauri::command]
pub fn history_page(
    state: State<'_, AppState>,
    audit: i64,
    kind: Option<String>,
    offset: usize,
    limit: usize,
) -> Res<HistoryPage> {
    state.with_store(|s| {
        let mut page = audits::history_page(s, audit, kind.as_deref(), offset, limit)?;
        aktgranskning_service::double::blind_history(
            s.conn(),
            audit,
            &state.ctx().user,
            &mut page.events,
        )?;
        Ok(page)
    })
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> Res<UserSettings> {
    state.with_store(|s| settings::user(s, &aktgranskning_service::context::os_user()))
}

#[tauri::command]
pub fn set_settings(state: State<'_, AppState>, user: UserSettings) -> Res<UserSettings> {
    let saved = state.with_store(|s| settings::set_user(s, &user))?;
    state.set_user(&saved.name);
    Ok(saved)
}

#[tauri::command]
pub fn list_templates(state: State<'_, AppState>) -> Res<Vec<TemplateSummary>> {
    state.with_store(|s| templates::list_templates(s))
}

#[tauri::command]
pub fn export_template(
    state: State<'_, AppState>,
    id: String,
    version: u32,
    path: PathBuf,
) -> Res<()> {
    let text = state.with_store(|s| templates::export_template(s, &id, Some(version)))?;
    files::write_output(&path, text.as_bytes(), Some(&state.db_path))
}

#[tauri::command]
pub fn import_template(state: State<'_, AppState>, path: PathBuf) -> Res<TemplateSummary> {
    let text = files::read_text(&path)?;
    state.with_store(|s| templates::import_template(s, &state.ctx(), &text))
}

/// One template version with its items, for the editor.
#[tauri::command]
pub fn get_template(state: State<'_, AppState>, id: String, version: u32) -> Res<Template> {
    state.with_store(|s| templates::get_template(s, &id, Some(version)))
}

/// An edited template saved as a new version (or, with `new_id`, as a copy).
#[tauri::command]
pub fn save_template(
    state: State<'_, AppState>,
    template: Template,
    new_id: Option<String>,
) -> Res<TemplateSummary> {
    state.with_store(|s| templates::save_template(s, &state.ctx(), template, new_id.as_deref()))
}

#[tauri::command(async)]
pub fn factcheck_export(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
    due: Option<String>,
) -> Res<Exported> {
    state.with_store(|s| {
        factcheck::export_package_due(s, &state.ctx(), audit, Some(&path), due.as_deref())
    })
}

#[tauri::command]
pub fn factcheck_import(state: State<'_, AppState>, audit: i64, path: PathBuf) -> Res<Imported> {
    let bytes = files::read(&path)?;
    state.with_store(|s| factcheck::import_response(s, &state.ctx(), audit, &bytes))
}

#[tauri::command]
pub fn factcheck_list(state: State<'_, AppState>, audit: i64) -> Res<Vec<CommentView>> {
    state.with_store(|s| factcheck::list_comments(s, audit))
}

#[tauri::command]
pub fn factcheck_resolve(
    state: State<'_, AppState>,
    audit: i64,
    comment: i64,
    accept: bool,
    reason: Option<String>,
    text: Option<String>,
) -> Res<CommentView> {
    state.with_store(|s| {
        factcheck::resolve(
            s,
            &state.ctx(),
            audit,
            comment,
            accept,
            reason.as_deref(),
            text.as_deref(),
        )
    })
}

/// The enhetschef's view: a package read from a file, without the audit database.
#[tauri::command]
pub fn open_package(path: PathBuf) -> Res<PackageView> {
    Ok(factcheck::read_package(&files::read(&path)?)?.info)
}

/// The draft report inside a package, for the preview.
#[tauri::command]
pub fn package_report(path: PathBuf) -> Res<tauri::ipc::Response> {
    let p = factcheck::read_package(&files::read(&path)?)?;
    Ok(tauri::ipc::Response::new(factcheck::package_pdf(&p)?))
}

/// Writes the enhetschef's answer to the package at `package`.
#[tauri::command]
pub fn save_response(
    state: State<'_, AppState>,
    package: PathBuf,
    comments: Vec<CommentInput>,
    path: PathBuf,
) -> Res<usize> {
    let ctx = state.ctx();
    let bytes = factcheck::respond(
        &files::read(&package)?,
        &comments,
        &ctx.user,
        &ctx.now_text(),
    )?;
    files::write_output(&path, &bytes, Some(&state.db_path))?;
    Ok(comments.len())
}

/// The audit's notes: per file and the working notes.
#[tauri::command]
pub fn list_notes(state: State<'_, AppState>, audit: i64) -> Res<NotesView> {
    state.with_store(|s| notes::list(s, audit))
}

/// Writes the note on a sampled file (an empty text removes it).
#[tauri::command]
pub fn set_file_note(
    state: State<'_, AppState>,
    audit: i64,
    case_id: String,
    text: String,
) -> Res<Option<FileNoteView>> {
    state.with_store(|s| notes::set_file_note(s, &state.ctx(), audit, &case_id, &text))
}

fn note_input(
    kind: String,
    chapter: Option<u32>,
    date: Option<String>,
    text: String,
) -> WorkingNoteInput {
    WorkingNoteInput {
        kind,
        chapter,
        date,
        text,
    }
}

/// Adds a working note.
#[tauri::command]
pub fn add_working_note(
    state: State<'_, AppState>,
    audit: i64,
    kind: String,
    chapter: Option<u32>,
    date: Option<String>,
    text: String,
) -> Res<WorkingNoteView> {
    let input = note_input(kind, chapter, date, text);
    state.with_store(|s| notes::add_working_note(s, &state.ctx(), audit, &input))
}

/// Rewrites a working note.
#[tauri::command]
pub fn edit_working_note(
    state: State<'_, AppState>,
    audit: i64,
    id: i64,
    kind: String,
    chapter: Option<u32>,
    date: Option<String>,
    text: String,
) -> Res<WorkingNoteView> {
    let input = note_input(kind, chapter, date, text);
    state.with_store(|s| notes::edit_working_note(s, &state.ctx(), audit, id, &input))
}

/// Removes a working note.
#[tauri::command]
pub fn remove_working_note(state: State<'_, AppState>, audit: i64, id: i64) -> Res<()> {
    state.with_store(|s| notes::remove_working_note(s, &state.ctx(), audit, id))
}

/// The comments given per item (internal evidence, never in the report).
#[tauri::command]
pub fn item_comments(state: State<'_, AppState>, audit: i64) -> Res<Vec<ItemComments>> {
    state.with_store(|s| notes::item_comments(s, audit))
}

/// What stops finalising, and what is worth a look first.
#[tauri::command]
pub fn finalize_readiness(state: State<'_, AppState>, audit: i64) -> Res<Readiness> {
    state.with_store(|s| finalize::readiness(s, audit))
}

/// The stratifications offered when drawing, the default first.
#[tauri::command]
pub fn strata_choices() -> Vec<sampling::StrataChoice> {
    sampling::strata_choices()
}

/// The sample size a share gives, before drawing.
#[tauri::command]
pub fn planned_size(state: State<'_, AppState>, audit: i64, percent: String) -> Res<PlannedSize> {
    state.with_store(|s| sampling::planned_size(s, audit, &percent))
}

/// The sampled files with lagrum, insats, handläggare and controller.
#[tauri::command]
pub fn sample_list(state: State<'_, AppState>, audit: i64) -> Res<Vec<SampledFile>> {
    state.with_store(|s| review::sample_list(s, audit))
}

/// Writes the sample list as XLSX (internal, recorded in the history).
#[tauri::command(async)]
pub fn export_sample_xlsx(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
) -> Res<SheetExport> {
    state.with_store(|s| review::export_sample_xlsx(s, &state.ctx(), audit, &path))
}

/// Writes a file's checklist as PDF: blank, or with the answers (internal, logged).
#[tauri::command(async)]
pub fn export_checklist(
    state: State<'_, AppState>,
    audit: i64,
    case_id: String,
    blank: bool,
    path: PathBuf,
) -> Res<FeedbackExport> {
    state.with_store(|s| feedback::export_checklist(s, &state.ctx(), audit, &case_id, blank, &path))
}

/// Writes the deviations per handläggare as PDF (internal, logged).
#[tauri::command(async)]
pub fn export_deviations(
    state: State<'_, AppState>,
    audit: i64,
    officer: Option<String>,
    path: PathBuf,
) -> Res<FeedbackExport> {
    state.with_store(|s| {
        feedback::export_deviations(s, &state.ctx(), audit, officer.as_deref(), &path)
    })
}

/// Ends the round that waits for the enhetschef: withdrawn, or closed without response.
#[tauri::command]
pub fn factcheck_close(
    state: State<'_, AppState>,
    audit: i64,
    withdraw: bool,
    reason: String,
) -> Res<u32> {
    let kind = if withdraw {
        factcheck::CloseKind::Withdrawn
    } else {
        factcheck::CloseKind::NoResponse
    };
    state.with_store(|s| factcheck::close_round(s, &state.ctx(), audit, kind, &reason))
}

/// The fact-check rounds: sent, due, answered or ended.
#[tauri::command]
pub fn factcheck_rounds(state: State<'_, AppState>, audit: i64) -> Res<Vec<factcheck::RoundView>> {
    state.with_store(|s| factcheck::list_rounds(s, &state.ctx(), audit))
}

/// Starts a round for an enhetschef without the app: the draft as PDF and the response
/// form as XLSX or DOCX (by the name chosen).
#[tauri::command(async)]
pub fn factcheck_form(
    state: State<'_, AppState>,
    audit: i64,
    form: PathBuf,
    pdf: PathBuf,
    due: Option<String>,
) -> Res<Exported> {
    state
        .with_store(|s| factcheck::export_form(s, &state.ctx(), audit, &form, &pdf, due.as_deref()))
}

/// Reads a filled-in response form.
#[tauri::command(async)]
pub fn factcheck_import_form(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
) -> Res<Imported> {
    let bytes = files::read(&path)?;
    state.with_store(|s| factcheck::import_form(s, &state.ctx(), audit, &bytes))
}

/// Records what came in a meeting or an e-mail.
#[tauri::command]
pub fn factcheck_record(
    state: State<'_, AppState>,
    audit: i64,
    responder: String,
    via: String,
    comments: Vec<CommentInput>,
) -> Res<Imported> {
    state.with_store(|s| {
        factcheck::record_response(s, &state.ctx(), audit, &responder, &via, &comments)
    })
}

/// Writes an arbetspaket for a colleague to `path`, sealed with `passphrase`.
#[tauri::command(async)]
pub fn work_export(
    state: State<'_, AppState>,
    audit: i64,
    controller: String,
    passphrase: String,
    path: PathBuf,
) -> Res<work::WorkExported> {
    state.with_store(|s| work::export(s, &state.ctx(), audit, &controller, &passphrase, &path))
}

/// Opens an arbetspaket: the colleague's copy, or the lead's changes merged into it.
#[tauri::command(async)]
pub fn work_open(
    state: State<'_, AppState>,
    path: PathBuf,
    passphrase: String,
) -> Res<work::WorkMerged> {
    let bytes = files::read(&path)?;
    state.with_store(|s| work::open(s, &state.ctx(), &bytes, &passphrase))
}

/// Writes the copy's svarspaket to `path`.
#[tauri::command(async)]
pub fn work_return(
    state: State<'_, AppState>,
    audit: i64,
    passphrase: String,
    path: PathBuf,
) -> Res<work::WorkReturned> {
    state.with_store(|s| work::return_package(s, &state.ctx(), audit, &passphrase, &path))
}

/// Imports a colleague's svarspaket.
#[tauri::command(async)]
pub fn work_import(
    state: State<'_, AppState>,
    audit: i64,
    path: PathBuf,
    passphrase: String,
) -> Res<work::WorkMerged> {
    let bytes = files::read(&path)?;
    state.with_store(|s| work::import(s, &state.ctx(), audit, &bytes, &passphrase))
}

/// Settles a conflict with `value` (ours, theirs or an answer).
#[tauri::command]
pub fn work_settle(
    state: State<'_, AppState>,
    audit: i64,
    case: String,
    item: String,
    value: String,
) -> Res<work::ConflictView> {
    state.with_store(|s| work::settle(s, &state.ctx(), audit, &case, &item, &value, None))
}

/// The audit's packages and conflicts.
#[tauri::command]
pub fn work_status(state: State<'_, AppState>, audit: i64) -> Res<work::WorkStatus> {
    state.with_store(|s| work::status(s, audit))
}
