// Generated from the Rust types in crates/service by ts-rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p aktgranskning-service bindings`.

export type ErrorCode = "invalid_input" | "refused" | "not_found" | "locked" | "internal";

export type ErrorDetail = { line?: number, column?: string, message: string, };

export type ServiceError = { code: ErrorCode, message: string, errors: Array<ErrorDetail>, };

export type AppInfo = { version: string, 
/**
 * The database file in use.
 */
db_path: string, 
/**
 * The acting user, recorded as who did what.
 */
user: string, };

export type AuditVerification = { ok: boolean, 
/**
 * What is wrong, in Swedish, oldest first (case ids, never personnummer).
 */
problems: Array<string>, };

export type KeyMode = "keyring" | "passphrase";

export type GallringInfo = { at: string, by: string, reason: string, 
/**
 * Population rows removed.
 */
population_rows: number, 
/**
 * Comments, motivations and fact-check texts removed.
 */
texts: number, };

export type DatabaseStatus = { open: boolean, mode?: KeyMode, 
/**
 * Why it is not open: `locked` (the passphrase or recovery code is needed) or another
 * failure.
 */
error?: ServiceError, 
/**
 * Locked, and there is no database yet: the user chooses a passphrase.
 */
new_database: boolean, 
/**
 * The recovery code of a key made at this start, until the user has saved it.
 */
recovery_code?: string, 
/**
 * Things to say once (the database was encrypted now, …).
 */
notices: Array<string>, };

export type BackupInfo = { path: string, sha256: string, };

export type BackupEntry = { name: string, path: string, 
/**
 * When the file was written (UTC, RFC 3339).
 */
modified: string, bytes: number, 
/**
 * Made automatically on the first start of a day (kept: the last seven).
 */
automatic: boolean, };

export type UserSettings = { 
/**
 * Recorded in the history as who did what.
 */
name: string, 
/**
 * One of [`ROLES`].
 */
role: string, 
/**
 * Whether the user has given a name (false: the login name stands in, and the app
 * asks for the name at its first start).
 */
saved: boolean, };

export type TemplateSummary = { id: string, version: number, name: string, items: number, created_at: string, created_by: string, 
/**
 * The version a new audit runs with unless another is chosen (the current shipped
 * standard template).
 */
default: boolean, };

export type SheetExport = { 
/**
 * Data rows written (items, or file × item answers).
 */
rows: number, sheets: Array<string>, };

export type Recommendation = { id: number, text: string, 
/**
 * The finding it answers.
 */
finding: number | null, 
/**
 * The nämnd's response (nämndens svar / beslutad åtgärd).
 */
response: string | null, 
/**
 * The responsible role.
 */
owner: string | null, 
/**
 * Due date, `YYYY-MM-DD`.
 */
due: string | null, 
/**
 * `utan_svar` until the nämnd's response is recorded, then `besvarad`.
 */
status: string, };

export type FollowupItem = { 
/**
 * The recommendation's id (in the audit followed).
 */
recommendation: number, text: string, 
/**
 * The nämnd's response to it, if one was recorded.
 */
response: string | null, owner: string | null, due: string | null, 
/**
 * `genomford`, `pagar`, `ej_paborjad`, `ej_aktuell`; `null` until the unit answers.
 */
status: string | null, 
/**
 * Svar och beskrivning av situationen idag.
 */
answer: string | null, 
/**
 * The controller's own assessment.
 */
assessment: string | null, };

export type RegisterEntry = { audit: number, unit: string, org: string, diarienr: string, 
/**
 * The audit's reference date, `YYYY-MM-DD`.
 */
date: string, 
/**
 * The audit's status in words (Granskning, Slutförd …).
 */
audit_status: string, id: number, text: string, response: string | null, owner: string | null, 
/**
 * Due date, `YYYY-MM-DD`.
 */
due: string | null, 
/**
 * By the latest follow-up that answered it: `genomford`, `pagar`, `ej_paborjad`,
 * `ej_aktuell`; `ej_uppfoljd` until a follow-up has.
 */
status: string, 
/**
 * The unit's answer in that follow-up.
 */
answer: string | null, 
/**
 * The follow-up audit that answered.
 */
followed_up_in: number | null, 
/**
 * Not Genomförd or Ej längre aktuell.
 */
open: boolean, 
/**
 * Open and past its due date.
 */
overdue: boolean, };

