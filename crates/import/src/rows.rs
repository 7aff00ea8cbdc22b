//! Validation of each data row into a [`PopulationRow`].
//!
//! Every row is checked and every error kept, so that the user can correct the whole file
//! at once. Then the case ids are checked for uniqueness across the file.

use crate::headers::{Field, Mapping};
use crate::table::{Cell, Table, TableRow};
use crate::{RowError, quoted_if_safe};
use aktgranskning_core::privacy::contains_personnummer;
use aktgranskning_core::{DecisionKind, Lagrum, Personnummer, PopulationRow};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Longest value of an imported field: case id, lagrum, insats, handläggare, beslutstyp.
pub const MAX_FIELD: usize = 200;
/// Longest value in a column that is not imported.
pub const MAX_OTHER: usize = 1_000;

/// Validates all data rows (every row after the header).
pub fn validate(
    table: &Table,
    mapping: &Mapping,
    reference: NaiveDate,
) -> Result<Vec<PopulationRow>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(table.rows.len().saturating_sub(1));
    for row in &table.rows[1..] {
        let mut v = RowValidator {
            row,
            mapping,
            errors: &mut errors,
        };
        if let Some(r) = v.validate(reference) {
            rows.push(r);
        }
    }
    check_unique_case_ids(&rows, mapping, &mut errors);
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn check_unique_case_ids(rows: &[PopulationRow], mapping: &Mapping, errors: &mut Vec<RowError>) {
    let column = mapping
        .column(Field::CaseId)
        .map_or("", |(_, h)| h)
        .to_string();
    // Ids that differ only in letter case are the same case (case systems are not
    // consistent about it); surrounding and repeated spaces are already collapsed.
    let mut first_line: HashMap<String, u64> = HashMap::with_capacity(rows.len());
    for r in rows {
        let key = r.case_id.to_lowercase();
        if let Some(first) = first_line.get(&key) {
            errors.push(RowError {
                line: r.source_line,
                column: column.clone(),
                message: format!("Ärende-id förekommer redan på rad {first}: varje ärende får bara finnas en gång"),
            });
        } else {
            first_line.insert(key, r.source_line);
        }
    }
}

struct RowValidator<'a> {
    row: &'a TableRow,
    mapping: &'a Mapping,
    errors: &'a mut Vec<RowError>,
}

