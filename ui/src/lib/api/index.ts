// The one door from the UI to the backend. Every call goes through `call`, which turns
// whatever the IPC layer rejects with into the backend's error shape {code, message,
// errors}, so that screens never parse strings.
import { invoke } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type {
  WorkExported,
  WorkMerged,
  WorkReturned,
  WorkStatus,
  ConflictView,
  Answer,
  AnswersImported,
  AppInfo,
  AuditSummary,
  BackupEntry,
  BackupInfo,
  Chapter,
  DatabaseStatus,
  GallringInfo,
  SheetExport,
  Recommendation,
  RegisterEntry,
  FileNoteView,
  AuditEdit,
  Readiness,
  RoundView,
  FeedbackExport,
  PlannedSize,
  StrataChoice,
  SampledFile,
  ItemComments,
  NotesView,
  WorkingNoteView,
  Overview,
  DoubleView,
  CalibrationView,
  AgreementView,
  Disagreement,
  OverviewExport,
  TrendSummaryView,
  TrendView,
  FollowupItem,
  CommentInput,
  CommentView,
  Exported,
  ColumnChoice,
  FileStatus,
  FileView,
  Finalized,
  Finding,
  Grade,
  GradeSet,
  HistoryPage,
  Imported,
  NewAuditInput,
  PackageView,
  PopulationPreview,
  PopulationSummary,
  Progress,
  Report,
  ReportVersionView,
  ResultsView,
  SampleView,
  ServiceError,
  Template,
  TemplateSummary,
  UserSettings,
  AuditVerification,
  Verification,
} from "./bindings";

export type * from "./bindings";

/** Turns any rejection into a ServiceError with a Swedish message. */
export function toServiceError(e: unknown): ServiceError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return e as ServiceError;
  }
  const message = "Ett oväntat fel inträffade i programmet.";
  return { code: "internal", message, errors: [{ message }] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toServiceError(e);
  }
}