export type Verdict = "forbattring" | "forsamring" | "ingen_saker" | "ej_jamforbar";

export type RateView = { x: number, n: number, rate: number, ci_low: number, ci_high: number, };

export type Comparison = { 
/**
 * `null` when the item is new or changed, or too few files to quote.
 */
previous: RateView | null, current: RateView | null, diff: number | null, diff_ci_low: number | null, diff_ci_high: number | null, verdict: Verdict, };

export type ItemTrend = { item: string, text: string, 
/**
 * `null` when the item is new or changed, or too few files to quote.
 */
previous: RateView | null, current: RateView | null, diff: number | null, diff_ci_low: number | null, diff_ci_high: number | null, verdict: Verdict, };

export type AreaTrend = { area: string, 
/**
 * `null` when the item is new or changed, or too few files to quote.
 */
previous: RateView | null, current: RateView | null, diff: number | null, diff_ci_low: number | null, diff_ci_high: number | null, verdict: Verdict, };

export type SeriesArea = { area: string, rate: RateView | null, };

export type SeriesItem = { item: string, rate: RateView | null, };

export type SeriesPoint = { audit: number, diarienr: string, 
/**
 * The audit's reference date (aktuella akter den …), `YYYY-MM-DD`.
 */
date: string, areas: Array<SeriesArea>, items: Array<SeriesItem>, };

export type TrendSummaryView = { 
/**
 * As generated from the verdicts now.
 */
generated: string, 
/**
 * As printed: the controller's sentence when rewritten, else the generated one.
 */
text: string, edited: boolean, 
/**
 * Rewritten, and the generated sentence has changed since (the numbers moved).
 */
stale: boolean, };

export type TrendView = { 
/**
 * The audit compared with.
 */
previous: number, 
/**
 * The audit compared with, as a reader knows it: "VON 2023/14 (aktuella akter den
 * 1 september 2023)".
 */
previous_label: string, items: Array<ItemTrend>, areas: Array<AreaTrend>, 
/**
 * Every audit of the chain, the oldest first and this one last.
 */
series: Array<SeriesPoint>, summary: TrendSummaryView, };

export type AreaGrade = { area: string, grade: Grade | null, };

export type KvalitetsomradeCount = { 
/**
 * The code (KB, SI, HS, TS, TG).
 */
id: string, name: string, gron: number, gul: number, rod: number, };

export type AreaVerdict = { area: string, verdict: Verdict, };

export type UnitAudit = { audit: number, diarienr: string, 
/**
 * The reference date (aktuella akter den …), `YYYY-MM-DD`.
 */
date: string, sample_size: number, areas: Array<AreaGrade>, 
/**
 * For a follow-up: each area's verdict against the audit it follows; else empty.
 */
verdicts: Array<AreaVerdict>, };

export type UnitOverview = { unit: string, org: string, 
/**
 * The latest finalised audit (in the year asked for).
 */
audit: number, diarienr: string, date: string, sample_size: number, areas: Array<AreaGrade>, kvalitetsomraden: Array<KvalitetsomradeCount>, 
/**
 * Every finalised audit of the unit up to the latest, the oldest first.
 */
series: Array<UnitAudit>, };

export type YearShare = { org: string, year: number, units: number, gron: number, gul: number, rod: number, };

export type Overview = { units: Array<UnitOverview>, 
/**
 * The areas in checklist order (the grid's columns).
 */
areas: Array<string>, years: Array<YearShare>, 
/**
 * The open recommendations of the units' finalised audits, overdue first.
 */
recommendations: Array<RegisterEntry>, 
/**
 * Every förvaltning and year with a finalised audit, for the filters.
 */
orgs: Array<string>, all_years: Array<number>, };

export type OverviewExport = { 
/**
 * `xlsx`, `pdf` or `docx`.
 */
format: string, out: string, units: number, sha256: string, };

export type SecondReviewer = { case_id: string, reviewer: string | null, 
/**
 * Both reviews of the file are complete (every applicable item answered twice).
 */
complete: boolean, };

export type DoubleView = { case_ids: Array<string>, seed: number, 
/**
 * "10 %".
 */
percent: string, algorithm: string, files: Array<SecondReviewer>, };

export type OverallAgreement = { agreement: number, kappa: number | null, kappa_ci_low: number | null, kappa_ci_high: number | null, ac1: number, ac1_ci_low: number, ac1_ci_high: number, };

