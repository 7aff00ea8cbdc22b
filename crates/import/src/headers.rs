//! Header recognition: which column holds which field.
//!
//! Headers are matched case-insensitively after trimming, against the Swedish name of
//! each field and its aliases (`docs/domain.md`). When two columns name the same field, the one
//! whose header comes earlier in the alias list wins (`Ärende-id` before `Ärende`), so a
//! descriptive extra column does not break an import.

use crate::RowError;
use crate::table::{Cell, Table};

pub use crate::names::{Field, field_of, normalise};

/// Which column (index into the row's cells) holds each field, and its header text.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    columns: Vec<(Field, usize, String)>,
    /// Every header cell as written, for naming any column in a message.
    headers: Vec<String>,
}

impl Mapping {
    /// The field a column holds, if it is imported.
    pub fn field_at(&self, index: usize) -> Option<Field> {
        self.columns
            .iter()
            .find(|(_, i, _)| *i == index)
            .map(|(f, _, _)| *f)
    }

    /// The header of a column as written in the file ("kolumn N" when it has none).
    pub fn header_at(&self, index: usize) -> String {
        match self.headers.get(index).map(|h| h.trim()) {
            Some(h) if !h.is_empty() => h.to_string(),
            _ => format!("kolumn {}", index + 1),
        }
    }

    pub fn column(&self, field: Field) -> Option<(usize, &str)> {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, i, h)| (*i, h.as_str()))
    }
}

/// Maps the table's header row. Missing required columns are errors on line 1.
pub fn map_headers(table: &Table) -> Result<Mapping, Vec<RowError>> {
    map_headers_with(table, &[])
}

/// Maps the table's header row, with columns the user chose for fields (by column index)
/// taking precedence over recognised headers; for files whose headers are not
/// recognised. Missing required columns are errors on line 1.
pub fn map_headers_with(
    table: &Table,
    chosen: &[(Field, usize)],
) -> Result<Mapping, Vec<RowError>> {
    let header = &table.rows[0];
    let mut best: Vec<(Field, usize, usize, String)> = Vec::new();
    for (i, cell) in header.cells.iter().enumerate() {
        let text = cell.text();
        let Some((field, rank)) = field_of(&text) else {
            continue;
        };
        match best.iter_mut().find(|(f, ..)| *f == field) {
            Some(b) if rank < b.2 => *b = (field, i, rank, text.trim().to_string()),
            Some(_) => {}
            None => best.push((field, i, rank, text.trim().to_string())),
        }
    }
    let width = header.cells.len();
    for &(field, i) in chosen {
        if i >= width {
            return Err(vec![RowError {
                line: header.line,
                column: field.header().to_string(),
                message: format!(
                    "Den valda kolumnen {} finns inte: filen har {width} kolumner",
                    i + 1
                ),
            }]);
        }
        // A column holds one field: the user's choice wins over a recognised header.
        best.retain(|(f, col, ..)| *f != field && *col != i);
        best.push((field, i, 0, header.cells[i].text().trim().to_string()));
    }
    let errors: Vec<RowError> = Field::ALL
        .iter()
        .filter(|f| f.required() && !best.iter().any(|(b, ..)| b == *f))
        .map(|f| RowError {
            line: header.line,
            column: f.header().to_string(),
            message: format!(
                "Kolumnen {} saknas i rubrikraden (godtagna rubriker: {})",
                f.header(),
                f.aliases().join(", ")
            ),
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Mapping {
        columns: best.into_iter().map(|(f, i, _, h)| (f, i, h)).collect(),
        headers: header.cells.iter().map(Cell::text).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_aliases_case_insensitive() {
        assert_eq!(field_of("Ärende-id"), Some((Field::CaseId, 0)));
        assert_eq!(field_of(" ÄRENDENUMMER "), Some((Field::CaseId, 1)));
        assert_eq!(field_of("case ID"), Some((Field::CaseId, 4)));
        assert_eq!(field_of("pnr"), Some((Field::Personnummer, 2)));
        assert_eq!(
            field_of("Samordningsnummer"),
            Some((Field::Personnummer, 3))
        );
        assert_eq!(field_of("lag"), Some((Field::Lagrum, 1)));
        assert_eq!(field_of("HANDLÄGGARE"), Some((Field::Handlaggare, 0)));
        assert_eq!(field_of("Beslutsdatum:"), Some((Field::DecisionDate, 0)));
        assert_eq!(field_of("Kommentar"), None);
    }

    #[test]
    fn missing_required_columns_are_listed_on_line_one() {
        let t = Table::read("Ärende;Insats\n1;x\n".as_bytes()).unwrap();
        let errs = map_headers(&t).unwrap_err();
        let cols: Vec<&str> = errs.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(cols, vec!["Personnummer", "Lagrum"]);
        assert!(errs.iter().all(|e| e.line == 1));
    }

    #[test]
    fn canonical_header_wins_over_alias() {
        let t = Table::read("Ärende;Ärende-id;Pnr;Lag\n".as_bytes()).unwrap();
        let m = map_headers(&t).unwrap();
        assert_eq!(m.column(Field::CaseId), Some((1, "Ärende-id")));
    }
}
