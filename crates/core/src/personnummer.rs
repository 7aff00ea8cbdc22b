//! Swedish personal identity numbers (personnummer) and coordination numbers
//! (samordningsnummer).
//!
//! Case-system exports write them in many shapes: `YYYYMMDD-NNNC`, `YYMMDD-NNNC`,
//! `YYMMDD+NNNC` (the `+` marks a person who has turned 100), or 10 or 12 digits without a
//! separator. We validate the date and the Luhn check digit and always store the 12-digit
//! form, so that ages and uniqueness never depend on how a file was written.
//!
//! A 10-digit number carries no century. Like the Swedish tax agency, we place the birth
//! year in the most recent century that does not put the birth after the reference date
//! (the audit's granskningsdatum); a `+` separator moves it back another hundred years.
//!
//! Nothing in this module ever puts the number itself into an error message: the messages
//! are shown to users and may end up in logs, and personal data must never reach either.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A validated personnummer or samordningsnummer, held as its 12 digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Personnummer {
    digits: String,
}

/// Why a value is not a valid personnummer. The messages are Swedish, for the user, and
/// deliberately never repeat the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonnummerError {
    #[error("Ogiltigt format på personnummer: ange ÅÅÅÅMMDD-NNNN, ÅÅMMDD-NNNN eller 10/12 siffror")]
    Format,
    #[error("Ogiltigt personnummer: födelsedatumet finns inte")]
    Date,
    #[error("Ogiltigt personnummer: kontrollsiffran stämmer inte")]
    CheckDigit,
    #[error("Ogiltigt personnummer: födelsedatumet ligger efter granskningsdatumet")]
    BornAfterReference,
}

/// The Luhn check digit over the 10-digit form's first nine digits (weights 2,1,2,1,…;
/// the digits of each product are summed).
pub fn luhn_check_digit(nine: &[u8]) -> u8 {
    let sum: u32 = nine
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let p = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

impl Personnummer {
    /// Parses any accepted written form. `reference` is the audit's reference date, used
    /// to place a 10-digit number in its century and to reject births after that date.
    pub fn parse(input: &str, reference: NaiveDate) -> Result<Self, PersonnummerError> {
        let s = input.trim();
        let (body, plus) = split_separator(s)?;
        if !body.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonnummerError::Format);
        }
        let d: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        let (year, rest) = match d.len() {
            12 => {
                let year = num(&d[0..4]);
                (year, &d[4..])
            }
            10 => {
                let yy = num(&d[0..2]);
                let (month, day) = (num(&d[2..4]), num(&d[4..6]));
                let day = if day > 60 { day - 60 } else { day };
                let r = reference;
                let mut year = r.year() / 100 * 100 + yy;
                if (year, month, day) > (r.year(), r.month() as i32, r.day() as i32) {
                    year -= 100;
                }
                if plus {
                    year -= 100;
                }
                (year, &d[2..])
            }
            _ => return Err(PersonnummerError::Format),
        };
        // rest = MMDDNNNC
        let month = num(&rest[0..2]);
        let raw_day = num(&rest[2..4]);
        let day = if raw_day > 60 { raw_day - 60 } else { raw_day };
        let birth = NaiveDate::from_ymd_opt(year, month as u32, day as u32)
            .ok_or(PersonnummerError::Date)?;
        let mut ten = Vec::with_capacity(10);
        ten.push(((year % 100) / 10) as u8);
        ten.push((year % 10) as u8);
        ten.extend_from_slice(rest);
        if luhn_check_digit(&ten[..9]) != ten[9] {
            return Err(PersonnummerError::CheckDigit);
        }
        if birth > reference {
            return Err(PersonnummerError::BornAfterReference);
        }
        let mut digits = format!("{year:04}");
        digits.extend(rest.iter().map(|d| char::from(b'0' + d)));
        Ok(Personnummer { digits })
    }

    /// Restores a number from its stored 12-digit form, checking it again.
    pub fn from_stored(twelve: &str) -> Result<Self, PersonnummerError> {
        if twelve.len() != 12 {
            return Err(PersonnummerError::Format);
        }
        Self::parse(twelve, NaiveDate::MAX)
    }

    /// The 12 digits, `YYYYMMDDNNNC`, as stored.
    pub fn as_digits(&self) -> &str {
        &self.digits
    }

    /// True for a samordningsnummer (day of birth + 60).
    pub fn is_samordningsnummer(&self) -> bool {
        self.digits[6..8].parse::<u32>().unwrap_or(0) > 60
    }

    /// The date of birth (for a samordningsnummer, the day with 60 subtracted).
    pub fn birth_date(&self) -> NaiveDate {
        let y: i32 = self.digits[0..4].parse().unwrap_or(0);
        let m: u32 = self.digits[4..6].parse().unwrap_or(0);
        let mut d: u32 = self.digits[6..8].parse().unwrap_or(0);
        if d > 60 {
            d -= 60;
        }
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// Age in whole years on `date`. A person born on 29 February has their birthday on
    /// 1 March in years that are not leap years.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        age_on(self.birth_date(), date)
    }

    /// The display form with the last four digits hidden, `YYYYMMDD-****`, as the UI
    /// shows it until the user reveals the number.
    pub fn masked(&self) -> String {
        format!("{}-****", &self.digits[0..8])
    }

    /// The full display form `YYYYMMDD-NNNC`.
    pub fn display_full(&self) -> String {
        format!("{}-{}", &self.digits[0..8], &self.digits[8..12])
    }
}