export interface DrawInput {
  percent: string;
  seed: string | null;
  strata: string;
  reason: string | null;
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  databaseStatus: () => call<DatabaseStatus>("database_status"),
  unlockDatabase: (secret: string) => call<DatabaseStatus>("unlock_database", { secret }),
  recoveryCodeSaved: () => call<void>("recovery_code_saved"),
  showRecoveryCode: () => call<string>("show_recovery_code"),
  listBackups: () => call<BackupEntry[]>("list_backups"),
  createBackup: () => call<BackupInfo>("create_backup"),
  restoreBackup: (path: string) => call<BackupInfo>("restore_backup", { path }),
  gallringInfo: (audit: number) => call<GallringInfo | null>("gallring_info", { audit }),
  gallraAudit: (audit: number, reason: string) => call<GallringInfo>("gallra_audit", { audit, reason }),
  listAudits: () => call<AuditSummary[]>("list_audits"),
  createAudit: (input: NewAuditInput) => call<number>("create_audit", { input }),
  editAudit: (audit: number, edit: AuditEdit) => call<string[]>("edit_audit", { audit, edit }),
  removeAudit: (audit: number) => call<null>("remove_audit", { audit }),
  archiveAudit: (audit: number, archived: boolean) => call<null>("archive_audit", { audit, archived }),
  createDemoAudit: () => call<number>("create_demo_audit"),
  previewPopulation: (audit: number, path: string) => call<PopulationPreview>("preview_population", { audit, path }),
  importPopulation: (audit: number, path: string, columns: ColumnChoice[] = [], skipSummary = false) =>
    call<PopulationSummary>("import_population", { audit, path, columns, skipSummary }),
  drawSample: (audit: number, d: DrawInput) => call<SampleView>("draw_sample", { audit, ...d }),
  currentSample: (audit: number) => call<SampleView | null>("current_sample", { audit }),
  verifySample: (audit: number) => call<Verification>("verify_sample", { audit }),
  assignSample: (audit: number, controllers: string[]) => call<Progress>("assign_sample", { audit, controllers }),
  reviewFiles: (audit: number) => call<FileStatus[]>("review_files", { audit }),
  reviewFile: (audit: number, caseId: string) => call<FileView>("review_file", { audit, caseId }),
  revealPersonnummer: (audit: number, caseId: string) => call<string>("reveal_personnummer", { audit, caseId }),
  setAnswer: (audit: number, caseId: string, itemId: string, value: Answer, comment: string | null, second = false) =>
    call<FileStatus>("set_answer", { audit, caseId, itemId, value, comment, second }),
  calibration: (audit: number) => call<CalibrationView>("calibration", { audit }),
  drawCalibration: (audit: number, files: number) => call<CalibrationView>("draw_calibration", { audit, files }),
  importCalibration: (audit: number, path: string) => call<AnswersImported>("import_calibration", { audit, path }),
  clearAnswer: (audit: number, caseId: string, itemId: string, second = false) =>
    call<FileStatus>("clear_answer", { audit, caseId, itemId, second }),
  doubleView: (audit: number) => call<DoubleView | null>("double_view", { audit }),
  drawDouble: (audit: number, percent: string | null) => call<DoubleView>("draw_double", { audit, percent }),
  assignSecond: (audit: number, reviewer: string, caseId: string | null) =>
    call<DoubleView>("assign_second", { audit, reviewer, caseId }),
  agreement: (audit: number) => call<AgreementView>("agreement", { audit }),
  disagreements: (audit: number) => call<Disagreement[]>("disagreements", { audit }),
  settleDisagreement: (audit: number, caseId: string, itemId: string, value: Answer, reason: string) =>
    call<Disagreement>("settle_disagreement", { audit, caseId, itemId, value, reason }),
  importAnswers: (audit: number, path: string) => call<AnswersImported>("import_answers", { audit, path }),
  exportPopulation: (audit: number, path: string) => call<number>("export_population", { audit, path }),
  verifyAudit: (audit: number) => call<AuditVerification>("verify_audit", { audit }),
  mergeOfficers: (audit: number, into: string, from: string[]) => call<number>("merge_officers", { audit, into, from }),
  results: (audit: number) => call<ResultsView>("results", { audit }),
  setGrade: (audit: number, item: string, grade: Grade, motivation: string | null) =>
    call<GradeSet>("set_grade", { audit, item, grade, motivation }),
  listChapters: (audit: number) => call<Chapter[]>("list_chapters", { audit }),
  setChapterText: (audit: number, chapter: number, text: string) =>
    call<Chapter>("set_chapter_text", { audit, chapter, text }),
  listFindings: (audit: number) => call<Finding[]>("list_findings", { audit }),
  addFinding: (audit: number, chapter: number, grade: Grade, text: string) =>
    call<Finding>("add_finding", { audit, chapter, grade, text }),
  editFinding: (audit: number, id: number, grade: Grade | null, text: string | null) =>
    call<Finding>("edit_finding", { audit, id, chapter: null, grade, text }),
  proposeFindings: (audit: number) => call<Finding[]>("propose_findings", { audit }),
  exportReport: (audit: number, draft: boolean, path: string) => call<Report>("export_report", { audit, draft, path }),
  followupList: (audit: number) => call<FollowupItem[]>("followup_list", { audit }),
  followupSet: (audit: number, recommendation: number, status: string, text: string, assessment: string | null) =>
    call<FollowupItem>("followup_set", { audit, recommendation, status, text, assessment }),
  followupForm: (audit: number, path: string) => call<number>("followup_form", { audit, path }),
  followupImport: (audit: number, path: string) => call<number>("followup_import", { audit, path }),
  plannedSize: (audit: number, percent: string) => call<PlannedSize>("planned_size", { audit, percent }),
  strataChoices: () => call<StrataChoice[]>("strata_choices"),
  sampleList: (audit: number) => call<SampledFile[]>("sample_list", { audit }),
  exportSampleXlsx: (audit: number, path: string) => call<SheetExport>("export_sample_xlsx", { audit, path }),
  exportChecklist: (audit: number, caseId: string, blank: boolean, path: string) =>
    call<FeedbackExport>("export_checklist", { audit, caseId, blank, path }),
  exportDeviations: (audit: number, officer: string | null, path: string) =>
    call<FeedbackExport>("export_deviations", { audit, officer, path }),
  finalizeReadiness: (audit: number) => call<Readiness>("finalize_readiness", { audit }),
  listNotes: (audit: number) => call<NotesView>("list_notes", { audit }),
  setFileNote: (audit: number, caseId: string, text: string) =>
    call<FileNoteView | null>("set_file_note", { audit, caseId, text }),
  addWorkingNote: (audit: number, kind: string, chapter: number | null, date: string | null, text: string) =>
    call<WorkingNoteView>("add_working_note", { audit, kind, chapter, date, text }),
  editWorkingNote: (
    audit: number,
    id: number,
    kind: string,
    chapter: number | null,
    date: string | null,
    text: string,
  ) => call<WorkingNoteView>("edit_working_note", { audit, id, kind, chapter, date, text }),
  removeWorkingNote: (audit: number, id: number) => call<null>("remove_working_note", { audit, id }),
  itemComments: (audit: number) => call<ItemComments[]>("item_comments", { audit }),
  listRecommendations: (audit: number) => call<Recommendation[]>("list_recommendations", { audit }),
  addRecommendation: (audit: number, text: string, finding: number | null) =>
    call<Recommendation>("add_recommendation", { audit, text, finding }),
  respondRecommendation: (audit: number, id: number, response: string, owner: string | null, due: string | null) =>
    call<Recommendation>("respond_recommendation", { audit, id, response, owner, due }),
  findingsWithoutRecommendation: (audit: number) => call<string[]>("findings_without_recommendation", { audit }),
  recommendationRegister: (unit: string | null, status: string | null, overdue: boolean) =>
    call<RegisterEntry[]>("recommendation_register", { unit, status, overdue }),
  trend: (audit: number) => call<TrendView>("trend", { audit }),
  overview: (org: string | null, year: number | null) => call<Overview>("overview", { org, year }),
  /** The overview as XLSX, PDF or DOCX, by the file's extension. */
  exportOverview: (org: string | null, year: number | null, path: string) =>
    call<OverviewExport>("export_overview", { org, year, path }),
  /** `null`: back to the generated sentence. */
  setTrendSummary: (audit: number, text: string | null) => call<TrendSummaryView>("set_trend_summary", { audit, text }),
  /** The report as a Word document; its SHA-256. */
  exportReportDocx: (audit: number, draft: boolean, path: string) =>
    call<string>("export_report_docx", { audit, draft, path }),
  exportResultsXlsx: (audit: number, path: string) => call<SheetExport>("export_results_xlsx", { audit, path }),
  exportAnswersXlsx: (audit: number, path: string) => call<SheetExport>("export_answers_xlsx", { audit, path }),
  /** The draft report as PDF bytes, for the preview. */
  previewReport: (audit: number) => call<ArrayBuffer>("preview_report", { audit }),
  historyPage: (audit: number, kind: string | null, offset: number, limit: number) =>
    call<HistoryPage>("history_page", { audit, kind, offset, limit }),
  exportHistory: (audit: number, path: string) => call<number>("export_history", { audit, path }),
  finalizeAudit: (audit: number, path: string) => call<Finalized>("finalize_audit", { audit, path }),
  reopenAudit: (audit: number, reason: string) => call<null>("reopen_audit", { audit, reason }),
  factcheckExport: (audit: number, path: string, due: string | null = null) =>
    call<Exported>("factcheck_export", { audit, path, due }),
  factcheckClose: (audit: number, withdraw: boolean, reason: string) =>
    call<number>("factcheck_close", { audit, withdraw, reason }),
  factcheckRounds: (audit: number) => call<RoundView[]>("factcheck_rounds", { audit }),
  factcheckForm: (audit: number, form: string, pdf: string, due: string | null) =>
    call<Exported>("factcheck_form", { audit, form, pdf, due }),
  factcheckImportForm: (audit: number, path: string) => call<Imported>("factcheck_import_form", { audit, path }),
  workExport: (audit: number, controller: string, passphrase: string, path: string) =>
    call<WorkExported>("work_export", { audit, controller, passphrase, path }),
  workOpen: (path: string, passphrase: string) => call<WorkMerged>("work_open", { path, passphrase }),
  workReturn: (audit: number, passphrase: string, path: string) =>
    call<WorkReturned>("work_return", { audit, passphrase, path }),
  workImport: (audit: number, path: string, passphrase: string) =>
    call<WorkMerged>("work_import", { audit, path, passphrase }),
  workSettle: (audit: number, kase: string, item: string, value: string) =>
    call<ConflictView>("work_settle", { audit, case: kase, item, value }),
  workStatus: (audit: number) => call<WorkStatus>("work_status", { audit }),
  factcheckRecord: (audit: number, responder: string, via: string, comments: CommentInput[]) =>
    call<Imported>("factcheck_record", { audit, responder, via, comments }),
  factcheckImport: (audit: number, path: string) => call<Imported>("factcheck_import", { audit, path }),
  factcheckList: (audit: number) => call<CommentView[]>("factcheck_list", { audit }),
  factcheckResolve: (audit: number, comment: number, accept: boolean, reason: string | null, text: string | null) =>
    call<CommentView>("factcheck_resolve", { audit, comment, accept, reason, text }),
  openPackage: (path: string) => call<PackageView>("open_package", { path }),
  packageReport: (path: string) => call<ArrayBuffer>("package_report", { path }),
  saveResponse: (pkg: string, comments: CommentInput[], path: string) =>
    call<number>("save_response", { package: pkg, comments, path }),
  reportVersions: (audit: number) => call<ReportVersionView[]>("report_versions", { audit }),
  getSettings: () => call<UserSettings>("get_settings"),
  setSettings: (user: UserSettings) => call<UserSettings>("set_settings", { user }),
  listTemplates: () => call<TemplateSummary[]>("list_templates"),
  exportTemplate: (id: string, version: number, path: string) => call<null>("export_template", { id, version, path }),
  importTemplate: (path: string) => call<TemplateSummary>("import_template", { path }),
  getTemplate: (id: string, version: number) => call<Template>("get_template", { id, version }),
  saveTemplate: (template: Template, newId: string | null) =>
    call<TemplateSummary>("save_template", { template, newId }),
};

