//! Backups of the whole database: made consistently while the app writes, checked before
//! a restore (intact, ours, not from a newer program), and the database a restore
//! replaces is kept as a backup first. Backups live in `säkerhetskopior/` beside the
//! database (owner-only, like the database) unless the user names a file.

use crate::{Context, Result, ServiceError, Store, files};
use aktgranskning_store::StoreError;
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
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let failed = |e: &dyn std::fmt::Display| {
        ServiceError::invalid(format!(
            "Säkerhetskopian {} kunde inte skrivas: {e}",
            target.display()
        ))
    };
    if out.is_none() {
        create_private_folder(&folder).map_err(|e| failed(&files::io_reason(&e)))?;
    }
    // A fresh name in the target folder, removed again if anything fails.
    let tmp = tempfile::Builder::new()
        .prefix(".aktgranskning-")
        .suffix(".tmp")
        .tempfile_in(&folder)
        .map_err(|e| failed(&files::io_reason(&e)))?
        .into_temp_path();
    std::fs::remove_file(&tmp).map_err(|e| failed(&files::io_reason(&e)))?;
    store.backup_into(&tmp)?;
    let bytes = std::fs::read(&tmp).map_err(|e| failed(&files::io_reason(&e)))?;
    tmp.persist(&target)
        .map_err(|e| failed(&files::io_reason(&e.error)))?;
    Ok(BackupInfo {
        path: target.display().to_string(),
        sha256: aktgranskning_core::sampling::hex(&Sha256::digest(&bytes)),
    })
}

#[cfg(unix)]
fn create_private_folder(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// Restores the database from a backup file: the file is checked first (refused, with
/// nothing changed, when it is damaged, another program's, or from a newer version);
/// the database it replaces is saved as a backup; then the content is replaced in place.
/// Returns the backup of the replaced database.
pub fn restore(store: &mut Store, ctx: &Context, file: &Path) -> Result<BackupInfo> {
    Store::check_backup(file).map_err(|e| {
        ServiceError::refused(format!(
            "Säkerhetskopian {} kan inte återställas: {}. Ingenting har ändrats.",
            file.display(),
            match e {
                StoreError::Foreign => "filen är ingen Aktgranskning-databas",
                StoreError::TooNew { .. } => "den kommer från en nyare version av Aktgranskning",
                StoreError::Corrupt(_) => "filen är skadad",
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
    create_private_folder(&folder).map_err(|e| {
        ServiceError::invalid(format!(
            "Mappen {} kunde inte skapas: {}",
            folder.display(),
            files::io_reason(&e)
        ))
    })?;
    let name = format!(
        "före-återställning-{}.sqlite3",
        ctx.clock.now().format("%Y%m%d-%H%M%S")
    );
    let kept = create(store, ctx, Some(&folder.join(name)))?;
    store.restore_from(file)?;
    Ok(kept)
}
