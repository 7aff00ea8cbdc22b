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
    create_private_dir(&folder).map_err(|e| {
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
