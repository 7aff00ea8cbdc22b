//! Swedish text for counts.

/// `n` and its noun, singular for one and plural otherwise: "1 kommentar",
/// "3 kommentarer", "0 kommentarer".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(count(1, "kommentar", "kommentarer"), "1 kommentar");
        assert_eq!(count(0, "kommentar", "kommentarer"), "0 kommentarer");
        assert_eq!(count(12, "fråga", "frågor"), "12 frågor");
    }
}
