//! Embedded, append-only schema migrations, tracked by SQLite's `user_version`.
//!
//! Each migration runs in its own transaction together with the bump of
//! `user_version`, so a crash mid-migration leaves the previous version intact. A
//! database from a newer program (higher version than we know) is refused rather than
//! guessed at.

use crate::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// The migrations, in order. Append only: never edit or reorder a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_foundation.sql"),
    include_str!("../migrations/0002_checklist.sql"),
    include_str!("../migrations/0003_report.sql"),
    include_str!("../migrations/0004_settings.sql"),
    include_str!("../migrations/0005_finalisation.sql"),
    include_str!("../migrations/0006_factcheck.sql"),
    include_str!("../migrations/0007_os_account.sql"),
    include_str!("../migrations/0008_history_chain.sql"),
    include_str!("../migrations/0009_gallring.sql"),
    include_str!("../migrations/0010_recommendations.sql"),
    include_str!("../migrations/0011_follow_up.sql"),
    include_str!("../migrations/0012_followups.sql"),
    include_str!("../migrations/0013_trend_summary.sql"),
    include_str!("../migrations/0014_double_review.sql"),
    include_str!("../migrations/0015_calibration.sql"),
    include_str!("../migrations/0016_notes.sql"),
    include_str!("../migrations/0017_planning.sql"),
    include_str!("../migrations/0018_factcheck_close.sql"),
];

/// Migrates to the latest version and marks the file with `application_id` in the same
/// transaction as the first migration, so a file with our tables always carries our mark.
/// Each step takes the write lock first (`BEGIN IMMEDIATE`) and reads the version under
/// it, so two programs opening a new database at once do not both migrate it.
/// The migration that adds the history chain also links every earlier event into it, in
/// the same transaction, so no database is ever left with unlinked events of its own.
pub fn migrate(conn: &mut Connection, application_id: i64) -> Result<()> {
    let known = MIGRATIONS.len() as i64;
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == known {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > known {
            return Err(StoreError::TooNew {
                found: current,
                known,
            });
        }
        if current == known {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[current as usize])?;
        if current + 1 == CHAIN_VERSION {
            crate::history::chain_unlinked(&tx)?;
        }
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.pragma_update(None, "application_id", application_id)?;
        tx.commit()?;
    }
}

/// The version that introduced the history chain: events written before it are chained
/// by that migration.
const CHAIN_VERSION: i64 = 8;

/// The newest schema version this program knows.
pub fn known_version() -> i64 {
    MIGRATIONS.len() as i64
}
