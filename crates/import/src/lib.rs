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

pub mod headers;
pub mod rows;
pub mod table;

use aktgranskning_core::PopulationRow;
use chrono::NaiveDate;
use serde::Serialize;

pub use headers::Field;
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
    let table = read_table(bytes)?;
    let mapping = headers::map_headers_with(&table, chosen)?;
    let rows = rows::validate(&table, &mapping, reference)?;
    Ok(ParsedPopulation {
        rows,
        format: table.format,
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
