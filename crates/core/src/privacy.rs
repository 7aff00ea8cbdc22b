//! Finding personal data in free text however it is written.
//!
//! A text typed in Word or a browser can hold a personnummer or a name in many shapes:
//! an en dash or a non-breaking hyphen for the hyphen, spaces inside the number, a
//! zero-width space, a line break in the middle, decomposed letters (NFD `ö`), the
//! genitive of a name. Every text is therefore *folded* before it is matched: Unicode
//! NFKC, lower case, every dash kind to `-`, every space kind and line break to one
//! space, invisible characters removed. Each folded byte remembers the line it came from,
//! so a finding names the line of the original text (and never its value).
//!
//! The rules are in `docs/privacy.md`.

use crate::personnummer::Personnummer;
use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// A text folded for matching, with the original line of each byte.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    lines: Vec<u32>,
}

impl Folded {
    /// The 1-based line of the original text that the folded byte `offset` came from.
    pub fn line_of(&self, offset: usize) -> u64 {
        u64::from(self.lines.get(offset).copied().unwrap_or(1))
    }
}

/// Characters that write nothing visible and are dropped: zero-width space, joiners,
/// word joiner, byte-order mark, soft hyphen, directional marks and isolates.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Every kind of dash or minus that a word processor may put where `-` was meant.
fn dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{2043}'
    )
}

/// Folds a text for matching (see the module documentation).
pub fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut lines = Vec::with_capacity(text.len());
    let push = |out: &mut String, lines: &mut Vec<u32>, c: char, line: u32| {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            return;
        }
        out.push(c);
        lines.resize(out.len(), line);
    };
    for (i, raw_line) in text.split('\n').enumerate() {
        let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if i > 0 {
            push(&mut out, &mut lines, ' ', line);
        }
        for c in raw_line.nfkc() {
            if invisible(c) {
                continue;
            }
            if dash(c) {
                push(&mut out, &mut lines, '-', line);
            } else if c.is_whitespace() || c.is_control() {
                push(&mut out, &mut lines, ' ', line);
            } else {
                for l in c.to_lowercase() {
                    push(&mut out, &mut lines, l, line);
                }
            }
        }
    }
    Folded { text: out, lines }
}

/// Finds a valid personnummer or samordningsnummer in a folded text, in any way it can be
/// written: 10 or 12 digits alone, or the date part (6 or 8 digits, possibly in groups
/// such as `1979 05 14`) followed by the four last digits, with at most three spaces,
/// dashes or `+` between the groups. The number must stand alone (no digit right before
/// or after) and pass the date and check-digit tests, so ordinary numbers ("165 av 549",
/// "2023/SN 0123") are not taken for one. Returns the folded byte offset where it starts.
pub fn find_personnummer(folded: &str, reference: NaiveDate) -> Option<usize> {
    let b = folded.as_bytes();
    // The digit runs: (start, end).
    let mut runs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((s, i));
        } else {
            i += 1;
        }
    }
    let joinable = |gap: &[u8]| {
        !gap.is_empty() && gap.len() <= 3 && gap.iter().all(|c| matches!(c, b' ' | b'-' | b'+'))
    };
    for first in 0..runs.len() {
        let mut digits = String::new();
        for k in first..runs.len() {
            if k > first && !joinable(&b[runs[k - 1].1..runs[k].0]) {
                break;
            }
            let (s, e) = runs[k];
            let before = digits.len();
            digits.push_str(&folded[s..e]);
            if digits.len() > 12 {
                break;
            }
            let whole = k == first && matches!(digits.len(), 10 | 12);
            let split = k > first && e - s == 4 && matches!(before, 6 | 8);
            if (whole || split) && valid(&digits, reference) {
                return Some(runs[first].0);
            }
        }
    }
    None
}

/// Whether a text holds a personnummer in any written form: [`find_personnummer`] on the
/// folded text, after a quick test that spares the folding of most short values (a
/// personnummer needs ten digits; only non-ASCII text can fold into more).
pub fn contains_personnummer(text: &str, reference: NaiveDate) -> bool {
    (!text.is_ascii() || text.bytes().filter(u8::is_ascii_digit).count() >= 10)
        && find_personnummer(&fold(text).text, reference).is_some()
}

/// Whether the digits are a personnummer, read with either century a 10-digit form allows.
fn valid(digits: &str, reference: NaiveDate) -> bool {
    if Personnummer::parse(digits, reference).is_ok() {
        return true;
    }
    digits.len() == 10
        && Personnummer::parse(&format!("{}+{}", &digits[..6], &digits[6..]), reference).is_ok()
}

/// A name to look for (a case officer's), folded, with the forms a Swedish text uses: the
/// whole name, the surname alone, and either in the genitive (`Karin Sjöbergs`,
/// `Sjöbergs`). A name written "Sjöberg, Karin" (as case systems list them) is also
/// looked for as "Karin Sjöberg".
#[derive(Debug, Clone)]
pub struct NamePattern {
    forms: Vec<String>,
}