/// Whole years from `birth` to `date` (0 when `date` is before `birth`).
pub fn age_on(birth: NaiveDate, date: NaiveDate) -> u32 {
    if date < birth {
        return 0;
    }
    let mut years = date.year() - birth.year();
    if (date.month(), date.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Debug output is masked too, so that a stray `{:?}` can never leak a number into a log.
impl fmt::Debug for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Personnummer({})", self.masked())
    }
}

fn split_separator(s: &str) -> Result<(String, bool), PersonnummerError> {
    let seps: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| *c == '-' || *c == '+')
        .collect();
    match seps.as_slice() {
        [] => Ok((s.to_string(), false)),
        [(i, c)] => {
            let (a, b) = (&s[..*i], &s[i + 1..]);
            if b.len() != 4 || !(a.len() == 6 || a.len() == 8) {
                return Err(PersonnummerError::Format);
            }
            Ok((format!("{a}{b}"), *c == '+'))
        }
        _ => Err(PersonnummerError::Format),
    }
}

fn num(d: &[u8]) -> i32 {
    d.iter().fold(0, |acc, x| acc * 10 + i32::from(*x))
}

/// Finds a valid personnummer or samordningsnummer written anywhere in free text, in any
/// written form (see [`crate::privacy`]: dashes of every kind, spaces inside, line breaks,
/// invisible characters), and returns the byte offset in the *folded* text where it
/// starts. A candidate must stand alone and pass the date and check-digit tests, so
/// ordinary numbers ("165 av 549", "2023/VON 0123") are not taken for one.
pub fn find_in_text(text: &str, reference: NaiveDate) -> Option<usize> {
    crate::privacy::find_personnummer(&crate::privacy::fold(text).text, reference)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn luhn_matches_the_domain_examples() {
        assert_eq!(luhn_check_digit(&[6, 4, 0, 8, 2, 3, 3, 2, 3]), 4);
        assert_eq!(luhn_check_digit(&[7, 0, 1, 0, 6, 3, 2, 3, 9]), 1);
    }

    #[test]
    fn accepts_every_written_form() {
        let r = date("2023-09-01");
        for form in [
            "19640823-3234",
            "196408233234",
            "640823-3234",
            "6408233234",
            " 19640823-3234 ",
        ] {
            let p = Personnummer::parse(form, r).unwrap();
            assert_eq!(p.as_digits(), "196408233234", "{form}");
            assert!(!p.is_samordningsnummer());
        }
    }

    #[test]
    fn samordningsnummer_day_plus_sixty() {
        let p = Personnummer::parse("19701063-2391", date("2023-09-01")).unwrap();
        assert!(p.is_samordningsnummer());
        assert_eq!(p.birth_date(), date("1970-10-03"));
        assert_eq!(p.as_digits(), "197010632391");
        assert_eq!(p.age_on(date("2023-10-02")), 52);
        assert_eq!(p.age_on(date("2023-10-03")), 53);
    }

    #[test]
    fn rejects_bad_check_digit_date_and_format() {
        let r = date("2023-09-01");
        assert_eq!(
            Personnummer::parse("19640823-3235", r),
            Err(PersonnummerError::CheckDigit)
        );
        assert_eq!(
            Personnummer::parse("19641323-3234", r),
            Err(PersonnummerError::Date)
        );
        assert_eq!(
            Personnummer::parse("19640230-1234", r),
            Err(PersonnummerError::Date)
        );
        assert_eq!(
            Personnummer::parse("1964-0823-3234", r),
            Err(PersonnummerError::Format)
        );
        assert_eq!(
            Personnummer::parse("19640823-323", r),
            Err(PersonnummerError::Format)
        );
        assert_eq!(
            Personnummer::parse("abc", r),
            Err(PersonnummerError::Format)
        );
        assert_eq!(Personnummer::parse("", r), Err(PersonnummerError::Format));
    }

    #[test]
    fn century_of_ten_digit_forms_follows_the_reference_date() {
        // 2015-03-02, check digit computed over 150302-123?.
        let nine = [1, 5, 0, 3, 0, 2, 1, 2, 3];
        let c = luhn_check_digit(&nine);
        let ten = format!("150302-123{c}");
        let p = Personnummer::parse(&ten, date("2023-09-01")).unwrap();
        assert_eq!(p.birth_date(), date("2015-03-02"));
        // Before the birthday in 2015 the same digits mean 1915.
        let p = Personnummer::parse(&ten, date("2015-03-01")).unwrap();
        assert_eq!(p.birth_date(), date("1915-03-02"));
        // `+` means the person has turned 100.
        let plus = format!("150302+123{c}");
        let p = Personnummer::parse(&plus, date("2023-09-01")).unwrap();
        assert_eq!(p.birth_date(), date("1915-03-02"));
        assert_eq!(p.age_on(date("2023-09-01")), 108);
    }

    #[test]
    fn birth_after_reference_is_rejected_for_twelve_digits() {
        let nine = [2, 4, 0, 1, 0, 1, 0, 0, 0];
        let c = luhn_check_digit(&nine);
        let s = format!("20240101-000{c}");
        assert_eq!(
            Personnummer::parse(&s, date("2023-09-01")),
            Err(PersonnummerError::BornAfterReference)
        );
    }

    #[test]
    fn age_counts_whole_years_and_leap_days() {
        assert_eq!(age_on(date("2005-09-01"), date("2023-08-31")), 17);
        assert_eq!(age_on(date("2005-09-01"), date("2023-09-01")), 18);
        assert_eq!(age_on(date("2004-02-29"), date("2022-02-28")), 17);
        assert_eq!(age_on(date("2004-02-29"), date("2022-03-01")), 18);
        assert_eq!(age_on(date("2004-02-29"), date("2024-02-29")), 20);
    }

    #[test]
    fn errors_and_debug_never_show_the_number() {
        let r = date("2023-09-01");
        let err = Personnummer::parse("19640823-3235", r)
            .unwrap_err()
            .to_string();
        assert!(!err.contains("3235") && !err.contains("640823"));
        let p = Personnummer::parse("19640823-3234", r).unwrap();
        assert!(!format!("{p:?}").contains("3234"));
        assert_eq!(p.masked(), "19640823-****");
        assert_eq!(p.display_full(), "19640823-3234");
    }

    #[test]
    fn finds_numbers_in_text_in_every_form_and_not_ordinary_numbers() {
        let r = NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
        for t in [
            "Brukaren 19640823-3234 har",
            "(640823-3234)",
            "nr 196408233234.",
            "6408233234",
            "samordning 19701063-2391",
            "640823+3234",
        ] {
            assert!(find_in_text(t, r).is_some(), "{t}");
        }
        assert_eq!(find_in_text("ab 640823-3234", r), Some(3));
        for t in [
            "Granskning av 30 procent (165 av 549) 2023/VON 0123",
            "19640823-3235",
            "1196408233234",
            "2023-09-01 och 20230901",
            "seed 20230901, 1234567890",
        ] {
            assert!(find_in_text(t, r).is_none(), "{t}");
        }
    }
}
