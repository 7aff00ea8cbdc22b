//! The answer file's columns: `Ärende-id;Fråga;Svar;Kommentar`, found by their headers
//! in any order (the case id column under the same names as the population's).

use crate::RowError;
use crate::headers::{self, Field};
use crate::table::{Cell, TableRow};

/// An answer file's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    CaseId,
    Item,
    Answer,
    Comment,
}

impl Column {
    const ALL: [Column; 4] = [
        Column::CaseId,
        Column::Item,
        Column::Answer,
        Column::Comment,
    ];

    /// The column's name as the user writes it.
    pub fn name(self) -> &'static str {
        match self {
            Column::CaseId => "Ärende-id",
            Column::Item => "Fråga",
            Column::Answer => "Svar",
            Column::Comment => "Kommentar",
        }
    }

    /// The headers (normalised) that name it; the case id is the population's field.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::CaseId => &[],
            Column::Item => &["fråga", "fråge-id", "item"],
            Column::Answer => &["svar"],
            Column::Comment => &["kommentar"],
        }
    }

    fn required(self) -> bool {
        self != Column::Comment
    }

    /// The column a header names.
    fn of(header: &str) -> Option<Column> {
        if matches!(headers::field_of(header), Some((Field::CaseId, _))) {
            return Some(Column::CaseId);
        }
        let h = headers::normalise(header);
        Column::ALL
            .into_iter()
            .find(|c| c.aliases().contains(&h.as_str()))
    }

    /// The column with this name (see [`Column::name`]).
    pub fn named(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Where each column is in a file, with its header as written there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    found: [Option<(usize, String)>; 4],
}

impl Columns {
    /// Finds the columns in the header row (the first with a name wins); an error per
    /// required column that is missing.
    pub fn find(header: &TableRow) -> Result<Columns, Vec<RowError>> {
        let mut found: [Option<(usize, String)>; 4] = Default::default();
        for (i, cell) in header.cells.iter().enumerate() {
            let text = cell.text();
            if let Some(c) = Column::of(&text)
                && found[c as usize].is_none()
            {
                found[c as usize] = Some((i, text.trim().to_string()));
            }
        }
        let missing: Vec<RowError> = Column::ALL
            .into_iter()
            .filter(|c| c.required() && found[*c as usize].is_none())
            .map(|c| RowError {
                line: header.line,
                column: c.name().to_string(),
                message: format!(
                    "Kolumnen {} saknas i rubrikraden (väntat: Ärende-id;Fråga;Svar;Kommentar)",
                    c.name()
                ),
            })
            .collect();
        if missing.is_empty() {
            Ok(Columns { found })
        } else {
            Err(missing)
        }
    }

    /// A row's cell in the column, trimmed ("" when the column or cell is absent).
    pub fn get(&self, row: &TableRow, c: Column) -> String {
        self.found[c as usize]
            .as_ref()
            .and_then(|(i, _)| row.cells.get(*i))
            .map(Cell::text)
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// The column's header as the file writes it, else its name.
    pub fn header(&self, c: Column) -> String {
        self.found[c as usize]
            .as_ref()
            .map_or(c.name().to_string(), |(_, h)| h.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Table;

    #[test]
    fn columns_are_found_by_header_in_any_order() {
        let t = Table::read("Svar;Kommentar;Ärende-id;Fråge-id\nJa;ok;A1;x\n".as_bytes()).unwrap();
        let cols = Columns::find(&t.rows[0]).unwrap();
        let row = &t.rows[1];
        assert_eq!(cols.get(row, Column::CaseId), "A1");
        assert_eq!(cols.get(row, Column::Item), "x");
        assert_eq!(cols.get(row, Column::Answer), "Ja");
        assert_eq!(cols.get(row, Column::Comment), "ok");
        assert_eq!(cols.header(Column::Item), "Fråge-id");
    }

    #[test]
    fn a_missing_required_column_is_named_on_the_header_line() {
        let t = Table::read("Ärende-id;Kommentar\nA1;ok\n".as_bytes()).unwrap();
        let errors = Columns::find(&t.rows[0]).unwrap_err();
        let named: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(named, ["Fråga", "Svar"]);
        assert!(errors.iter().all(|e| e.line == 1));
    }
}
