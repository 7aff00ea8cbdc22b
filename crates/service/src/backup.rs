//! Backups of the whole database: made consistently while the app writes, checked before
//! a restore (intact, ours, not from a newer program), and the database a restore
//! replaces is kept as a backup first. Backups live in `säkerhetskopior/` beside the
//! database (owner-only, like the database) unless the user names a file.

use crate::{Context, Result, ServiceError, Store, files};
use aktgranskning_store::{StoreError, create_private_dir};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// A backup made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupInfo {
    pub path: String,
    pub sha256: String,
}

/// The folder backups go in by default: `säkerhetskopior/` beside the database.
pub fn default_folder(store: &Store) -> Result<PathBuf> {
    let db = store.path().ok_or_else(|| {
        ServiceError::refused("Databasen finns bara i minnet och kan inte säkerhetskopieras.")
    })?;
    Ok(db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("säkerhetskopior"))
}

/// Makes a backup: to `out`, or to a new file named by the time in the default folder.
/// The file is written beside its final name and renamed into place when whole.
pub fn create(store: &Store, ctx: &Context, out: Option<&Path>) -> Result<BackupInfo> {
    let target = match out {
        Some(p) => p.to_path_buf(),
        None => default_folder(store)?.join(format!(
            "aktgranskning-{}.sqlite3",
            ctx.clock.now().format("%Y%m%d-%H%M%S")
        )),
    };
    files::check_output(&target, store.path())?;
    let failed = |e: std::io::Error| {
        ServiceError::invalid(format!(
            "Säkerhetskopian {} kunde inte skrivas: {}",
            target.display(),
            files::io_reason(&e)
        ))
    };
    if out.is_none() {
        create_private_dir(&files::folder_of(&target)).map_err(failed)?;
    }
    // SQLite takes the new, empty file as an empty database and copies into it; it stays
    // the exclusively created file until it is whole and renamed into place.
    let tmp = files::temp_beside(&target)
        .map_err(failed)?
        .into_temp_path();
    store.backup_into(&tmp)?;
    // Hashed as it is read, not held in memory whole (a database can be large).
    let mut sha = Sha256::new();
    let mut file = std::fs::File::open(&tmp).map_err(failed)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = std::io::Read::read(&mut file, &mut buf).map_err(failed)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
    }
    files::put_in_place(tmp, &target).map_err(failed)?;
    Ok(BackupInfo {
        path: target.display().to_string(),
        sha256: aktgranskning_core::sampling::hex(&sha.finalize()),
    })
}

/// Restores the database from a backup file: the file is checked first (refused, with
/// nothing changed, when it is damaged, another program's, or from a newer version);
/// the database it replaces is saved as a backup; then the content is replaced in place.
/// Returns the backup of the replaced database.
pub fn restore(store: &mut Store, ctx: &Context, file: &Path) -> Result<BackupInfo> {
    store.check_backup(file).map_err(|e| {
        ServiceError::refused(format!(
            "Säkerhetskopian {} kan inte återställas: {}. Ingenting har ändrats.",
            file.display(),
            match e {
                StoreError::Foreign => "filen är ingen Aktgranskning-databas",
                StoreError::TooNew { .. } => "den kommer från en nyare version av Aktgranskning",
                StoreError::Corrupt(_) => "filen är skadad",
                StoreError::WrongKey => {
                    "den är krypterad med en annan nyckel än databasens (eller är ingen \
                     Aktgranskning-databas)"
                }
                StoreError::Plaintext => "den är okrypterad",
                _ => "filen kunde inte läsas",
            }
        ))
    })?;
    if let Some(db) = store.path()
        && std::fs::canonicalize(db).ok() == std::fs::canonicalize(file).ok()
    {
        return Err(ServiceError::refused(
            "Filen är den öppna databasen själv, inte en säkerhetskopia. Ingenting har ändrats.",
        ));
    }
    let folder = default_folder(store)?;
    make_folder(&folder)?;
    let name = format!(
        "före-återställning-{}.sqlite3",
        ctx.clock.now().format("%Y%m%d-%H%M%S")
    );
    let kept = create(store, ctx, Some(&folder.join(name)))?;
    store.restore_from(file)?;
    Ok(kept)
}

