//! SQLite persistence of Aktgranskning.
//!
//! A database file is opened in exactly one function, [`Store::open`], and always
//! encrypted: SQLCipher (AES-256 in CBC mode per page, an HMAC-SHA512 per page, so a
//! changed byte is found) with a [`DbKey`]. A plaintext database of an earlier version is
//! encrypted there on first open ([`Store::encrypted_on_open`]). Every connection runs with WAL,
//! `synchronous = FULL` (a committed answer survives a power cut, not only a crash),
//! foreign keys on and a busy timeout, and is migrated to the latest schema on open.
//!
//! Each table has its module with plain functions over a [`rusqlite::Connection`]; they
//! hold no business rules. Writes that belong together go through [`Store::write`], one
//! transaction each, so an operation is stored whole or not at all.

pub mod answers;
pub mod audits;
pub mod chapters;
pub mod double;
pub mod factcheck;
pub mod findings;
pub mod followups;
pub mod gallring;
pub mod grades;
pub mod history;
mod migrate;
pub mod notes;
pub mod population;
pub mod recommendations;
pub mod report_versions;
pub mod samples;
pub mod settings;
pub mod templates;
pub mod trend_summaries;
pub mod work;

mod cipher;

use std::path::{Path, PathBuf};

pub use cipher::{DbKey, is_plaintext};
pub use rusqlite::{Connection, Transaction};

/// A store error. The messages are for developers and logs; they never hold personal
/// data. The service layer turns them into Swedish messages for the user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database has schema version {found}, newer than this program knows ({known})")]
    TooNew { found: i64, known: i64 },
    #[error("cannot write the encrypted copy of the database in {path}: {source}")]
    WriteCopy {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the file is not an Aktgranskning database")]
    Foreign,
    #[error("the key does not open the file (a wrong key, or not an encrypted database)")]
    WrongKey,
    #[error("the file is an unencrypted database, which is no longer accepted here")]
    Plaintext,
    #[error("an in-memory database has no file to copy")]
    InMemory,
    #[error("corrupt stored value in {0}")]
    Corrupt(&'static str),
}

impl StoreError {
    /// True when another connection holds the database locked past the busy timeout.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Sqlite(e)
            if matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// `application_id` written into every Aktgranskning database ("AKTG").
pub(crate) const APPLICATION_ID: i64 = 0x414B_5447;

/// The environment variable that overrides the default database path.
pub const DB_ENV: &str = "AKTGRANSKNING_DB";

/// The default database: `$AKTGRANSKNING_DB` if set, else `aktgranskning.sqlite3` in the
/// platform's data directory (`~/.local/share/aktgranskning` on Linux).
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("se", "Aktgranskning", "Aktgranskning")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
        .join("aktgranskning.sqlite3")
}

/// An open, migrated database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The key the file is encrypted with (`None` in memory).
    key: Option<DbKey>,
    /// The file was an unencrypted database of an earlier version and was encrypted when
    /// this store opened it.
    encrypted_on_open: bool,
}

/// The operating-system account running this process (`okänt` if it cannot be read).
pub fn os_account() -> String {
    whoami::username()
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "okänt".to_string())
}

/// Creates the folder a new database goes in readable by its owner alone (0700 on Unix)
/// and the database file itself likewise (0600) before SQLite opens it, so the `-wal`
/// and `-shm` files SQLite creates beside it get the same mode. An existing database is
/// made 0600 when opened; a folder that already exists (a user's own choice, or a shared
/// one like /tmp) is left as it is.
fn prepare_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        create_private_dir(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    #[cfg(unix)]
    if !path.exists() {
        use std::os::unix::fs::OpenOptionsExt;
        // Created empty with the owner's permissions only; SQLite writes it.
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
    }
    Ok(())
}

