//! Synthetic populations: realistic-looking case lists for the demo audit, the tests and
//! the benchmarks. Generated deterministically from a seed; the personnummer are valid
//! (date and check digit) but invented, and nothing generated here is ever committed.

use aktgranskning_core::personnummer::luhn_check_digit;
use aktgranskning_core::sampling::StreamV1;
use chrono::{Datelike, Days, NaiveDate};

/// One generated row, written with the canonical Swedish headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticRow {
    pub case_id: String,
    pub personnummer: String,
    pub lagrum: String,
    pub insats: String,
    pub handlaggare: String,
    pub beslutsdatum: String,
    pub beslutstyp: String,
}

/// The header row, in file order.
pub const HEADERS: [&str; 7] = [
    "Ärende-id",
    "Personnummer",
    "Lagrum",
    "Insats",
    "Handläggare",
    "Beslutsdatum",
    "Beslutstyp",
];

impl SyntheticRow {
    pub fn fields(&self) -> [&str; 7] {
        [
            &self.case_id,
            &self.personnummer,
            &self.lagrum,
            &self.insats,
            &self.handlaggare,
            &self.beslutsdatum,
            &self.beslutstyp,
        ]
    }
}

const OFFICERS: [&str; 7] = [
    "Åsa Lindqvist",
    "Björn Ekström",
    "Maja Öberg",
    "Karin Sjöberg",
    "Jonas Häggström",
    "Elin Nyström",
    "Ali Hassan",
];
const LSS_INSATSER: [(&str, &str); 8] = [
    ("LSS 9 § 2", "Personlig assistans"),
    ("LSS 9 § 3", "Ledsagarservice"),
    ("LSS 9 § 4", "Kontaktperson"),
    ("LSS 9 § 5", "Avlösarservice i hemmet"),
    ("LSS 9 § 6", "Korttidsvistelse utanför det egna hemmet"),
    ("LSS 9 § 7", "Korttidstillsyn för skolungdom"),
    ("LSS 9 § 9", "Bostad med särskild service för vuxna"),
    ("LSS 9 § 10", "Daglig verksamhet"),
];
const SOL_INSATSER: [&str; 4] = [
    "Boendestöd",
    "Kontaktperson",
    "Korttidsvistelse",
    "Hemtjänst",
];

/// Generates `n` rows at the reference date. About 15 % of the persons are children, 2 %
/// have a samordningsnummer, a quarter of the cases are SoL.
pub fn synthetic_population(n: usize, seed: u64, reference: NaiveDate) -> Vec<SyntheticRow> {
    let mut rng = StreamV1::new(seed);
    let year = reference.year();
    (0..n)
        .map(|i| {
            let child = rng.below(100) < 15;
            let age = if child {
                3 + rng.below(15)
            } else {
                18 + rng.below(70)
            };
            let birth = reference
                .checked_sub_days(Days::new(
                    u64::from(age) * 365 + u64::from(rng.below(365)) + 1,
                ))
                .unwrap_or(reference);
            let samordning = rng.below(100) < 2;
            let lss = rng.below(4) != 0;
            let (lagrum, insats) = if lss {
                let (l, ins) = LSS_INSATSER[rng.below(LSS_INSATSER.len() as u32) as usize];
                (l.to_string(), ins.to_string())
            } else {
                (
                    "SoL 4:1".to_string(),
                    SOL_INSATSER[rng.below(4) as usize].to_string(),
                )
            };
            let kind = match rng.below(100) {
                0..5 => "Avslag",
                5..15 => "Delavslag",
                _ => "Bifall",
            };
            let decided = reference
                .checked_sub_days(Days::new(u64::from(rng.below(3 * 365))))
                .unwrap_or(reference);
            SyntheticRow {
                case_id: format!("{year}-{:05}", 1001 + i),
                personnummer: personnummer_for(birth, samordning, rng.below(1000)),
                lagrum,
                insats,
                handlaggare: OFFICERS[rng.below(OFFICERS.len() as u32) as usize].to_string(),
                beslutsdatum: decided.format("%Y-%m-%d").to_string(),
                beslutstyp: kind.to_string(),
            }
        })
        .collect()
}

/// A valid `YYYYMMDD-NNNC` for the birth date and three-digit serial.
pub fn personnummer_for(birth: NaiveDate, samordning: bool, serial: u32) -> String {
    let day = birth.day() + if samordning { 60 } else { 0 };
    let body = format!(
        "{:02}{:02}{:02}{:03}",
        birth.year() % 100,
        birth.month(),
        day,
        serial % 1000
    );
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    let c = luhn_check_digit(&digits);
    format!(
        "{:04}{:02}{:02}-{:03}{c}",
        birth.year(),
        birth.month(),
        day,
        serial % 1000
    )
}

/// Writes rows as CSV with the given delimiter (UTF-8, no BOM).
pub fn to_csv(rows: &[SyntheticRow], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(HEADERS);
    for r in rows {
        let _ = w.write_record(r.fields());
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aktgranskning_core::Personnummer;

    #[test]
    fn generated_numbers_are_valid_and_deterministic() {
        let r = NaiveDate::from_ymd_opt(2023, 9, 1).unwrap();
        let a = synthetic_population(500, 1, r);
        assert_eq!(a, synthetic_population(500, 1, r));
        let mut children = 0;
        for row in &a {
            let p = Personnummer::parse(&row.personnummer, r).unwrap();
            if p.age_on(r) < 18 {
                children += 1;
            }
        }
        assert!((40..120).contains(&children), "{children} children");
        assert!(to_csv(&a, b';').starts_with("Ärende-id;Personnummer;Lagrum"));
    }
}