export type ItemAgreement = { item: string, text: string, pairs: number, agreement: number, kappa: number | null, ac1: number, 
/**
 * AC1 below 0.6 or agreement below 80 %.
 */
flagged: boolean, };

export type AgreementView = { 
/**
 * Files drawn for double review.
 */
drawn: number, 
/**
 * Files both reviews are complete for: the ones compared.
 */
files: number, 
/**
 * Paired answers compared (file × item).
 */
pairs: number, overall: OverallAgreement | null, items: Array<ItemAgreement>, disagreements: number, unsettled: number, 
/**
 * How the settled disagreements ended: the first's answer, the second's, a third.
 */
settled_first: number, settled_second: number, settled_other: number, };

export type SettledView = { value: Answer, reason: string, by: string, at: string, };

export type Disagreement = { case_id: string, item: string, text: string, first: Answer, second: Answer, settled: SettledView | null, };

export type CalibrationCell = { case_id: string, reviewer: string, 
/**
 * `null` while hidden from the viewer (they have not finished their own answers).
 */
value: Answer | null, };

export type CalibrationItem = { item: string, text: string, 
/**
 * Pairs of controllers who answered the same file (over all files).
 */
pairs: number, 
/**
 * Share of those pairs who answered alike; `null` while hidden or without pairs.
 */
agreement: number | null, answers: Array<CalibrationCell>, };

export type CalibrationView = { case_ids: Array<string>, 
/**
 * Everyone who has answered, in name order.
 */
reviewers: Array<string>, 
/**
 * Whether the viewer has answered every item that applies to every file.
 */
viewer_done: boolean, 
/**
 * Share of alike pairs over every item; `null` while hidden.
 */
agreement: number | null, items: Array<CalibrationItem>, };

export type Readiness = { 
/**
 * What stops finalising (the first is what `finalize` answers).
 */
blocking: Array<string>, 
/**
 * What does not stop it but is easily missed: no fact-check round, grades only
 * suggested, Gul and Röd findings without a recommendation, chapters without text.
 */
warnings: Array<string>, };

export type RoundView = { round: number, created_at: string, created_by: string, due: string | null, answered_at: string | null, 
/**
 * `withdrawn` or `no_response` when ended without response.
 */
closed_kind: string | null, closed_reason: string | null, closed_at: string | null, 
/**
 * Waiting for a response, and past its date.
 */
overdue: boolean, };

export type FeedbackExport = { pages: number, 
/**
 * Files in the document.
 */
files: number, };

export type PlannedSize = { population: number, size: number, 
/**
 * E.g. "30 % av 121 = 37 akter (avrundat uppåt, 30,6 % av akterna)".
 */
text: string, };

export type StrataChoice = { spec: string, label: string, };

export type SampledFile = { case_id: string, lagrum: string, insats: string | null, handlaggare: string | null, 
/**
 * The controller the file is assigned to.
 */
controller: string | null, };

export type FileNoteView = { case_id: string, text: string, updated_at: string, updated_by: string, };

export type WorkingNoteView = { id: number, 
/**
 * `intervju`, `observation`, `mote` or `ovrigt`.
 */
kind: string, 
/**
 * The kind in Swedish.
 */
kind_label: string, 
/**
 * The report chapter (4–9) the note is for; `None`: the audit in general.
 */
chapter: number | null, 
/**
 * When the interview, observation or meeting took place (`YYYY-MM-DD`).
 */
date: string | null, text: string, created_by: string, updated_at: string, updated_by: string, };

export type NotesView = { 
/**
 * Notes per file, by case id.
 */
files: Array<FileNoteView>, 
/**
 * Working notes, in the order they were written.
 */
working: Array<WorkingNoteView>, };

export type ItemComment = { case_id: string, 
/**
 * The answer the comment was given with.
 */
answer: Answer, comment: string, by: string, };

export type ItemComments = { item_id: string, area: string, text: string, comments: Array<ItemComment>, };

export type AppliesTo = "alla" | "barn" | "avslag" | "lss" | "beviljade";

export type Thresholds = { gron_bp: number, gul_bp: number, };

