//! Embedded, append-only schema migrations, tracked by SQLite's `user_version`.
//!
//! Each migration runs in its own transaction together with the bump of
//! `user_version`, so a crash mid-migration leaves the previous version intact. A
//! database from a newer program (higher version than we know) is refused rather than
//! guessed at.

use crate::{Result, StoreError};
use rusqlite::Connection;

/// The migrations, in order. Append only: never edit or reorder a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_foundation.sql"),
    include_str!("../migrations/0002_checklist.sql"),
    include_str!("../migrations/0003_report.sql"),
    include_str!("../migrations/0004_settings.sql"),
    include_str!("../migrations/0005_finalisation.sql"),
    include_str!("../migrations/0006_factcheck.sql"),
];

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(StoreError::TooNew {
            found: current,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// The schema version this program migrates to.
#[cfg(test)]
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
