//! Domain core of Aktgranskning.
//!
//! This crate holds the rules that the rest of the product must agree on: how a
//! personnummer is validated and aged, how a lagrum is normalised, what a population row
//! is, and how a verifiable stratified random sample is drawn. It is pure: it performs
//! no I/O, knows nothing about SQLite or Tauri, and every function is deterministic given
//! its inputs (the sampling seed included), which is what makes it testable and what makes
//! a sample re-derivable by a third party.

pub mod agreement;
pub mod casefields;
pub mod checklist;
pub mod personnummer;
pub mod population;
pub mod privacy;
pub mod results;
pub mod sampling;
pub mod stats;
pub mod text;

pub use casefields::{DecisionKind, Lagrum};
pub use personnummer::{Personnummer, PersonnummerError};
pub use population::PopulationRow;
