//! Summary and footer rows of case-system exports ("Summa: 549 ärenden", "Totalt 549",
//! "Antal ärenden: 549"): lines that are not cases. They are recognised, and skipped only
//! when the user says so; the count such a row states is checked against the cases read,
//! so that an export cut short is never imported as if it were whole.

use crate::table::{Cell, Table};
use serde::Serialize;

/// A data row that reads as a summary or footer, not a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRow {
    /// The row's line, as in errors.
    pub line: u64,
    /// The row's text (its non-empty cells joined), at most 80 characters.
    pub text: String,
    /// The number of cases the row states, if it states one.
    pub count: Option<usize>,
}

/// Words a summary row starts with.
const WORDS: [&str; 7] = [
    "summa",
    "totalt",
    "total",
    "antal",
    "sum",
    "count",
    "utskriven",
];

/// The summary rows among the table's data rows: rows whose non-empty cells are at most
/// two, none shaped like a personnummer, and whose text starts with a summary word
/// ("Summa", "Totalt", "Antal", …) or is a count of cases ("549 ärenden").
pub fn summary_rows(table: &Table) -> Vec<SummaryRow> {
    table.rows[1..]
        .iter()
        .filter_map(|row| {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(Cell::text)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if cells.is_empty() || cells.len() > 2 {
                return None;
            }
            let text = cells.join(" ");
            let lower = text.to_lowercase();
            // A cell with ten or more digits could be a personnummer: then it is a case.
            if cells
                .iter()
                .any(|c| c.chars().filter(char::is_ascii_digit).count() >= 10)
            {
                return None;
            }
            let first = lower
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty())
                .unwrap_or("");
            let worded = WORDS.contains(&first);
            let counted = is_count_of_cases(&lower);
            if !(worded || counted) {
                return None;
            }
            // A printing date is no count of cases.
            let count = (first != "utskriven")
                .then(|| first_number(&lower))
                .flatten();
            Some(SummaryRow {
                line: row.line,
                text: text.chars().take(80).collect(),
                count,
            })
        })
        .collect()
}

/// "549 ärenden", "549 akter", "549 rader".
fn is_count_of_cases(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(n), Some("ärenden" | "akter" | "rader" | "st"), None) if n.parse::<usize>().is_ok()
    )
}

/// The first whole number in the text ("Summa: 1 549 ärenden" reads 1549: a space between
/// digit groups is a thousands separator).
fn first_number(lower: &str) -> Option<usize> {
    let mut digits = String::new();
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            // A thousands separator: one space (or no-break space) followed by three digits.
            let rest: String = chars.clone().take(3).collect();
            if matches!(c, ' ' | '\u{a0}' | '\u{202f}')
                && rest.len() == 3
                && rest.chars().all(|d| d.is_ascii_digit())
            {
                continue;
            }
            break;
        }
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::read(text.as_bytes()).unwrap()
    }

    #[test]
    fn summary_and_footer_rows_are_recognised_with_their_count() {
        let t = table(
            "Ärende-id;Personnummer;Lagrum\n\
             A-1;19640823-3234;LSS\n\
             Summa: 1 549 ärenden;;\n\
             Totalt;2;\n\
             549 ärenden;;\n\
             Utskriven 2023-09-01;;\n",
        );
        let found = summary_rows(&t);
        assert_eq!(
            found.iter().map(|s| (s.line, s.count)).collect::<Vec<_>>(),
            vec![(3, Some(1549)), (4, Some(2)), (5, Some(549)), (6, None)]
        );
        assert_eq!(found[0].text, "Summa: 1 549 ärenden");
    }

    #[test]
    fn cases_are_never_taken_for_summaries() {
        let t = table(
            "Ärende-id;Personnummer;Lagrum\n\
             Summa-1;19640823-3234;LSS\n\
             Antal;196408233234;\n\
             Hemtjänst;;\n",
        );
        assert!(summary_rows(&t).is_empty());
    }
}
