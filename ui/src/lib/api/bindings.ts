// Generated from the Rust types in crates/service by ts-rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p aktgranskning-service bindings`.

export type ErrorCode = "invalid_input" | "refused" | "not_found" | "internal";

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
sample_size: number | null, };

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
template_version?: number, };

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
without_case_officer: number, };