export type Item = { 
/**
 * Stable id, e.g. `samtycke.journal`; used in exports and answer files.
 */
id: string, 
/**
 * The area (avsnitt) the item is grouped under.
 */
area: string, 
/**
 * For IBIC items: the livsområde.
 */
livsomrade?: string, 
/**
 * The Swedish text shown to users.
 */
text: string, 
/**
 * Legal basis (lagstöd): laws and binding regulations (föreskrifter). Empty for an
 * item that rests on method or local policy alone.
 */
basis: string, 
/**
 * Method support or local policy (metodstöd, allmänna råd, riktlinje) the item rests
 * on besides or instead of the law, kept apart from `basis` so that no one takes a
 * method for a legal requirement.
 */
metodstod?: string, kvalitetsomrade: Kvalitetsomrade, 
/**
 * A critical item (★).
 */
critical: boolean, applies_to: AppliesTo, 
/**
 * The template's note on the item (why it is worded or marked as it is).
 */
notes?: string, 
/**
 * The id of the item of the template's previous version whose results this item's
 * can be compared with (same rule and applicability). `None`: new or changed, not
 * comparable across versions.
 */
comparable_with?: string, };

export type Template = { format: string, 
/**
 * The template's id, shared by its versions.
 */
id: string, version: number, name: string, thresholds: Thresholds, items: Array<Item>, };

export type AuditSummary = { id: number, unit: string, org: string, board: string, diarienr: string, reference_date: string, 
/**
 * `planering`, `urval`, `granskning`, `faktagranskning` or `slutford`.
 */
status: string, 
/**
 * The status as shown to users: Planering, Urval, …, Slutförd.
 */
status_label: string, 
/**
 * Number of cases in the imported population (0 before import).
 */
population: number, 
/**
 * Size of the current sample, if one has been drawn.
 */
sample_size: number | null, 
/**
 * The share the sample was drawn with, in basis points (30 % = 3000): the sample is
 * ⌈share · population⌉, so its own ratio may be a little above.
 */
sample_percent_bp: number | null, 
/**
 * Sampled files with every applicable item answered, once a sample is drawn.
 */
files_complete: number | null, 
/**
 * The checklist template the audit runs with: `Standardmall, version 1`.
 */
template: string, 
/**
 * The earlier audit this one follows up, if it is a follow-up.
 */
follows?: number, 
/**
 * The controllers named in the planning.
 */
controllers: Array<string>, 
/**
 * The period the audit covers, `YYYY-MM-DD`.
 */
period_from: string | null, period_to: string | null, 
/**
 * Archived: kept whole, out of the daily list.
 */
archived: boolean, 
/**
 * Whether it can be removed: nothing but its planning exists (no population, no
 * draw, no follow-up of it). Otherwise it can be archived.
 */
removable: boolean, 
/**
 * While a fact-check round waits for the enhetschef: the date the response is
 * expected by (`YYYY-MM-DD`).
 */
factcheck_due: string | null, 
/**
 * A colleague's copy from an arbetspaket: the controller it was made for
 * (`docs/work-packages.md`).
 */
copy_for: string | null, };

export type NewAuditInput = { 
/**
 * The audited unit (enhet).
 */
unit: string, 
/**
 * The administration (förvaltning).
 */
org: string, 
/**
 * The board (nämnd) that receives the report.
 */
board: string, 
/**
 * The registry number (diarienummer), e.g. `2023/ÄON 0123`.
 */
diarienr: string, 
/**
 * The reference date (granskningsdatum), `YYYY-MM-DD`.
 */
reference_date: string, 
/**
 * The checklist template's id (default: the standard template).
 */
template?: string, 
/**
 * The template version (default: the latest).
 */
template_version?: number, 
/**
 * The earlier audit of the same unit this one follows up (uppföljning).
 */
follows?: number, 
/**
 * The controllers who do the audit (kvalitetscontrollers), named on the report's cover.
 */
controllers?: Array<string>, 
/**
 * The period the audit covers, `YYYY-MM-DD` (granskningsperiod).
 */
period_from?: string, period_to?: string, };

export type AuditEdit = { unit: string | null, org: string | null, board: string | null, diarienr: string | null, 
/**
 * `YYYY-MM-DD`.
 */
reference_date: string | null, 
/**
 * The controllers, all of them (an empty list: none named).
 */
controllers: Array<string> | null, 
/**
 * `YYYY-MM-DD`; an empty text takes the date away.
 */
period_from: string | null, period_to: string | null, };

export type SkippedRow = { line: number, text: string, };