impl NamePattern {
    /// `None` when the name is too short to look for without matching ordinary words
    /// (initials, codes).
    pub fn new(name: &str) -> Option<NamePattern> {
        let folded = fold(name).text.trim().to_string();
        if folded.chars().count() < 3 {
            return None;
        }
        let mut forms = vec![folded.clone()];
        let (first, surname) = match folded.split_once(',') {
            Some((last, first)) => (first.trim().to_string(), last.trim().to_string()),
            None => match folded.rsplit_once(' ') {
                Some((first, last)) => (first.trim().to_string(), last.trim().to_string()),
                None => (String::new(), folded.clone()),
            },
        };
        if !first.is_empty() {
            forms.push(format!("{first} {surname}"));
        }
        if surname.chars().count() >= 3 {
            forms.push(surname);
        }
        forms.retain(|f| !f.is_empty());
        forms.sort();
        forms.dedup();
        Some(NamePattern { forms })
    }

    /// The folded byte offset of the first form found as a whole word (a genitive `s`,
    /// `'s` or `:s` may follow).
    pub fn find(&self, folded: &str) -> Option<usize> {
        self.forms.iter().filter_map(|f| find_word(folded, f)).min()
    }
}

/// Finds `needle` in `haystack` (both folded) as a whole word: no letter or digit right
/// before it, and after it nothing but a non-alphanumeric character or a genitive ending.
pub fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle).map(|i| i + from) {
        let before = haystack[..i].chars().next_back();
        let rest = &haystack[i + needle.len()..];
        let rest = ["s", "'s", "’s", ":s"]
            .iter()
            .find_map(|g| rest.strip_prefix(g).filter(|r| !starts_alnum(r)))
            .unwrap_or(rest);
        if !before.is_some_and(char::is_alphanumeric) && !starts_alnum(rest) {
            return Some(i);
        }
        from = i + haystack[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn starts_alnum(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 9, 1).unwrap()
    }

    /// 1979-05-14, a synthetic number with a valid check digit.
    const PNR: &str = "7905147638";

    #[test]
    fn every_written_form_of_a_personnummer_is_found() {
        let forms = [
            "790514-7638",
            "7905147638",
            "197905147638",
            "19790514-7638",
            "790514 7638",
            "790514\u{2013}7638",
            "790514\u{2011}7638",
            "790514\u{2212}7638",
            "790514\u{2014}7638",
            "1979 05 14-7638",
            "1979-05-14-7638",
            "19790514 - 7638",
            "7905\u{200B}14-7638",
            "790514-\n7638",
            "790514\u{00A0}7638",
            "７９０５１４－７６３８",
            "790514+7638",
        ];
        for f in forms {
            let text = format!("Ring henne, {f}, i morgon.");
            let folded = fold(&text);
            assert!(
                find_personnummer(&folded.text, reference()).is_some(),
                "{f:?} was not found"
            );
        }
        assert!(valid(PNR, reference()));
    }

    #[test]
    fn ordinary_numbers_are_not_taken_for_one() {
        for text in [
            "I 155 av 165 granskade akter (94 %, 95 % KI 89–97 %).",
            "Diarienummer 2023/SN 0123, beslut 2023-09-15.",
            "Tabell: 140 165 85 80 89 90 91",
            "Telefon 08-123 456 78",
            "790514-76381",
        ] {
            assert_eq!(
                find_personnummer(&fold(text).text, reference()),
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn the_line_of_a_finding_is_the_original_line() {
        let f = fold("Första raden.\n\nTredje: 790514-\n7638.");
        let at = find_personnummer(&f.text, reference()).unwrap();
        assert_eq!(f.line_of(at), 3);
    }

    #[test]
    fn names_in_every_inflection_are_found() {
        let p = NamePattern::new("Karin Sjöberg").unwrap();
        for text in [
            "Karin Sjöberg har handlagt ärendet.",
            "karin  sjöberg",
            "Karin\nSjöberg",
            "Karin Sjöbergs akter",
            "Sjöberg ansvarar.",
            "Sjöbergs bedömning",
            "Karin Sjo\u{0308}berg",
            "Karin\u{00A0}Sjöberg",
            "Kar\u{200B}in Sjöberg",
        ] {
            assert!(p.find(&fold(text).text).is_some(), "{text:?}");
        }
        for text in ["Karin skrev", "Sjöbergsgatan 4", "Sjöbergska"] {
            assert!(p.find(&fold(text).text).is_none(), "{text:?}");
        }
        let listed = NamePattern::new("Sjöberg, Karin").unwrap();
        assert!(listed.find(&fold("Enligt Karin Sjöberg").text).is_some());
        assert!(NamePattern::new("AB").is_none());
    }
}