/// Encrypts the unencrypted backups (made before the database was encrypted) in the
/// default folder with the database's key, so that no plaintext copy stays behind; a file
/// that is not an Aktgranskning database is left alone. Returns how many were encrypted.
pub fn encrypt_plaintext_backups(store: &Store) -> usize {
    let Ok(folder) = default_folder(store) else {
        return 0;
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite3"))
        .filter(|p| store.encrypt_copy(p).unwrap_or(false))
        .count()
}

/// Creates the backup folder (owner-only) if it is missing.
fn make_folder(folder: &Path) -> Result<()> {
    create_private_dir(folder).map_err(|e| {
        ServiceError::invalid(format!(
            "Mappen {} kunde inte skapas: {}",
            folder.display(),
            files::io_reason(&e)
        ))
    })
}

/// How many automatic daily backups are kept; older ones are removed.
pub const DAILY_KEPT: usize = 7;

/// The file name of the automatic backup of a day.
fn daily_name(day: chrono::NaiveDate) -> String {
    format!("automatisk-{}.sqlite3", day.format("%Y-%m-%d"))
}

/// Whether a file name is an automatic daily backup's (so pruning never removes a backup
/// the user made, or one kept before a restore).
fn is_daily(name: &str) -> bool {
    name.strip_prefix("automatisk-")
        .and_then(|n| n.strip_suffix(".sqlite3"))
        .is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok())
}

/// A backup in the backup folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupEntry {
    pub name: String,
    pub path: String,
    /// When the file was written (UTC, RFC 3339).
    pub modified: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Made automatically on the first start of a day (kept: the last seven).
    pub automatic: bool,
}

/// The backups in the default folder, newest first.
pub fn list(store: &Store) -> Result<Vec<BackupEntry>> {
    let folder = default_folder(store)?;
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(Vec::new());
    };
    let mut list: Vec<(std::time::SystemTime, BackupEntry)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".sqlite3") || name.starts_with('.') {
                return None;
            }
            let meta = e.metadata().ok()?;
            let time = meta.modified().ok()?;
            Some((
                time,
                BackupEntry {
                    automatic: is_daily(&name),
                    path: e.path().display().to_string(),
                    modified: chrono::DateTime::<chrono::Utc>::from(time)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    bytes: meta.len(),
                    name,
                },
            ))
        })
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.name.cmp(&a.1.name)));
    Ok(list.into_iter().map(|(_, e)| e).collect())
}

/// The automatic backup of the day: made when the day has none yet (the app calls this
/// when it opens the database), then the automatic backups beyond the newest
/// [`DAILY_KEPT`] are removed. Backups the user made are never removed. Returns the
/// backup made, if one was.
pub fn daily(store: &Store, ctx: &Context) -> Result<Option<BackupInfo>> {
    let folder = default_folder(store)?;
    let today = ctx.clock.now().with_timezone(&chrono::Local).date_naive();
    let target = folder.join(daily_name(today));
    if target.exists() {
        return Ok(None);
    }
    make_folder(&folder)?;
    let made = create(store, ctx, Some(&target))?;
    let mut dailies: Vec<String> = std::fs::read_dir(&folder)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| is_daily(n))
                .collect()
        })
        .unwrap_or_default();
    // The names sort by date.
    dailies.sort_unstable_by(|a, b| b.cmp(a));
    for old in dailies.iter().skip(DAILY_KEPT) {
        let _ = std::fs::remove_file(folder.join(old));
    }
    Ok(Some(made))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FixedClock;

    fn store_in(dir: &Path) -> Store {
        let key = aktgranskning_store::DbKey::Raw(zeroize::Zeroizing::new([5u8; 32]));
        Store::open(&dir.join("a.sqlite3"), &key).unwrap()
    }

    fn ctx_on(day: u32) -> Context {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc();
        Context {
            user: "kc".into(),
            clock: Box::new(FixedClock(t)),
        }
    }

    #[test]
    fn one_automatic_backup_a_day_and_the_last_seven_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        // A backup the user made is never pruned.
        create(&store, &ctx_on(1), None).unwrap();
        for day in 1..=10 {
            assert!(daily(&store, &ctx_on(day)).unwrap().is_some(), "day {day}");
            assert!(daily(&store, &ctx_on(day)).unwrap().is_none(), "once a day");
        }
        let listed = list(&store).unwrap();
        let auto: Vec<&str> = listed
            .iter()
            .filter(|b| b.automatic)
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(auto.len(), DAILY_KEPT);
        assert!(auto.contains(&"automatisk-2026-11-10.sqlite3"));
        assert!(!auto.contains(&"automatisk-2026-11-03.sqlite3"));
        assert_eq!(listed.iter().filter(|b| !b.automatic).count(), 1);
        // Each is a checked, restorable backup.
        for b in &listed {
            store.check_backup(Path::new(&b.path)).unwrap();
        }
    }
}