export type PopulationSummary = { 
/**
 * Number of cases imported.
 */
imported: number, 
/**
 * The file's format, in Swedish, e.g. `CSV (UTF-8, semikolon)`.
 */
format: string, lss: number, sol: number, 
/**
 * Persons under 18 on the reference date.
 */
children: number, samordningsnummer: number, 
/**
 * Number of distinct case officers.
 */
case_officers: number, 
/**
 * Cases without a case officer.
 */
without_case_officer: number, 
/**
 * Case officers written in more than one way (differing only in letter case,
 * spacing or Unicode normalisation): each group's spellings, the most common first.
 * They are separate strata until merged (`merge_officers`).
 */
similar_officers: Array<Array<string>>, 
/**
 * Summary or footer rows the user chose to skip, each with its line and text.
 */
skipped: Array<SkippedRow>, 
/**
 * Files of the same person (the same personnummer): the case ids of each group. One
 * personakt may then be reviewed twice; the user decides.
 */
same_person: Array<Array<string>>, 
/**
 * The columns were those chosen before for a file with the same headers.
 */
mapping_remembered: boolean, };

export type ColumnChoice = { 
/**
 * `case_id`, `personnummer`, `lagrum`, `insats`, `handlaggare`, `decision_date`,
 * `decision_kind`.
 */
field: string, 
/**
 * The column's index, from 0.
 */
column: number, };

export type FieldColumn = { field: string, 
/**
 * The field's Swedish name.
 */
label: string, required: boolean, 
/**
 * The recognised column, if any.
 */
column: number | null, };

export type PopulationPreview = { format: string, headers: Array<string>, 
/**
 * The first data rows, each cell as text; a cell holding a personnummer is masked.
 */
rows: Array<Array<string>>, total_rows: number, fields: Array<FieldColumn>, 
/**
 * Summary or footer rows in the file: not cases, skipped only when the user says so.
 */
summary_rows: Array<SkippedRow>, 
/**
 * The columns chosen before for a file with the same headers (applied unless changed).
 */
remembered: Array<ColumnChoice>, };

export type Answer = "ja" | "delvis" | "nej" | "ej_aktuellt";

export type Grade = "gron" | "gul" | "rod";

export type Kvalitetsomrade = "KB" | "SI" | "HS" | "TS" | "TG" | "EF";

export type ItemResult = { id: string, area: string, text: string, kvalitetsomrade: Kvalitetsomrade, critical: boolean, 
/**
 * `n_a = ja + delvis + nej`.
 */
applicable: number, ja: number, delvis: number, nej: number, ej_aktuellt: number, unanswered: number, 
/**
 * `N_a`, applicable files in the population.
 */
population_applicable: number, 
/**
 * Whether `N_a` is exact (else estimated).
 */
population_applicable_exact: boolean, rate: number | null, ci_low: number | null, ci_high: number | null, 
/**
 * The rate as printed (`85 %`, or `89,7 %` where rounding would contradict the grade;
 * `docs/statistics.md`).
 */
rate_text: string | null, 
/**
 * The interval as printed (`80–89 %`).
 */
interval_text: string | null, 
/**
 * Share of Delvis among the applicable, reported separately.
 */
delvis_share: number | null, 
/**
 * `None` when nothing applies, and for small numbers (`n_a` < [`SMALL`]).
 */
suggested_grade: Grade | null, uncertain: boolean, final_grade: Grade | null, 
/**
 * Whether the item's results compare with those of the template's previous version
 * (`Some(false)`: new or changed in this version); `None` where the template does
 * not say (`Template::comparable_with_previous`).
 */
comparable_with_previous?: boolean, };

export type RollUp = { 
/**
 * The area's name, or the kvalitetsområde's code (KB, SI, …).
 */
key: string, 
/**
 * Human name (the kvalitetsområde's full name; the area's name).
 */
name: string, items: number, applicable: number, ja: number, delvis: number, nej: number, ej_aktuellt: number, unanswered: number, 
/**
 * Pooled `ja / applicable` over the items.
 */
rate: number | null, 
/**
 * Items graded Grön, Gul, Röd (final grade, else suggested): "x av y" in Öppna
 * jämförelser's style is `gron` of `graded`.
 */
gron: number, gul: number, rod: number, graded: number, };

export type StratumCount = { key: string, population: number, sample: number, };

