//! Integration tests of the `aktgranskning` binary, run as a user would run it, on
//! generated files. One test binary (not one per file) so the workspace links the service,
//! the PDF writer and their dependencies once for these tests instead of five times.

mod backup;
mod corpus;
mod double;
mod exports;
mod factcheck;
mod finalize;
mod gallring;
mod import_and_sampling;
mod keyring;
mod notes;
mod nothing_lost;
mod output;
mod overview;
mod recommendations;
mod report;
mod review;
mod tamper;
mod trend;
mod util;
mod work;
