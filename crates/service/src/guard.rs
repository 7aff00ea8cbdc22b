//! Checks on free text at input, before it is stored: everything a user types into an
//! audit (comments, motivations, chapter texts, findings, reasons, fact-check comments)
//! is kept in the append-only history, so a personnummer typed there could never be
//! removed again. It is refused at the door instead, with the field and line named and
//! the number never repeated; and every text has a length limit.

use crate::{Context, Result, ServiceError};
use aktgranskning_core::privacy::{find_personnummer, fold};
use chrono::NaiveDate;

/// Longest comment, motivation or reason (characters).
pub const MAX_COMMENT: usize = 5_000;
/// Longest chapter text (characters).
pub const MAX_CHAPTER: usize = 100_000;
/// Longest short field: a name, a unit, a diarienummer, an id (characters).
pub const MAX_SHORT: usize = 200;

/// Why `text` may not be stored, if it holds a personnummer (any written form) or is
/// longer than `max` characters: a Swedish message naming `field`, never the number.
/// Any birth date up to `today` counts (an audit's reference date may be earlier).
pub fn text_problem(today: NaiveDate, field: &str, text: &str, max: usize) -> Option<String> {
    let chars = text.chars().count();
    if chars > max {
        return Some(format!(
            "{field}: texten är för lång ({chars} tecken, högst {max})"
        ));
    }
    find_personnummer(&fold(text).text, today).map(|_| {
        format!(
            "{field}: texten innehåller ett personnummer. Personnummer sparas aldrig i granskningens texter; hänvisa till akten med dess ärende-id"
        )
    })
}

/// [`text_problem`] as an error for the field; for a text of several lines, the line
/// is named too.
pub fn check_text(ctx: &Context, field: &str, text: &str, max: usize) -> Result<()> {
    let today = ctx.clock.now().date_naive();
    let Some(message) = text_problem(today, field, text, max) else {
        return Ok(());
    };
    let folded = fold(text);
    let line = find_personnummer(&folded.text, today)
        .filter(|_| text.contains('\n'))
        .map(|at| folded.line_of(at));
    let message = match line {
        Some(l) => message.replacen(field, &format!("{field}, rad {l}"), 1),
        None => message,
    };
    let mut e = ServiceError::invalid_field(field, message);
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
