//! The use cases of Aktgranskning.
//!
//! Every operation a user can carry out (create an audit, import a population, draw and
//! verify a sample, …) is one function here. They take their dependencies explicitly, a
//! [`Store`] and a [`Context`] (who is acting, and a clock), never a Tauri handle, so
//! that the CLI, the desktop app and the tests run exactly the same code. Each write is
//! one transaction and leaves a history event.
//!
//! The types that cross to the web UI derive `ts_rs::TS`; `ui/src/lib/api/bindings.ts` is
//! generated from them (see [`bindings`]) and a test fails when it is stale.

pub mod about;
pub mod audits;
pub mod backup;
pub mod bindings;
pub mod calibration;
pub mod chapters;
pub mod context;
pub mod demo;
pub mod double;
pub mod error;
pub mod events;
pub mod factcheck;
pub mod feedback;
pub mod files;
pub mod finalize;
pub mod findings;
pub mod followup;
pub mod gallring;
pub mod guard;
pub mod keys;
mod lookup;
pub mod notes;
pub mod overview;
pub mod population;
pub mod recommendations;
pub mod report;
pub mod review;
pub mod sampling;
pub mod settings;
pub mod templates;
pub mod trend;
pub mod verify;
pub mod work;

pub use aktgranskning_store::Store;
pub use context::{Clock, Context, FixedClock, SystemClock};
pub use error::{ErrorCode, ErrorDetail, ServiceError};
pub use population::import_rows;

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;
