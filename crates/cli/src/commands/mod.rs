//! The commands, one module per group: each parses nothing (clap did), opens the store,
//! calls the service and hands the result to `crate::output` to print.

pub(crate) mod audit;
pub(crate) mod double;
pub(crate) mod factcheck;
pub(crate) mod followup;
pub(crate) mod keys;
pub(crate) mod notes;
pub(crate) mod population;
pub(crate) mod report;
pub(crate) mod review;
pub(crate) mod work;

use crate::args::Cli;
use aktgranskning_core::checklist::Grade;
use aktgranskning_service::{ServiceError, Store, keys as key_store};

pub(crate) fn db_path(cli: &Cli) -> std::path::PathBuf {
    cli.db
        .clone()
        .unwrap_or_else(aktgranskning_store::default_db_path)
}

/// Opens the database with its key (the passphrase in the environment, else the
/// keyring's), and says on stderr what the user must know: a key made now (and how to
/// see its recovery code), a database encrypted now.
pub(crate) fn open_store(cli: &Cli) -> Result<Store, ServiceError> {
    let opened = key_store::open_configured(&db_path(cli))?;
    if opened.new_key.is_some() {
        eprintln!(
            "En ny databasnyckel har skapats och sparats i nyckelringen. Ta fram \
             återställningskoden med `aktgranskning key recovery-code` och förvara den säkert: \
             utan den kan databasen och dess säkerhetskopior inte öppnas på en annan dator."
        );
    }
    if opened.encrypted_now {
        eprintln!(
            "{}",
            key_store::encrypted_now_message(opened.encrypted_backups)
        );
    }
    Ok(opened.store)
}

pub(crate) fn parse_grade(g: &str) -> Result<Grade, ServiceError> {
    Grade::parse(g).ok_or_else(|| {
        ServiceError::invalid_field("--grade", "Ogiltigt betyg: ange gron, gul eller rod")
    })
}

/// A spreadsheet export is written as XLSX only; the file name says so.
pub(crate) fn require_xlsx(path: &std::path::Path) -> Result<(), ServiceError> {
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        Ok(())
    } else {
        Err(ServiceError::invalid_field(
            "--out",
            format!(
                "Filen {} är inget kalkylblad: ange ett filnamn som slutar på .xlsx",
                path.display()
            ),
        ))
    }
}
