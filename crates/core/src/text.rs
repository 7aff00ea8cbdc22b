//! Swedish text for counts.

/// `n` and its noun, singular for one and plural otherwise: "1 kommentar",
/// "3 kommentarer", "0 kommentarer".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A cell for a CSV file meant to be opened in a spreadsheet, made safe against formula
/// injection (OWASP's rule): a value beginning with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula by Excel, so it is prefixed with `'`, which
/// makes the spreadsheet show it as text.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::{count, spreadsheet_safe};

    #[test]
    fn formulas_are_neutralised() {
        for c in ["=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(c), format!("'{c}"));
        }
        assert_eq!(spreadsheet_safe("Karin Lund"), "Karin Lund");
        assert_eq!(spreadsheet_safe("{\"a\":1}"), "{\"a\":1}");
    }

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(1, "kommentar", "kommentarer"), "1 kommentar");
        assert_eq!(count(0, "kommentar", "kommentarer"), "0 kommentarer");
        assert_eq!(count(12, "fråga", "frågor"), "12 frågor");
    }
}
