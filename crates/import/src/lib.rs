//! Population import: turns a case-system export into validated population rows.
//!
//! Real exports vary, so this crate accepts CSV in UTF-8 (with or without BOM), UTF-16
//! (with BOM, as Excel's "Unicode text" writes it) and Windows-1252, with `;`, `,` or tab
//! as delimiter, and spreadsheets (XLSX, and the XLS/ODS that calamine also reads; the
//! first sheet). Headers are Swedish, case-insensitive, with aliases (see [`headers`]).
//!
//! An import is all or nothing: [`parse_population`] either returns every row, valid and
//! normalised, or every error it found, each with its line (as an editor shows it: the
//! header is line 1), its column and a Swedish message. Messages never repeat a value
//! that could be a personnummer.
//!
//! Layers: [`table`] reads bytes into a grid of text cells with line numbers (the only
//! place that knows about file formats), [`headers`] maps header cells to fields and
//! [`rows`] validates each row into a [`PopulationRow`].

pub mod answers;
pub mod headers;
mod names;
pub mod rows;
pub mod summary;
pub mod table;

use aktgranskning_core::PopulationRow;
use chrono::NaiveDate;
use serde::Serialize;

pub use headers::Field;
pub use summary::SummaryRow;
pub use table::{SourceFormat, Table};

/// One problem found in an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line (CSV) or row (spreadsheet); the header is line 1 in a file that
    /// starts with it.
    pub line: u64,
    /// The column as its header reads in the file, or the expected name when missing.
    pub column: String,
    /// What is wrong, in Swedish.
    pub message: String,
}

/// A successfully parsed population.
#[derive(Debug, Clone)]
pub struct ParsedPopulation {
    pub rows: Vec<PopulationRow>,
    pub format: SourceFormat,
    /// The header row's cells, as the file has them.
    pub headers: Vec<String>,
    /// Summary or footer rows skipped on the user's word.
    pub skipped: Vec<SummaryRow>,
    /// The columns used for fields whose header is not recognised: given, or
    /// remembered for this header layout.
    pub chosen: Vec<(Field, usize)>,
}

/// How to read a population file beyond its content.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Columns chosen by the user for fields whose headers are not recognised.
    pub chosen: Vec<(Field, usize)>,
    /// Skip summary and footer rows ("Summa: 549 ärenden"); without it they are errors.
    pub skip_summary: bool,
}

/// Reads a population file (CSV or spreadsheet, detected from its content) and validates
/// every row. `reference` is the audit's reference date (for 10-digit personnummer and
/// to reject births after it).
pub fn parse_population(
    bytes: &[u8],
    reference: NaiveDate,
) -> Result<ParsedPopulation, Vec<RowError>> {
    parse_population_mapped(bytes, reference, &[])
}

fn read_table(bytes: &[u8]) -> Result<Table, Vec<RowError>> {
    Table::read(bytes).map_err(|e| {
        vec![RowError {
            line: e.line,
            column: String::new(),
            message: e.message,
        }]
    })
}

/// As [`parse_population`], with columns chosen by the user for fields whose headers
/// are not recognised (see [`headers::map_headers_with`]).
pub fn parse_population_mapped(
    bytes: &[u8],
    reference: NaiveDate,
    chosen: &[(Field, usize)],
) -> Result<ParsedPopulation, Vec<RowError>> {
    parse_population_with(
        bytes,
        reference,
        &ParseOptions {
            chosen: chosen.to_vec(),
            skip_summary: false,
        },
        |_| None,
    )
}