/** The kinds of file the dialogs offer. */
export const FILES = {
  table: { name: "CSV eller Excel", extensions: ["csv", "txt", "xlsx", "xls", "ods"] },
  json: { name: "Aktgranskning (JSON)", extensions: ["json"] },
  template: { name: "Mall (JSON)", extensions: ["json"] },
  pdf: { name: "PDF", extensions: ["pdf"] },
  docx: { name: "Word", extensions: ["docx"] },
  xlsx: { name: "Excel", extensions: ["xlsx"] },
  form: { name: "Excel eller Word", extensions: ["xlsx", "docx"] },
  work: { name: "Arbetspaket", extensions: ["arbetspaket"] },
  answerPackage: { name: "Svarspaket", extensions: ["svarspaket"] },
  csv: { name: "CSV", extensions: ["csv"] },
  tsv: { name: "Tabbseparerad text", extensions: ["tsv", "txt"] },
} as const;
type FileKind = (typeof FILES)[keyof typeof FILES];

/** The native "open file" dialog; null when cancelled. */
export async function chooseOpen(title: string, kind: FileKind): Promise<string | null> {
  const picked = await openDialog({
    title,
    multiple: false,
    directory: false,
    filters: [{ ...kind, extensions: [...kind.extensions] }],
  });
  return typeof picked === "string" ? picked : null;
}

