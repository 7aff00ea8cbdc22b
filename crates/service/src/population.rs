//! Importing the population (`docs/domain.md`): all or nothing, and only until the sample is
//! drawn.

use crate::events::{self, Event};
use crate::lookup::require;
use crate::{Context, Result, ServiceError, Store};
use aktgranskning_core::sampling::hex;
use aktgranskning_core::{Lagrum, PopulationRow};
use aktgranskning_import::{Field, ParseOptions, SourceFormat, SummaryRow, parse_population};
use aktgranskning_store::audits::{self, Status};
use aktgranskning_store::population::{self, ImportRecord};
use aktgranskning_store::samples;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
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
    /// Case officers written in more than one way (differing only in letter case,
    /// spacing or Unicode normalisation): each group's spellings, the most common first.
    /// They are separate strata until merged (`merge_officers`).
    pub similar_officers: Vec<Vec<String>>,
    /// Summary or footer rows the user chose to skip, each with its line and text.
    pub skipped: Vec<SkippedRow>,
    /// Files of the same person (the same personnummer): the case ids of each group. One
    /// personakt may then be reviewed twice; the user decides.
    pub same_person: Vec<Vec<String>>,
    /// The columns were those chosen before for a file with the same headers.
    pub mapping_remembered: bool,
}

/// A summary or footer row of the file ("Summa: 549 ärenden"), not a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkippedRow {
    pub line: u64,
    pub text: String,
}

fn skipped_row(s: &SummaryRow) -> SkippedRow {
    SkippedRow {
        line: s.line,
        text: s.text.clone(),
    }
}

/// The settings key of the columns chosen for a header layout: the header cells, trimmed
/// and lower-cased, hashed (the headers themselves hold no personal data, but the key
/// stays short).
fn layout_key(headers: &[String]) -> String {
    let joined = headers
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join("\u{1f}");
    format!(
        "import.columns.{}",
        &hex(&Sha256::digest(joined.as_bytes()))[..16]
    )
}

/// The columns chosen before for files with these headers, if any.
fn remembered_columns(
    conn: &aktgranskning_store::Connection,
    headers: &[String],
) -> Result<Option<Vec<ColumnChoice>>> {
    Ok(
        aktgranskning_store::settings::get(conn, &layout_key(headers))?
            .and_then(|j| serde_json::from_str(&j).ok()),
    )
}

/// Groups of case officers' names that differ only in letter case, spacing or Unicode
/// normalisation (folded alike by `core::privacy::fold`), each with the most common
/// spelling first (ties in byte order).
pub fn similar_officers(rows: &[PopulationRow]) -> Vec<Vec<String>> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows {
        if let Some(h) = r.handlaggare.as_deref() {
            *counts.entry(h).or_default() += 1;
        }
    }
    let mut groups: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    for (name, n) in counts {
        groups
            .entry(aktgranskning_core::privacy::fold(name).text)
            .or_default()
            .push((name, n));
    }
    groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            g.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_bytes().cmp(b.0.as_bytes())));
            g.into_iter().map(|(name, _)| name.to_string()).collect()
        })
        .collect()
}

/// Writes the cases of the case officers `from` under the name `into`, so that one person
/// is one stratum. Only before the sample is drawn (the strata decide the draw); recorded
/// in the history. Returns the number of cases changed.
pub fn merge_officers(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    from: &[String],
    into: &str,
) -> Result<usize> {
    require(store.conn(), audit_id)?;
    if samples::count(store.conn(), audit_id)? > 0 {
        return Err(ServiceError::refused(
            "Urvalet är redan draget: handläggare kan bara slås ihop innan urvalet dras.",
        ));
    }
    let into = into.split_whitespace().collect::<Vec<_>>().join(" ");
    if into.is_empty() {
        return Err(ServiceError::invalid_field(
            "Handläggare",
            "Ange namnet som akterna ska stå på",
        ));
    }
    crate::guard::check_text(ctx, "Handläggare", &into, crate::guard::MAX_SHORT)?;
    let from: Vec<&String> = from.iter().filter(|f| **f != into).collect();
    if from.is_empty() {
        return Err(ServiceError::invalid_field(
            "Handläggare",
            "Ange minst en annan stavning att slå ihop",
        ));
    }
    let now = ctx.now_text();
    store.write(|tx| {
        let mut changed = 0;
        for f in &from {
            let n = population::rename_officer(tx, audit_id, f, &into)?;
            if n == 0 {
                return Err(ServiceError::not_found(
                    "En av stavningarna finns inte bland populationens handläggare.",
                ));
            }
            changed += n;
        }
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::OfficersMerged(events::OfficersMerged {
                from: from.iter().map(|s| s.to_string()).collect(),
                into: into.to_string(),
                cases: changed,
            }),
        )?;
        Ok(changed)
    })
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
    import_population_mapped(store, ctx, audit_id, file_name, bytes, &[])
}

