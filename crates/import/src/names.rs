//! The population's fields and the header names that mean them (`docs/domain.md`): the
//! vocabulary both the table reader (choosing a CSV delimiter) and the column mapping in
//! `headers` recognise, below both so that neither depends on the other.

use serde::Serialize;

/// A population field the importer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    CaseId,
    Personnummer,
    Lagrum,
    Insats,
    Handlaggare,
    DecisionDate,
    DecisionKind,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::CaseId,
        Field::Personnummer,
        Field::Lagrum,
        Field::Insats,
        Field::Handlaggare,
        Field::DecisionDate,
        Field::DecisionKind,
    ];

    /// The canonical Swedish header.
    pub fn header(self) -> &'static str {
        self.aliases()[0]
    }

    /// Accepted headers, canonical first, lowercase.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::CaseId => &[
                "Ärende-id",
                "Ärendenummer",
                "Ärende",
                "Aktnummer",
                "Case id",
            ],
            Field::Personnummer => &["Personnummer", "Personnr", "Pnr", "Samordningsnummer"],
            Field::Lagrum => &["Lagrum", "Lag"],
            Field::Insats => &["Insats"],
            Field::Handlaggare => &["Handläggare"],
            Field::DecisionDate => &["Beslutsdatum"],
            Field::DecisionKind => &["Beslutstyp"],
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Field::CaseId | Field::Personnummer | Field::Lagrum)
    }

    /// The field's stable name: `case_id`, `personnummer`, `lagrum`, `insats`,
    /// `handlaggare`, `decision_date`, `decision_kind`.
    pub fn name(self) -> &'static str {
        match self {
            Field::CaseId => "case_id",
            Field::Personnummer => "personnummer",
            Field::Lagrum => "lagrum",
            Field::Insats => "insats",
            Field::Handlaggare => "handlaggare",
            Field::DecisionDate => "decision_date",
            Field::DecisionKind => "decision_kind",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A header as compared: trimmed, without a trailing `:` or `*`, lowercase.
pub fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_end_matches([':', '*'])
        .trim()
        .to_lowercase()
}

/// The field a header names, with its rank in the alias list (0 = canonical).
pub fn field_of(header: &str) -> Option<(Field, usize)> {
    let h = normalise(header);
    Field::ALL.iter().find_map(|f| {
        f.aliases()
            .iter()
            .position(|a| a.to_lowercase() == h)
            .map(|rank| (*f, rank))
    })
}
