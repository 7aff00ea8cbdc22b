//! Encryption at rest with SQLCipher: the key, how a connection is keyed, and the one-time
//! encryption of a database written by an earlier, unencrypted version.
//!
//! SQLCipher encrypts every page of the database and of its WAL with AES-256 and
//! authenticates it with HMAC-SHA512, so the file shows nothing without the key and a
//! changed byte is refused. A [`DbKey::Raw`] key (random, from the OS keyring) is used as
//! it is; a [`DbKey::Passphrase`] goes through SQLCipher's own key derivation
//! (PBKDF2-HMAC-SHA512, 256,000 iterations, a random salt per file).

use crate::{Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::Path;
use zeroize::Zeroizing;

/// The key a database file is encrypted with. Its `Debug` shows the kind, never the key.
#[derive(Clone)]
pub enum DbKey {
    /// A random 256-bit key, given to SQLCipher as it is (no derivation).
    Raw(Zeroizing<[u8; 32]>),
    /// A passphrase, from which SQLCipher derives the key.
    Passphrase(Zeroizing<String>),
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbKey::Raw(_) => f.write_str("DbKey::Raw(…)"),
            DbKey::Passphrase(_) => f.write_str("DbKey::Passphrase(…)"),
        }
    }
}

impl DbKey {
    /// The value of `PRAGMA key` / `ATTACH … KEY`: `x'<64 hex digits>'` for a raw key
    /// (SQLCipher's form for a key used without derivation), the passphrase otherwise.
    fn sql_value(&self) -> Zeroizing<String> {
        match self {
            DbKey::Raw(k) => {
                let mut s = Zeroizing::new(String::with_capacity(67));
                s.push_str("x'");
                for b in k.iter() {
                    s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
                    s.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
                }
                s.push('\'');
                s
            }
            DbKey::Passphrase(p) => p.clone(),
        }
    }
}

/// The first 16 bytes of every unencrypted SQLite database.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` is an unencrypted SQLite database (its header in clear).
/// A missing or short file is not.
pub fn is_plaintext(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == SQLITE_HEADER
}

/// Opens `path` and keys the connection. SQLCipher's own logging to stderr is turned off:
/// the program reports errors itself, in Swedish.
pub(crate) fn open_keyed(path: &Path, key: &DbKey, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.pragma_update(None, "key", key.sql_value().as_str())?;
    Ok(conn)
}

/// SQLite's "not a database" after keying: the key does not open the file (or it is no
/// database at all; SQLCipher cannot tell the two apart, by design).
pub(crate) fn unreadable(e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::WrongKey,
        _ => StoreError::Sqlite(e),
    }
}

/// Encrypts an unencrypted Aktgranskning database at `path` with `key`, in place, and
/// returns whether it did (`false`: the file is not plaintext, nothing to do).
///
/// The content is exported into a new encrypted file beside it (`sqlcipher_export`, with
/// the schema version and the mark copied), which is checked (SQLCipher's integrity check
/// and the row count of every table against the original) and made durable before it
/// replaces the original by a rename. The original is first taken out of WAL mode (so no
/// `-wal`/`-shm` of it outlives it) and held write-locked by a second connection while the
/// copy is made, so no write can fall between the copy and the rename; a process that
/// tried the same at the same time finds the file encrypted when it gets the lock and
/// leaves it alone. Another program's plaintext database is refused, never encrypted.
pub fn encrypt_if_plaintext(path: &Path, key: &DbKey) -> Result<bool> {
    if !is_plaintext(path) {
        return Ok(false);
    }
    let plain = Connection::open(path)?;
    plain.busy_timeout(std::time::Duration::from_secs(5))?;
    let app_id: i64 = match plain.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(id) => id,
        // Replaced by an encrypted file between the look at its header and the open.
        Err(_) if !is_plaintext(path) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    if app_id != crate::APPLICATION_ID && (app_id != 0 || crate::has_tables(&plain)?) {
        return Err(StoreError::Foreign);
    }
    let mode: String = plain.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        // Another connection has it open in WAL mode: try again when it is closed.
        return Err(busy());
    }
    let lock = Connection::open(path)?;
    lock.busy_timeout(std::time::Duration::from_secs(5))?;
    lock.execute_batch("BEGIN IMMEDIATE")?;
    if !is_plaintext(path) {
        return Ok(false);
    }
    let ok: String = plain.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(StoreError::Corrupt(
            "the unencrypted database (integrity check)",
        ));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let copy_failed = |source| StoreError::WriteCopy {
        path: dir.to_path_buf(),
        source,
    };
    let tmp = tempfile::Builder::new()
        .prefix(".aktgranskning-krypteras-")
        .tempfile_in(dir)
        .map_err(copy_failed)?
        .into_temp_path();
    let version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    plain.execute(
        "ATTACH DATABASE ?1 AS krypterad KEY ?2",
        rusqlite::params![tmp.to_string_lossy(), key.sql_value().as_str()],
    )?;
    plain.query_row("SELECT sqlcipher_export('krypterad')", [], |_| Ok(()))?;
    plain.execute_batch(&format!(
        "PRAGMA krypterad.user_version = {version};
         PRAGMA krypterad.application_id = {};",
        crate::APPLICATION_ID
    ))?;
    plain.execute_batch("DETACH DATABASE krypterad")?;
    check_copy(&plain, &tmp, key)?;
    std::fs::File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(copy_failed)?;
    tmp.persist(path).map_err(|e| copy_failed(e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    drop(lock);
    drop(plain);
    Ok(true)
}

/// The encrypted copy holds what the original holds: intact, and the same number of rows
/// in every table.
fn check_copy(plain: &Connection, copy: &Path, key: &DbKey) -> Result<()> {
    let enc = open_keyed(copy, key, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let ok: String = enc
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(unreadable)?;
    if ok != "ok" {
        return Err(StoreError::Corrupt("the encrypted copy (integrity check)"));
    }
    let tables: Vec<String> = plain
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in tables {
        let sql = format!("SELECT count(*) FROM \"{}\"", t.replace('"', "\"\""));
        let a: i64 = plain.query_row(&sql, [], |r| r.get(0))?;
        let b: i64 = enc.query_row(&sql, [], |r| r.get(0))?;
        if a != b {
            return Err(StoreError::Corrupt("the encrypted copy (row counts)"));
        }
    }
    Ok(())
}

pub(crate) fn busy() -> StoreError {
    StoreError::Sqlite(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        None,
    ))
}