impl RowValidator<'_> {
    /// The cell of a field (None when the column is absent or the row is short).
    fn cell(&self, field: Field) -> Option<&Cell> {
        let (i, _) = self.mapping.column(field)?;
        self.row.cells.get(i)
    }

    fn text(&self, field: Field) -> Option<String> {
        let t = self.cell(field)?.text();
        let t = collapse_whitespace(&t);
        (!t.is_empty()).then_some(t)
    }

    fn error(&mut self, field: Field, message: String) {
        let column = self
            .mapping
            .column(field)
            .map_or(field.header(), |(_, h)| h)
            .to_string();
        self.errors.push(RowError {
            line: self.row.line,
            column,
            message,
        });
    }

    fn required(&mut self, field: Field, what: &str) -> Option<String> {
        let v = self.text(field);
        if v.is_none() {
            self.error(field, format!("{what} saknas"));
        }
        v
    }

    fn validate(&mut self, reference: NaiveDate) -> Option<PopulationRow> {
        if !self.fields_fit() {
            return None;
        }
        let case_id = self.required(Field::CaseId, "Ärende-id");
        if let Some(id) = &case_id
            && id.chars().any(char::is_control)
        {
            self.error(
                Field::CaseId,
                "Ärende-id innehåller otillåtna tecken".to_string(),
            );
        }
        if let Some(id) = &case_id
            && contains_personnummer(id, reference)
        {
            // The id is stored, printed and logged: it must not be somebody's number.
            self.error(
                Field::CaseId,
                "Ärende-id är ett personnummer: använd ärendets eget nummer ur verksamhetssystemet"
                    .to_string(),
            );
        }
        let personnummer = self.personnummer(reference);
        let lagrum = self.required(Field::Lagrum, "Lagrum").and_then(|v| {
            let l = Lagrum::parse(&v);
            if l.is_none() {
                let shown = quoted_if_safe(&v);
                self.error(
                    Field::Lagrum,
                    format!("Okänt lagrum{shown}: värdet ska börja med LSS eller SoL"),
                );
            }
            l
        });
        let decision_date = self.date(reference);
        let decision_kind = self.text(Field::DecisionKind).and_then(|v| {
            let k = DecisionKind::parse(&v);
            if k.is_none() {
                let shown = quoted_if_safe(&v);
                self.error(
                    Field::DecisionKind,
                    format!("Okänd beslutstyp{shown}: ange Bifall, Avslag eller Delavslag"),
                );
            }
            k
        });
        Some(PopulationRow {
            case_id: case_id?,
            personnummer: personnummer?,
            lagrum: lagrum?,
            insats: self.text(Field::Insats),
            handlaggare: self.text(Field::Handlaggare),
            decision_date,
            decision_kind,
            source_line: self.row.line,
        })
    }

    fn personnummer(&mut self, reference: NaiveDate) -> Option<Personnummer> {
        let mut v = self.required(Field::Personnummer, "Personnummer")?;
        // A spreadsheet stores a number without its leading zero (born 2000–2009).
        if matches!(self.cell(Field::Personnummer), Some(Cell::Number(_)))
            && matches!(v.len(), 9 | 11)
        {
            v.insert(0, '0');
        }
        match Personnummer::parse(&v, reference) {
            Ok(p) => Some(p),
            Err(e) => {
                self.error(Field::Personnummer, e.to_string());
                None
            }
        }
    }

    fn date(&mut self, reference: NaiveDate) -> Option<NaiveDate> {
        let d = if let Some(Cell::Date(d)) = self.cell(Field::DecisionDate) {
            Some(*d)
        } else {
            let v = self.text(Field::DecisionDate)?;
            let d = parse_date(&v);
            if d.is_none() {
                let shown = quoted_if_safe(&v);
                self.error(
                    Field::DecisionDate,
                    format!("Ogiltigt datum{shown}: ange ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD"),
                );
            }
            d
        };
        if let Some(d) = d
            && d > reference
        {
            // The population is the open files on the reference date.
            self.error(
                Field::DecisionDate,
                format!(
                    "Beslutsdatum {d} ligger efter granskningens referensdatum {reference}: kontrollera datumet eller granskningens datum"
                ),
            );
            return None;
        }
        d
    }

    /// Every cell of the row holds one line of sane length: a line break in a field
    /// means a quote went astray and rows ran together; an over-long value is not a
    /// case-system field. Each problem is reported with the column it is in.
    fn fields_fit(&mut self) -> bool {
        let mut ok = true;
        for (i, cell) in self.row.cells.iter().enumerate() {
            let Cell::Text(t) = cell else { continue };
            let max = if self.mapping.field_at(i).is_some() {
                MAX_FIELD
            } else {
                MAX_OTHER
            };
            let problem = if t.contains(['\n', '\r']) {
                Some("Fältet innehåller en radbrytning: varje ärende ska stå på en egen rad. Kontrollera citattecknen i filen".to_string())
            } else if t.len() > max && t.chars().count() > max {
                Some(format!(
                    "Värdet är för långt ({} tecken, högst {max})",
                    t.chars().count()
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                self.errors.push(RowError {
                    line: self.row.line,
                    column: self.mapping.header_at(i),
                    message,
                });
                ok = false;
            }
        }
        ok
    }
}

/// `YYYY-MM-DD` or `YYYYMMDD`, optionally followed by a time of day (as spreadsheets
/// export dates).
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    let date_part = v.split([' ', 'T']).next().unwrap_or("");
    let time_ok = v[date_part.len()..]
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || c == ':' || c == 'T');
    if !time_ok {
        return None;
    }
    match date_part.len() {
        10 => NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok(),
        8 if date_part.bytes().all(|b| b.is_ascii_digit()) => {
            NaiveDate::parse_from_str(date_part, "%Y%m%d").ok()
        }
        _ => None,
    }
}

fn collapse_whitespace(s: &str) -> String {
    let b = s.as_bytes();
    let plain = !b.first().is_some_and(u8::is_ascii_whitespace)
        && !b.last().is_some_and(u8::is_ascii_whitespace)
        && !b
            .windows(2)
            .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
        && !s.chars().any(|c| c.is_whitespace() && c != ' ');
    if plain {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2023, 9, 15);
        assert_eq!(parse_date("2023-09-15"), d);
        assert_eq!(parse_date("20230915"), d);
        assert_eq!(parse_date("2023-09-15 00:00:00"), d);
        assert_eq!(parse_date("2023-02-30"), None);
        assert_eq!(parse_date("15/09/2023"), None);
        assert_eq!(parse_date("2023-9-15"), None);
        assert_eq!(parse_date("2023-09-15 igår"), None);
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(collapse_whitespace("  Anna \t Berg "), "Anna Berg");
        assert_eq!(collapse_whitespace("Anna\u{a0}Berg"), "Anna Berg");
        assert_eq!(collapse_whitespace("Anna\tBerg"), "Anna Berg");
        assert_eq!(collapse_whitespace("Anna Berg"), "Anna Berg");
    }
}