/// Reads and validates a population file with `options`. When no columns are chosen,
/// `remembered` is asked for the columns chosen before for the same header layout (the
/// header cells); they are used if given. Summary rows are errors unless skipped, and a
/// skipped summary row that states a count must agree with the cases read.
pub fn parse_population_with(
    bytes: &[u8],
    reference: NaiveDate,
    options: &ParseOptions,
    remembered: impl FnOnce(&[String]) -> Option<Vec<(Field, usize)>>,
) -> Result<ParsedPopulation, Vec<RowError>> {
    let mut table = read_table(bytes)?;
    let headers: Vec<String> = table.rows[0].cells.iter().map(table::Cell::text).collect();
    let chosen = if options.chosen.is_empty() {
        remembered(&headers).unwrap_or_default()
    } else {
        options.chosen.clone()
    };
    let mapping = headers::map_headers_with(&table, &chosen)?;
    let found = summary::summary_rows(&table);
    let mut errors = Vec::new();
    if !found.is_empty() {
        let lines: std::collections::HashSet<u64> = found.iter().map(|s| s.line).collect();
        table.rows.retain(|r| !lines.contains(&r.line));
        if !options.skip_summary {
            errors.extend(found.iter().map(|s| RowError {
                line: s.line,
                column: String::new(),
                message: format!(
                    "Raden ser ut som en summerings- eller sidfotsrad{}, inte ett ärende. Välj att hoppa över summeringsrader och importera igen",
                    quoted_if_safe(&s.text)
                ),
            }));
        }
    }
    let rows = match rows::validate(&table, &mapping, reference) {
        Ok(rows) => rows,
        Err(mut e) => {
            errors.append(&mut e);
            errors.sort_by_key(|e| e.line);
            return Err(errors);
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    // A count the export states must match what was read: a file cut short (or with rows
    // lost on the way) is never imported as if it were whole.
    let stated: Vec<&SummaryRow> = found.iter().filter(|s| s.count.is_some()).collect();
    if !stated.is_empty() && !stated.iter().any(|s| s.count == Some(rows.len())) {
        let s = stated[0];
        return Err(vec![RowError {
            line: s.line,
            column: String::new(),
            message: format!(
                "Summeringsraden anger {} ärenden, men filen innehåller {}: exporten kan vara ofullständig. Ta ut den på nytt ur verksamhetssystemet",
                s.count.unwrap_or_default(),
                rows.len()
            ),
        }]);
    }
    Ok(ParsedPopulation {
        rows,
        format: table.format,
        headers,
        skipped: found,
        chosen,
    })
}

/// The first rows of a file as text, for a preview before import.
#[derive(Debug, Clone)]
pub struct Preview {
    pub format: SourceFormat,
    pub headers: Vec<String>,
    /// The first data rows (after the header), each with its line.
    pub rows: Vec<(u64, Vec<String>)>,
    /// Data rows in the file.
    pub total_rows: usize,
    /// The column recognised for each field, if any.
    pub recognised: Vec<(Field, Option<usize>)>,
    /// Summary or footer rows anywhere in the file.
    pub summary_rows: Vec<SummaryRow>,
}

/// Reads a file's header and first `n` data rows without validating them.
pub fn preview(bytes: &[u8], n: usize) -> Result<Preview, Vec<RowError>> {
    let table = read_table(bytes)?;
    let headers: Vec<String> = table.rows[0].cells.iter().map(table::Cell::text).collect();
    let mut recognised: Vec<(Field, Option<usize>, usize)> =
        Field::ALL.iter().map(|f| (*f, None, usize::MAX)).collect();
    for (i, h) in headers.iter().enumerate() {
        if let Some((field, rank)) = headers::field_of(h)
            && let Some(r) = recognised.iter_mut().find(|r| r.0 == field)
            && rank < r.2
        {
            *r = (field, Some(i), rank);
        }
    }
    Ok(Preview {
        headers,
        rows: table.rows[1..]
            .iter()
            .take(n)
            .map(|r| (r.line, r.cells.iter().map(table::Cell::text).collect()))
            .collect(),
        total_rows: table.rows.len() - 1,
        recognised: recognised.into_iter().map(|(f, c, _)| (f, c)).collect(),
        summary_rows: summary::summary_rows(&table),
        format: table.format,
    })
}

/// A cell value quoted for an error message (` ”value”`), or nothing when it must not
/// be shown: when it is long, or has ten or more digits and so could be a personnummer.
pub(crate) fn quoted_if_safe(value: &str) -> String {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if digits < 10 && value.chars().count() <= 40 {
        format!(" ”{value}”")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_that_could_be_personnummer_are_never_quoted() {
        assert_eq!(super::quoted_if_safe("HSL"), " ”HSL”");
        assert_eq!(super::quoted_if_safe("2023-13-01"), " ”2023-13-01”");
        assert_eq!(super::quoted_if_safe("19640823-3234"), "");
        assert_eq!(super::quoted_if_safe("6408233234"), "");
        assert_eq!(super::quoted_if_safe(&"x".repeat(41)), "");
    }
}
