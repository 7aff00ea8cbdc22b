//! Normalisation of the coded fields of a case row: lagrum (the law a case falls under)
//! and beslutstyp (the kind of decision).
//!
//! Exports write the law in many ways (`LSS 9 § 2`, `SoL 4:1`, `sol`); only the law
//! itself matters to the audit, so it is normalised from the start of the value.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The law a case falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lagrum {
    #[serde(rename = "LSS")]
    Lss,
    #[serde(rename = "SoL")]
    Sol,
}

impl Lagrum {
    /// Normalises a written lagrum from its start, case-insensitively: `LSS 9 § 2` is LSS,
    /// `SoL 4:1` and `sol` are SoL. The law's name must be followed by the end of the
    /// value or by something that is not a letter, so that `Solna` is not SoL.
    pub fn parse(value: &str) -> Option<Lagrum> {
        let v = value.trim();
        for (name, lagrum) in [("LSS", Lagrum::Lss), ("SOL", Lagrum::Sol)] {
            let Some(head) = v.get(..name.len()) else {
                continue;
            };
            if head.eq_ignore_ascii_case(name)
                && !v[name.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            {
                return Some(lagrum);
            }
        }
        None
    }

    /// The canonical written form, `LSS` or `SoL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lagrum::Lss => "LSS",
            Lagrum::Sol => "SoL",
        }
    }
}

impl fmt::Display for Lagrum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of decision of a case (beslutstyp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DecisionKind {
    Bifall,
    Avslag,
    Delavslag,
}

impl DecisionKind {
    /// Parses `Bifall`, `Avslag` or `Delavslag`, case-insensitively.
    pub fn parse(value: &str) -> Option<DecisionKind> {
        let v = value.trim().to_lowercase();
        match v.as_str() {
            "bifall" => Some(DecisionKind::Bifall),
            "avslag" => Some(DecisionKind::Avslag),
            "delavslag" => Some(DecisionKind::Delavslag),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Bifall => "Bifall",
            DecisionKind::Avslag => "Avslag",
            DecisionKind::Delavslag => "Delavslag",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lagrum_is_normalised_from_the_start() {
        assert_eq!(Lagrum::parse("LSS 9 § 2"), Some(Lagrum::Lss));
        assert_eq!(Lagrum::parse("lss"), Some(Lagrum::Lss));
        assert_eq!(Lagrum::parse("LSS9§2"), Some(Lagrum::Lss));
        assert_eq!(Lagrum::parse("SoL 4:1"), Some(Lagrum::Sol));
        assert_eq!(Lagrum::parse(" sol "), Some(Lagrum::Sol));
        assert_eq!(Lagrum::parse("SOL 4 kap. 1 §"), Some(Lagrum::Sol));
        assert_eq!(Lagrum::parse("Solna"), None);
        assert_eq!(Lagrum::parse("HSL"), None);
        assert_eq!(Lagrum::parse(""), None);
        assert_eq!(Lagrum::parse("Lö"), None);
    }

    #[test]
    fn decision_kind_is_case_insensitive() {
        assert_eq!(DecisionKind::parse("bifall"), Some(DecisionKind::Bifall));
        assert_eq!(DecisionKind::parse("AVSLAG"), Some(DecisionKind::Avslag));
        assert_eq!(
            DecisionKind::parse(" Delavslag "),
            Some(DecisionKind::Delavslag)
        );
        assert_eq!(DecisionKind::parse("Avvisning"), None);
    }
}
