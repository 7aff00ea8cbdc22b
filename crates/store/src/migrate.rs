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
    include_str!("../migrations/0019_work_packages.sql"),
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

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;
    use sha2::{Digest, Sha256};

    /// Every released migration, pinned by its SHA-256: a released migration is never
    /// edited (a database that ran it would differ from a new one), so a change here is
    /// deliberate — add the next migration with its hash, never change a line above.
    const RELEASED: &[(&str, &str)] = &[
        (
            "0001_foundation.sql",
            "ba5ee818da284b30a8a145ebe1c071d3dfc3c408ff38f368a1f5579134817820",
        ),
        (
            "0002_checklist.sql",
            "a205994292bdf85fe36ff679f9dc9622953b10ca995e615b4fbecab9b67c012a",
        ),
        (
            "0003_report.sql",
            "89e0158d7d1c3eaf9c5c2c7fa293ed7c52eba240456833eb6c9d1dd7028c6232",
        ),
        (
            "0004_settings.sql",
            "ec28ebd54a39fc112da77a781d3e2905c5c63502bc550486be1707a00996cd27",
        ),
        (
            "0005_finalisation.sql",
            "54e7f9fefb6c2a94a9f1aed34f6666f0686a32bb491d7d9520a6668d748b6a65",
        ),
        (
            "0006_factcheck.sql",
            "87488f61aa2b323e4ffcf6a1dfc7f3b4c12c1057e8c01ad7d4a5441f876aef71",
        ),
        (
            "0007_os_account.sql",
            "2acfefac578c8929552a7bcbfb7e83f550609c2215c8c9dfb632ee061abac9ef",
        ),
        (
            "0008_history_chain.sql",
            "3318f99ed2247c7c74b8b96e213c6e5c6be81e8e026830b2f5596c2c1c69843d",
        ),
        (
            "0009_gallring.sql",
            "c2e975e51b5efb075cf767c723a09b588679f35051578e8965806989a776a6b7",
        ),
        (
            "0010_recommendations.sql",
            "cfb22c6904a4c5ad635fdd37eb81d7e479f64c982c6425927433aa56840a9f07",
        ),
        (
            "0011_follow_up.sql",
            "12674b829b1df3d0f9b4ecb782f9658742207c3fbdaed5a87d7ef59aa23aa1f4",
        ),
        (
            "0012_followups.sql",
            "e0c3d01ea357b31cc487c66d9a6fc9a93a00d2b0529e53192830b27e634aa5fc",
        ),
        (
            "0013_trend_summary.sql",
            "4b3dff33561401b5de13dac1e583de1596904b795d5eeafaa68df63f577cac1a",
        ),
        (
            "0014_double_review.sql",
            "932e2583e11a40dc6639c3d2a9502b6040c5672c18fc5ad2541165fe60a9656b",
        ),
        (
            "0015_calibration.sql",
            "e06b44caa5f6dbcda3d8243efdb12064cf4d7f956d1d56a30a5a1018628fc714",
        ),
        (
            "0016_notes.sql",
            "d52784086e09fd7668a78532b2b32d6fa46f2259bb8086e8027670a8799159a3",
        ),
        (
            "0017_planning.sql",
            "b61d34f4bf153f318daf7ae262d6328213411c58443946f75b8b6db2552696d1",
        ),
        (
            "0018_factcheck_close.sql",
            "547524f1e7ade6ab74964835cea8eb1bfef8846ec62ae28d10f9db3cdd6cfc7e",
        ),
        (
            "0019_work_packages.sql",
            "fc5bbe9cc95a300eada0b56b3ea51ecd1d86f84cbb0bce573dd96aee4ec55664",
        ),
    ];

    #[test]
    fn released_migrations_are_never_edited() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        on_disk.sort();
        let pinned: Vec<&str> = RELEASED.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            on_disk, pinned,
            "every migration file is pinned here, in order"
        );
        assert_eq!(MIGRATIONS.len(), RELEASED.len(), "and every one is applied");
        for ((name, want), sql) in RELEASED.iter().zip(MIGRATIONS) {
            let got = aktgranskning_core::sampling::hex(&Sha256::digest(sql.as_bytes()));
            assert_eq!(&got, want, "{name} was edited after its release");
        }
    }
}