export type SampleView = { population: number, sample_size: number, 
/**
 * The seed in decimal digits, exact.
 */
seed_text: string, algorithm: string, population_sha256: string, percent_bp: number, 
/**
 * The fraction as a Swedish number, e.g. `30` or `12,5`.
 */
percent: string, 
/**
 * The stratification, e.g. `lagrum,handlaggare` or `none`.
 */
strata_spec: string, 
/**
 * The stratification in Swedish, e.g. `Lagrum och handläggare`.
 */
strata_label: string, strata: Array<StratumCount>, case_ids: Array<string>, drawn_at: string, drawn_by: string, reason: string | null, 
/**
 * How many draws this audit has had, this one included.
 */
draw_number: number, };

export type Verification = { matches: boolean, 
/**
 * The stored population hashes to the value recorded with the draw.
 */
population_matches: boolean, 
/**
 * The re-derived case ids equal the stored ones.
 */
sample_matches: boolean, algorithm: string, seed_text: string, recorded_population_sha256: string, population_sha256: string, };

export type FileStatus = { case_id: string, 
/**
 * The controller the file is assigned to, if any.
 */
controller: string | null, 
/**
 * `LSS` or `SoL`.
 */
lagrum: string, age: number, is_child: boolean, 
/**
 * Items answered so far.
 */
answered: number, 
/**
 * Items that apply by rule (the ones that must be answered).
 */
required: number, 
/**
 * Every item that applies by rule is answered.
 */
complete: boolean, };

export type ItemApplicability = "applies" | "default_ej_aktuellt" | "ej_aktuellt";

export type FileItem = { id: string, area: string, text: string, 
/**
 * Lagstöd (law and binding regulations); empty for an item resting on method alone.
 */
basis: string, 
/**
 * Metodstöd or local policy, kept apart from the law.
 */
metodstod: string | null, critical: boolean, applicability: ItemApplicability, 
/**
 * Why the rule says Ej aktuellt, in Swedish, when it does.
 */
rule: string | null, 
/**
 * The recorded answer, if any.
 */
answer: Answer | null, comment: string | null, answered_by: string | null, answered_at: string | null, };

export type FileView = { status: FileStatus, 
/**
 * `YYYYMMDD-****`.
 */
personnummer_masked: string, insats: string | null, 
/**
 * Bifall, Avslag, Delavslag, when known.
 */
decision_kind: string | null, items: Array<FileItem>, 
/**
 * The viewer reviews this file second, blind: the answers shown are the second
 * review's own, never the first's (`docs/agreement.md`).
 */
second_review: boolean, };

export type ItemView = { motivation: string | null, id: string, area: string, text: string, kvalitetsomrade: Kvalitetsomrade, critical: boolean, 
/**
 * `n_a = ja + delvis + nej`.
 */
applicable: number, ja: number, delvis: number, nej: number, ej_aktuellt: number, unanswered: number, 
/**
 * `N_a`, applicable files in the population.
 */
population_applicable: number, 
/**
 * Whether `N_a` is exact (else estimated).
 */
population_applicable_exact: boolean, rate: number | null, ci_low: number | null, ci_high: number | null, 
/**
 * The rate as printed (`85 %`, or `89,7 %` where rounding would contradict the grade;
 * `docs/statistics.md`).
 */
rate_text: string | null, 
/**
 * The interval as printed (`80–89 %`).
 */
interval_text: string | null, 
/**
 * Share of Delvis among the applicable, reported separately.
 */
delvis_share: number | null, 
/**
 * `None` when nothing applies, and for small numbers (`n_a` < [`SMALL`]).
 */
suggested_grade: Grade | null, uncertain: boolean, final_grade: Grade | null, 
/**
 * Whether the item's results compare with those of the template's previous version
 * (`Some(false)`: new or changed in this version); `None` where the template does
 * not say (`Template::comparable_with_previous`).
 */
comparable_with_previous?: boolean, };

export type ResultsView = { population: number, sample_size: number, 
/**
 * Sampled files with every applicable item answered.
 */
files_complete: number, template: string, template_version: number, items: Array<ItemView>, areas: Array<RollUp>, kvalitetsomraden: Array<RollUp>, };

export type GradeSet = { item: string, grade: Grade, suggested_grade: Grade | null, motivation: string | null, };

export type AnswersImported = { 
/**
 * Answers in the file.
 */
imported: number, 
/**
 * Answers that were new or different from the stored ones.
 */
changed: number, };

export type ControllerProgress = { 
/**
 * The controller, or `null` for files not assigned to anyone.
 */
controller: string | null, files: number, 
/**
 * Files with every applicable item answered.
 */
complete: number, 
/**
 * Sampled case ids of this controller, in case id order.
 */
case_ids: Array<string>, };