/** The native "save file" dialog; null when cancelled. */
export async function chooseTarget(title: string, defaultPath: string, kind: FileKind): Promise<string | null> {
  return (await saveDialog({ title, defaultPath, filters: [{ ...kind, extensions: [...kind.extensions] }] })) ?? null;
}

// Work that must finish before the window closes: texts typed but not yet saved.
const closing = new Set<() => Promise<void>>();

/** Runs `flush` before the window closes; returns the function that stops it. */
export function beforeClose(flush: () => Promise<void>): () => void {
  closing.add(flush);
  return () => closing.delete(flush);
}

/** Once, at start: a request to close the window first runs every `beforeClose` flush. */
export async function flushOnClose() {
  return getCurrentWindow().onCloseRequested(async () => {
    for (const flush of closing) await flush().catch(() => undefined);
  });
}

/** Calls `onDrop` with the first file dropped on the window, `onHover` while one is over it. */
export async function onFileDrop(onDrop: (path: string) => void, onHover: (over: boolean) => void) {
  return getCurrentWebview().onDragDropEvent((e) => {
    if (e.payload.type === "over" || e.payload.type === "enter") onHover(true);
    else if (e.payload.type === "leave") onHover(false);
    else if (e.payload.type === "drop") {
      onHover(false);
      if (e.payload.paths.length > 0) onDrop(e.payload.paths[0]);
    }
  });
}