/// A column the user chose for a field (when the file's header is not recognised).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnChoice {
    /// `case_id`, `personnummer`, `lagrum`, `insats`, `handlaggare`, `decision_date`,
    /// `decision_kind`.
    pub field: String,
    /// The column's index, from 0.
    pub column: usize,
}

/// One field of the population and the column that holds it, for the mapping form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldColumn {
    pub field: String,
    /// The field's Swedish name.
    pub label: String,
    pub required: bool,
    /// The recognised column, if any.
    pub column: Option<usize>,
}

/// The first rows of a population file before it is imported. Personnummer are masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PopulationPreview {
    pub format: String,
    pub headers: Vec<String>,
    /// The first data rows, each cell as text; a cell holding a personnummer is masked.
    pub rows: Vec<Vec<String>>,
    pub total_rows: usize,
    pub fields: Vec<FieldColumn>,
    /// Summary or footer rows in the file: not cases, skipped only when the user says so.
    pub summary_rows: Vec<SkippedRow>,
    /// The columns chosen before for a file with the same headers (applied unless changed).
    pub remembered: Vec<ColumnChoice>,
}

/// Whether a cell reads like a person's name ("Anna Berg", "Berg, Anna", "Anna-Karin
/// Ek"): two to four words, each a capital letter and then lower-case letters.
fn looks_like_name(cell: &str) -> bool {
    let words: Vec<&str> = cell
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || c == '-')
        })
}

/// Reads the header and first rows of a population file for a preview, without storing
/// anything. Any cell shaped like a personnummer shows as `ÅÅÅÅMMDD-****`.
pub fn preview_population(store: &Store, audit_id: i64, bytes: &[u8]) -> Result<PopulationPreview> {
    let audit = require(store.conn(), audit_id)?;
    let p = aktgranskning_import::preview(bytes, 5).map_err(ServiceError::invalid_rows)?;
    let remembered = remembered_columns(store.conn(), &p.headers)?.unwrap_or_default();
    // The columns that will be imported: recognised, or chosen before for these headers.
    let imported: BTreeSet<usize> = p
        .recognised
        .iter()
        .filter_map(|(_, c)| *c)
        .chain(remembered.iter().map(|c| c.column))
        .collect();
    // Anything shaped like a personnummer is masked, valid or not: a mistyped number is
    // still somebody's.
    let mask = |cell: String| -> String {
        let t = cell.trim();
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        let shaped = (digits == 10 || digits == 12)
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+');
        if shaped {
            format!("{}****", &t[..t.len() - 4])
        } else if aktgranskning_core::personnummer::find_in_text(t, audit.reference_date).is_some()
        {
            "(personnummer dolt)".to_string()
        } else {
            cell
        }
    };
    Ok(PopulationPreview {
        format: describe_format(&p.format),
        headers: p.headers,
        rows: p
            .rows
            .into_iter()
            .map(|(_, cells)| {
                cells
                    .into_iter()
                    .enumerate()
                    .map(|(i, cell)| {
                        // A name in a column that is not imported (the client's, a
                        // relative's) is nobody's business here.
                        if !imported.contains(&i) && looks_like_name(cell.trim()) {
                            "(namn dolt)".to_string()
                        } else {
                            mask(cell)
                        }
                    })
                    .collect()
            })
            .collect(),
        summary_rows: p.summary_rows.iter().map(skipped_row).collect(),
        remembered,
        total_rows: p.total_rows,
        fields: p
            .recognised
            .into_iter()
            .map(|(f, column)| FieldColumn {
                field: f.name().to_string(),
                label: f.header().to_string(),
                required: f.required(),
                column,
            })
            .collect(),
    })
}