/// Creates a folder (and its parents) readable by its owner alone (0700 on Unix), as the
/// database's folder and the backups' are.
#[cfg(unix)]
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// The suffixes of a database file and of the files SQLite keeps beside it.
pub const COMPANION_SUFFIXES: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// The database and the files SQLite keeps beside it: owner only (Unix).
fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in COMPANION_SUFFIXES {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            if let Ok(meta) = std::fs::metadata(&p)
                && meta.permissions().mode() & 0o077 != 0
            {
                let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Whether the database holds any table (a new, empty file holds none).
pub(crate) fn has_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .map_err(cipher::unreadable)?;
    Ok(n > 0)
}

impl Store {
    /// Opens (creating if needed) the encrypted database at `path` with `key`. A plaintext
    /// Aktgranskning database (made before encryption) is encrypted first, in a copy that
    /// is checked before it replaces the original ([`cipher::encrypt_in_place`]); a file
    /// the key does not open is refused ([`StoreError::WrongKey`]), as is a plaintext
    /// database of another program ([`StoreError::Foreign`]). The only place a database
    /// file is opened for use.
    pub fn open(path: &Path, key: &DbKey) -> Result<Store> {
        prepare_file(path)?;
        let encrypted_on_open = cipher::encrypt_if_plaintext(path, key)?;
        let conn = cipher::open_keyed(path, key, rusqlite::OpenFlags::default())?;
        let mut store = Self::setup(conn)?;
        restrict_permissions(path);
        store.path = Some(path.to_path_buf());
        store.key = Some(key.clone());
        store.encrypted_on_open = encrypted_on_open;
        Ok(store)
    }

    /// An in-memory database (tests, previews): nothing is written anywhere, so nothing is
    /// encrypted.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?)
    }

    /// Whether the file was an unencrypted database that this open encrypted.
    pub fn encrypted_on_open(&self) -> bool {
        self.encrypted_on_open
    }

    /// The pragmas, the mark check, the migrations and the session's OS account.
    fn setup(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(cipher::unreadable)?;
        if app_id != 0 && app_id != APPLICATION_ID {
            return Err(StoreError::Foreign);
        }
        if app_id == 0 && has_tables(&conn)? {
            // Another program's database: never migrated into ours.
            return Err(StoreError::Foreign);
        }
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -32768;",
        )?;
        migrate::migrate(&mut conn, APPLICATION_ID)?;
        // The account every history event of this connection is recorded with.
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS aktg_session (os_account TEXT NOT NULL);
             DELETE FROM temp.aktg_session;",
        )?;
        conn.execute(
            "INSERT INTO temp.aktg_session (os_account) VALUES (?1)",
            [os_account()],
        )?;
        Ok(Store {
            conn,
            path: None,
            key: None,
            encrypted_on_open: false,
        })
    }

    /// Read access.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The key of a database file; an in-memory database has none and no copies.
    fn file_key(&self) -> Result<&DbKey> {
        self.key.as_ref().ok_or(StoreError::InMemory)
    }

    /// Copies the whole database into a new file at `dest` (owner-only, encrypted with the
    /// database's own key), as one consistent snapshot even while other programs write
    /// (SQLite's online backup in a single step: one read transaction, which in WAL mode
    /// blocks no writer).
    pub fn backup_into(&self, dest: &Path) -> Result<()> {
        let key = self.file_key()?;
        prepare_file(dest)?;
        let mut dst = cipher::open_keyed(dest, key, rusqlite::OpenFlags::default())?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
            backup.step(-1)?;
        }
        // A backup is one self-contained file, not a WAL database.
        dst.execute_batch("PRAGMA journal_mode = DELETE;")?;
        drop(dst);
        restrict_permissions(dest);
        Ok(())
    }

    /// Checks that `path` is an intact Aktgranskning database this program can open with
    /// this database's key: SQLCipher's integrity check (every page's HMAC), our
    /// `application_id`, and a schema no newer than ours. Opens it read-only; changes
    /// nothing. An unencrypted file is refused ([`StoreError::Plaintext`]).
    pub fn check_backup(&self, path: &Path) -> Result<()> {
        if cipher::is_plaintext(path) {
            return Err(StoreError::Plaintext);
        }
        let conn = cipher::open_keyed(
            path,
            self.file_key()?,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(cipher::unreadable)?;
        if app_id != APPLICATION_ID {
            return Err(StoreError::Foreign);
        }
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|_| StoreError::Corrupt("the backup file (integrity check)"))?;
        if ok != "ok" {
            return Err(StoreError::Corrupt("the backup file (integrity check)"));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let known = migrate::known_version();
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        Ok(())
    }

    /// Encrypts an unencrypted copy of an Aktgranskning database (a backup made before
    /// encryption) with this database's key, in place; `false` when it was not plaintext.
    pub fn encrypt_copy(&self, path: &Path) -> Result<bool> {
        cipher::encrypt_if_plaintext(path, self.file_key()?)
    }

    /// Replaces this database's content with a checked backup's ([`Store::check_backup`]),
    /// in one step through SQLite's online backup (the file stays in place, so other
    /// connections see the restored content), then migrates it if it is older.
    pub fn restore_from(&mut self, src: &Path) -> Result<()> {
        self.check_backup(src)?;
        let from = cipher::open_keyed(
            src,
            self.file_key()?,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        {
            let backup = rusqlite::backup::Backup::new(&from, &mut self.conn)?;
            let mut tries = 0;
            loop {
                match backup.step(-1)? {
                    rusqlite::backup::StepResult::Done => break,
                    _ if tries < 50 => {
                        tries += 1;
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                    _ => return Err(cipher::busy()),
                }
            }
        }
        migrate::migrate(&mut self.conn, APPLICATION_ID)?;
        Ok(())
    }

    /// The database file, or `None` for an in-memory database.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one transaction, committed when it returns `Ok`, rolled back otherwise.
    ///
    /// The transaction starts as `BEGIN IMMEDIATE`: it takes the write lock at once, so
    /// that a writer that has to wait for another waits in the busy handler (up to the
    /// busy timeout) instead of failing with "database is locked" when a read
    /// transaction could not be upgraded to a write.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
