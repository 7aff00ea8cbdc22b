//! The population: the open cases (aktuella ärenden) of the audited unit at the reference
//! date, one row per case, as imported from the case system.

use crate::checklist::CaseFacts;
use crate::sampling::{Dimension, Strata, Unit};
use crate::{DecisionKind, Lagrum, Personnummer};
use chrono::NaiveDate;

/// One open case of the population, validated and normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationRow {
    /// The case id (ärende-id), unique within the population.
    pub case_id: String,
    pub personnummer: Personnummer,
    pub lagrum: Lagrum,
    /// The granted service (insats), free text.
    pub insats: Option<String>,
    /// The case officer (handläggare), used as a stratum.
    pub handlaggare: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub decision_kind: Option<DecisionKind>,
    /// The line (CSV) or row (spreadsheet) the case came from, for messages.
    pub source_line: u64,
}

impl PopulationRow {
    /// Age in whole years on the audit's reference date.
    pub fn age_on(&self, reference: NaiveDate) -> u32 {
        self.personnummer.age_on(reference)
    }

    /// True when the person is a child (under 18) on the reference date; the
    /// barnperspektiv items apply to them automatically.
    pub fn is_child_on(&self, reference: NaiveDate) -> bool {
        self.age_on(reference) < 18
    }

    /// What decides which checklist items apply to this case.
    pub fn case_facts(&self, reference: NaiveDate) -> CaseFacts {
        CaseFacts {
            is_child: self.is_child_on(reference),
            lagrum: self.lagrum,
            decision_kind: self.decision_kind,
        }
    }
}

impl PopulationRow {
    /// This case's value for one stratification dimension.
    pub fn dimension_value(&self, d: Dimension) -> Option<&str> {
        match d {
            Dimension::Lagrum => Some(self.lagrum.as_str()),
            Dimension::Handlaggare => self.handlaggare.as_deref(),
            Dimension::Insats => self.insats.as_deref(),
            Dimension::Beslutstyp => self.decision_kind.map(DecisionKind::as_str),
        }
    }

    /// The sampling unit of this case under the given stratification.
    pub fn sampling_unit(&self, strata: &Strata) -> Unit {
        let values: Vec<Option<&str>> = strata.0.iter().map(|d| self.dimension_value(*d)).collect();
        Unit {
            case_id: self.case_id.clone(),
            stratum: strata.key(&values),
        }
    }
}
