//! Importing the population (domain §4): all or nothing, and only until the sample is
//! drawn.

use crate::audits::require;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::sampling::hex;
use aktgranskning_core::{Lagrum, PopulationRow};
use aktgranskning_import::{SourceFormat, parse_population};
use aktgranskning_store::audits::{self, Status};
use aktgranskning_store::population::{self, ImportRecord};
use aktgranskning_store::{history, samples};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use ts_rs::TS;

/// What a population holds, without personal data: shown after an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PopulationSummary {
    /// Number of cases imported.
    pub imported: u32,
    /// The file's format, in Swedish, e.g. `CSV (UTF-8, semikolon)`.
    pub format: String,
    pub lss: u32,
    pub sol: u32,
    /// Persons under 18 on the reference date.
    pub children: u32,
    pub samordningsnummer: u32,
    /// Number of distinct case officers.
    pub case_officers: u32,
    /// Cases without a case officer.
    pub without_case_officer: u32,
}

/// Imports a population file (CSV or spreadsheet) into the audit, replacing any earlier
/// population. Refused once a sample has been drawn; on any invalid row nothing is stored
/// and every error is returned with its line and column.
pub fn import_population(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<PopulationSummary> {
    let audit = require(store.conn(), audit_id)?;
    if samples::count(store.conn(), audit_id)? > 0 {
        return Err(ServiceError::refused(
            "Urvalet är redan draget: populationen kan inte ersättas efter att urvalet har dragits.",
        ));
    }
    let parsed =
        parse_population(bytes, audit.reference_date).map_err(ServiceError::invalid_rows)?;
    if parsed.rows.is_empty() {
        return Err(ServiceError::invalid(
            "Filen innehåller inga ärenden, bara en rubrikrad. Ingenting har importerats.",
        ));
    }
    let format = describe_format(&parsed.format);
    let summary = summarise(&parsed.rows, audit.reference_date, format);
    let file_sha256 = hex(&Sha256::digest(bytes));
    let now = ctx.now_text();
    let format_json = serde_json::to_string(&parsed.format).unwrap_or_default();
    store.write(|tx| {
        population::replace(
            tx,
            &ImportRecord {
                audit_id,
                imported_at: &now,
                imported_by: &ctx.user,
                file_name,
                file_sha256: &file_sha256,
                format_json: &format_json,
                row_count: parsed.rows.len(),
            },
            &parsed.rows,
        )?;
        if audit.status == Status::Planering {
            audits::set_status(tx, audit_id, Status::Urval)?;
        }
        history::append(
            tx,
            audit_id,
            &now,
            &ctx.user,
            "population_imported",
            &json!({"file_name": file_name, "file_sha256": file_sha256, "rows": parsed.rows.len(),
                    "format": parsed.format}),
        )?;
        Ok::<_, ServiceError>(())
    })?;
    Ok(summary)
}

fn summarise(rows: &[PopulationRow], reference: NaiveDate, format: String) -> PopulationSummary {
    let count = |f: &dyn Fn(&PopulationRow) -> bool| rows.iter().filter(|r| f(r)).count() as u32;
    let officers: BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| r.handlaggare.as_deref())
        .collect();
    PopulationSummary {
        imported: rows.len() as u32,
        format,
        lss: count(&|r| r.lagrum == Lagrum::Lss),
        sol: count(&|r| r.lagrum == Lagrum::Sol),
        children: count(&|r| r.is_child_on(reference)),
        samordningsnummer: count(&|r| r.personnummer.is_samordningsnummer()),
        case_officers: officers.len() as u32,
        without_case_officer: count(&|r| r.handlaggare.is_none()),
    }
}

fn describe_format(f: &SourceFormat) -> String {
    match f {
        SourceFormat::Csv {
            encoding,
            delimiter,
        } => format!("CSV ({encoding}, {delimiter})"),
        SourceFormat::Spreadsheet { sheet } => format!("Kalkylblad (bladet ”{sheet}”)"),
    }
}

/// Parses and validates a population file without storing it (for previews and
/// benchmarks). The errors are those an import would report.
pub fn import_rows(bytes: &[u8], reference: NaiveDate) -> Result<Vec<PopulationRow>> {
    parse_population(bytes, reference)
        .map(|p| p.rows)
        .map_err(ServiceError::invalid_rows)
}
