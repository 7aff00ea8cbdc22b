//! Checks on free text at input, before it is stored: everything a user types into an
//! audit (comments, motivations, chapter texts, findings, reasons, fact-check comments)
//! is kept in the append-only history, so a personnummer typed there could never be
//! removed again. It is refused at the door instead, with the field and line named and
//! the number never repeated; and every text has a length limit.

use crate::{Context, Result, ServiceError};
use aktgranskning_core::privacy::{contains_personnummer, find_personnummer, fold};
use chrono::NaiveDate;

/// Longest comment, motivation or reason (characters).
pub const MAX_COMMENT: usize = 5_000;
/// Longest chapter text (characters).
pub const MAX_CHAPTER: usize = 100_000;
/// Longest short field: a name, a unit, a diarienummer, an id (characters).
pub const MAX_SHORT: usize = 200;

/// Why a text may not be stored.
enum Problem {
    TooLong(usize),
    /// With the text's line where the number starts.
    Personnummer(u64),
}

/// The text folded once: its length checked, then searched for a personnummer (any birth
/// date up to `today` counts; an audit's reference date may be earlier).
fn problem(today: NaiveDate, text: &str, max: usize) -> Option<Problem> {
    let chars = text.chars().count();
    if chars > max {
        return Some(Problem::TooLong(chars));
    }
    if !contains_personnummer(text, today) {
        return None;
    }
    let folded = fold(text);
    find_personnummer(&folded.text, today).map(|at| Problem::Personnummer(folded.line_of(at)))
}

fn message(field: &str, p: &Problem, max: usize) -> String {
    match p {
        Problem::TooLong(chars) => {
            format!("{field}: texten är för lång ({chars} tecken, högst {max})")
        }
        Problem::Personnummer(_) => format!(
            "{field}: texten innehåller ett personnummer. Personnummer sparas aldrig i granskningens texter; hänvisa till akten med dess ärende-id"
        ),
    }
}

/// Why `text` may not be stored, if it holds a personnummer (any written form) or is
/// longer than `max` characters: a Swedish message naming `field`, never the number.
/// Any birth date up to `today` counts (an audit's reference date may be earlier).
pub fn text_problem(today: NaiveDate, field: &str, text: &str, max: usize) -> Option<String> {
    problem(today, text, max).map(|p| message(field, &p, max))
}

/// [`text_problem`] as an error for the field; for a text of several lines, the line
/// is named too.
pub fn check_text(ctx: &Context, field: &str, text: &str, max: usize) -> Result<()> {
    let Some(p) = problem(ctx.clock.now().date_naive(), text, max) else {
        return Ok(());
    };
    let line = match p {
        Problem::Personnummer(l) if text.contains('\n') => Some(l),
        _ => None,
    };
    let place = match line {
        Some(l) => format!("{field}, rad {l}"),
        None => field.to_string(),
    };
    let mut e = ServiceError::invalid_field(field, message(&place, &p, max));
    e.errors[0].line = line;
    Err(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personnummer_in_any_form_is_refused_and_never_repeated() {
        let today = Context::new("testare").clock.now().date_naive();
        for text in [
            "Ring 140728-9717",
            "Ring 140728–9717 i morgon",
            "Ring\n2014 07 28 - 9717",
        ] {
            let m = text_problem(today, "Kommentar", text, MAX_COMMENT).unwrap();
            assert!(m.starts_with("Kommentar"), "{m}");
            assert!(!m.contains("9717"), "{m}");
        }
        let ctx = Context::new("testare");
        let e = check_text(&ctx, "Kommentar", "Ring\n\n140728-9717", MAX_COMMENT).unwrap_err();
        assert_eq!(e.errors[0].line, Some(3));
        assert!(e.message.starts_with("Kommentar, rad 3:"), "{}", e.message);
        assert_eq!(
            text_problem(today, "Kommentar", "I 155 av 165 akter, 2023-09-15.", 100),
            None
        );
        assert!(
            text_problem(today, "Kommentar", &"x".repeat(101), 100)
                .unwrap()
                .contains("för lång")
        );
    }
}