export type Progress = { files: number, complete: number, controllers: Array<ControllerProgress>, };

export type Chapter = { chapter: number, title: string, 
/**
 * The controller's text; empty when not yet written.
 */
text: string, 
/**
 * Whether the report adds generated content to this chapter.
 */
generated: boolean, 
/**
 * Whether the chapter holds graded findings (1 and 4–9; 2 and 3 are generated).
 */
findings: boolean, updated_at: string | null, updated_by: string | null, };

export type Finding = { id: number, chapter: number, grade: Grade, text: string, 
/**
 * What a proposed finding came from, e.g. `area:Samtycke`.
 */
source: string | null, };

export type HistoryEvent = { at: string, 
/**
 * The name the user gave (the app's user setting, the CLI's `--user`).
 */
user: string, 
/**
 * The operating-system account that did it, recorded beside the typed name (absent
 * for events from before it was kept).
 */
os_account: string | null, 
/**
 * The stored kind, e.g. `answer_set` (stable, for tools).
 */
kind: string, 
/**
 * The details as stored (JSON with stable keys, for tools).
 */
detail: unknown, 
/**
 * The kind in Swedish, e.g. `Svar`.
 */
label: string, 
/**
 * The details as one Swedish line.
 */
summary: string, };

export type HistoryKind = { kind: string, label: string, count: number, };

export type HistoryPage = { 
/**
 * Events matching the filter, in all pages.
 */
total: number, 
/**
 * Every kind the history holds, with its count (for the filter).
 */
kinds: Array<HistoryKind>, events: Array<HistoryEvent>, };

export type Report = { pages: number, sha256: string, };

export type Finalized = { version: number, sha256: string, pages: number, 
/**
 * Gul and Röd findings no recommendation answers, pointed out (not forced).
 */
findings_without_recommendation: Array<string>, };

export type PackageFinding = { id: number, chapter: number, chapter_title: string, grade: Grade, text: string, };

export type PackageResult = { item: string, area: string, text: string, ja: number, applicable: number, rate_bp: number | null, ci_low_bp: number | null, ci_high_bp: number | null, grade: Grade | null, };

export type PackageView = { package_id: string, round: number, unit: string, org: string, diarienr: string, created_at: string, created_by: string, findings: Array<PackageFinding>, results: Array<PackageResult>, };

export type CommentInput = { 
/**
 * The finding commented on; `null` for a comment on a chapter.
 */
finding: number | null, 
/**
 * The chapter, for a comment that is not on a finding.
 */
chapter: number | null, 
/**
 * Faktafel, Kommentar or Instämmer.
 */
kind: string, text: string, };

export type CommentView = { id: number, round: number, finding: number | null, chapter: number | null, kind: string, text: string, responder: string, 
/**
 * `open`, `accepted` or `rejected`.
 */
status: string, reason: string | null, };

export type Exported = { round: number, package_id: string, sha256: string, 
/**
 * When the response is expected, `YYYY-MM-DD`.
 */
due: string, };

export type Imported = { round: number, comments: number, 
/**
 * Comments that the controller must resolve.
 */
open: number, };

export type ReportVersionView = { version: number, sha256: string, pages: number, finalized_at: string, finalized_by: string, };

export type WorkExported = { files: number, package_id: string, sha256: string, };

export type WorkMerged = { audit: number, 
/**
 * Answers and notes taken from the package.
 */
merged: number, conflicts: Array<ConflictView>, 
/**
 * Files in the package.
 */
files: number, };

export type WorkReturned = { answers: number, notes: number, package_id: string, sha256: string, };

export type WorkStatus = { 
/**
 * `lead`, `copy`, or `null` before any package.
 */
role: string | null, 
/**
 * For a copy: whose copy, and how many svarspaket it has written.
 */
controller: string | null, returned: number, packages: Array<WorkPackageView>, conflicts: Array<ConflictView>, };

export type WorkPackageView = { package_id: string, 
/**
 * `export` (an arbetspaket made) or `import` (a svarspaket read).
 */
kind: string, controller: string, files: number, at: string, by: string, };

export type ConflictView = { id: number, case: string, item: string, ours: string | null, theirs: string | null, ours_comment: string | null, theirs_comment: string | null, 
/**
 * Who made their side's change.
 */
theirs_by: string | null, settled: boolean, settled_value: string | null, };