/// As [`import_population`], with the columns the user chose for some fields.
pub fn import_population_mapped(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    file_name: &str,
    bytes: &[u8],
    chosen: &[ColumnChoice],
) -> Result<PopulationSummary> {
    import_population_with(store, ctx, audit_id, file_name, bytes, chosen, false)
}

/// As [`import_population_mapped`]; `skip_summary` skips the file's summary and footer
/// rows (listed in the result), which are errors otherwise. Without chosen columns the
/// columns chosen before for the same headers are used; chosen ones are remembered.
pub fn import_population_with(
    store: &mut Store,
    ctx: &Context,
    audit_id: i64,
    file_name: &str,
    bytes: &[u8],
    chosen: &[ColumnChoice],
    skip_summary: bool,
) -> Result<PopulationSummary> {
    crate::work::refuse_on_copy(store.conn(), audit_id, "populationen")?;
    let chosen: Vec<(Field, usize)> = chosen
        .iter()
        .map(|c| {
            Field::from_name(&c.field)
                .map(|f| (f, c.column))
                .ok_or_else(|| {
                    ServiceError::invalid_field("field", format!("Okänt fält ”{}”", c.field))
                })
        })
        .collect::<Result<_>>()?;
    let audit = require(store.conn(), audit_id)?;
    if samples::count(store.conn(), audit_id)? > 0 {
        return Err(ServiceError::refused(
            "Urvalet är redan draget: populationen kan inte ersättas efter att urvalet har dragits.",
        ));
    }
    let mut remembered_used = false;
    let parsed = aktgranskning_import::parse_population_with(
        bytes,
        audit.reference_date,
        &ParseOptions {
            chosen: chosen.clone(),
            skip_summary,
        },
        |headers| {
            let r = remembered_columns(store.conn(), headers).ok().flatten()?;
            let fields: Vec<(Field, usize)> = r
                .iter()
                .filter_map(|c| Field::from_name(&c.field).map(|f| (f, c.column)))
                .collect();
            remembered_used = !fields.is_empty();
            Some(fields)
        },
    )
    .map_err(ServiceError::invalid_rows)?;
    if parsed.rows.is_empty() {
        return Err(ServiceError::invalid(
            "Filen innehåller inga ärenden, bara en rubrikrad. Ingenting har importerats.",
        ));
    }
    let format = describe_format(&parsed.format);
    let mut summary = summarise(&parsed.rows, audit.reference_date, format);
    summary.skipped = parsed.skipped.iter().map(skipped_row).collect();
    summary.mapping_remembered = remembered_used;
    let remember: Vec<ColumnChoice> = parsed
        .chosen
        .iter()
        .map(|(f, c)| ColumnChoice {
            field: f.name().to_string(),
            column: *c,
        })
        .collect();
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
        // The columns chosen are remembered for the next file with the same headers.
        if !remember.is_empty() {
            aktgranskning_store::settings::set(
                tx,
                &layout_key(&parsed.headers),
                &serde_json::to_string(&remember).unwrap_or_default(),
            )?;
        }
        events::record(
            tx,
            audit_id,
            &now,
            &ctx.user,
            &Event::PopulationImported(events::PopulationImported {
                file_name: file_name.to_string(),
                file_sha256: file_sha256.to_string(),
                rows: parsed.rows.len(),
                format: serde_json::to_value(&parsed.format).unwrap_or_default(),
                skipped_lines: parsed.skipped.iter().map(|s| s.line).collect(),
            }),
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
        similar_officers: similar_officers(rows),
        skipped: Vec::new(),
        same_person: same_person(rows),
        mapping_remembered: false,
    }
}

/// The case ids of files that belong to the same person, group by group (in case id
/// order). Never the personnummer itself.
fn same_person(rows: &[PopulationRow]) -> Vec<Vec<String>> {
    let mut by_person: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in rows {
        by_person
            .entry(r.personnummer.as_digits())
            .or_default()
            .push(r.case_id.clone());
    }
    let mut groups: Vec<Vec<String>> = by_person
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            g.sort();
            g
        })
        .collect();
    groups.sort();
    groups
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

#[cfg(test)]
mod tests;
