//! The database key: where it comes from, how it is recovered, and opening the database
//! with it. `docs/encryption.md` describes the whole scheme for users and administrators.
//!
//! - **Keyring mode** (the default): a random 256-bit key, created the first time a
//!   database is created (or an unencrypted one encrypted) and kept in the OS keyring
//!   (Secret Service on Linux, Credential Manager on Windows, Keychain on macOS) under
//!   the service `Aktgranskning`, account `databasnyckel`: one key per OS account. It is
//!   never written to a file. Its **recovery code** (the key itself, in groups of base32
//!   characters with a checksum) is shown once when the key is made and can be shown
//!   again by a user who can read the keyring; with it the database and its backups open
//!   on another computer or after the keyring entry is lost.
//! - **Passphrase mode**: when `AKTGRANSKNING_PASSPHRASE` is set (servers, CI), or a
//!   passphrase is typed in the app where no keyring exists. SQLCipher derives the key
//!   (PBKDF2-HMAC-SHA512, 256,000 iterations); the passphrase is its own recovery.

use crate::{Result, ServiceError, Store};
use aktgranskning_store::{DbKey, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;
use ts_rs::TS;
use zeroize::Zeroizing;

/// Selects passphrase mode for headless use: the database is opened with this passphrase
/// and the keyring is not asked.
pub const PASSPHRASE_ENV: &str = "AKTGRANSKNING_PASSPHRASE";

/// The keyring entry's service and account names.
pub const KEYRING_SERVICE: &str = "Aktgranskning";
pub const KEYRING_ACCOUNT: &str = "databasnyckel";

/// A new database's passphrase has at least this many characters.
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Where the database key is kept.
pub trait Keyring {
    /// The stored key; `Ok(None)` when there is none; `Err` when no keyring can be
    /// reached (with the reason, for developers).
    fn get(&self) -> std::result::Result<Option<Zeroizing<[u8; 32]>>, String>;
    /// Stores the key, replacing any.
    fn set(&self, key: &[u8; 32]) -> std::result::Result<(), String>;
}

/// The operating system's keyring, through the `keyring` crate.
pub struct OsKeyring;

impl OsKeyring {
    fn entry() -> std::result::Result<keyring::Entry, String> {
        keyring::Entry::new(KEYRING_SERVICE, KEYRING_ACCOUNT).map_err(|e| e.to_string())
    }
}

impl Keyring for OsKeyring {
    fn get(&self) -> std::result::Result<Option<Zeroizing<[u8; 32]>>, String> {
        match Self::entry()?.get_password() {
            Ok(stored) => {
                let stored = Zeroizing::new(stored);
                parse_hex_key(&stored)
                    .map(Some)
                    .ok_or_else(|| "the keyring entry does not hold a key".to_string())
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, key: &[u8; 32]) -> std::result::Result<(), String> {
        let hex = Zeroizing::new(aktgranskning_core::sampling::hex(key));
        Self::entry()?.set_password(&hex).map_err(|e| e.to_string())
    }
}

fn parse_hex_key(s: &str) -> Option<Zeroizing<[u8; 32]>> {
    let bytes = Zeroizing::new(
        data_encoding::HEXLOWER_PERMISSIVE
            .decode(s.trim().as_bytes())
            .ok()?,
    );
    if bytes.len() != 32 {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&bytes);
    Some(key)
}

/// A new random key from the operating system's generator.
fn new_key() -> Result<Zeroizing<[u8; 32]>> {
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut key[..]).map_err(|_| {
        ServiceError::internal("Slumptal till en ny databasnyckel kunde inte tas fram.")
    })?;
    Ok(key)
}

/// The recovery code of a key: the 32 key bytes and 3 checksum bytes (the start of the
/// key's SHA-256) in RFC 4648 base32, 56 characters in 14 groups of four.
pub fn recovery_code(key: &[u8; 32]) -> String {
    let mut bytes = Zeroizing::new(Vec::with_capacity(35));
    bytes.extend_from_slice(key);
    bytes.extend_from_slice(&Sha256::digest(key)[..3]);
    let text = Zeroizing::new(data_encoding::BASE32_NOPAD.encode(&bytes));
    text.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("-")
}

/// Reads a recovery code as typed: spaces, dashes and letter case do not matter, and the
/// digits 0, 1 and 8 are read as the letters O, I and B they are easily taken for.
/// `None` when the text is not a recovery code (wrong length, characters or checksum).
pub fn parse_recovery_code(text: &str) -> Option<Zeroizing<[u8; 32]>> {
    let cleaned: Zeroizing<String> = Zeroizing::new(
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                '0' => 'O',
                '1' => 'I',
                '8' => 'B',
                c => c,
            })
            .collect(),
    );
    if cleaned.len() != 56 {
        return None;
    }
    let bytes = Zeroizing::new(
        data_encoding::BASE32_NOPAD
            .decode(cleaned.as_bytes())
            .ok()?,
    );
    if bytes.len() != 35 {
        return None;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&bytes[..32]);
    (Sha256::digest(&key[..])[..3] == bytes[32..]).then_some(key)
}

/// How the database was opened, for what the user is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    Keyring,
    Passphrase,
}

/// An open database and what happened while opening it.
pub struct Opened {
    pub store: Store,
    pub mode: KeyMode,
    /// A new key was made and stored in the keyring now: its recovery code must be shown
    /// to the user (once).
    pub new_key: Option<Zeroizing<[u8; 32]>>,
    /// The file was an unencrypted database and is encrypted now.
    pub encrypted_now: bool,
    /// Unencrypted backups beside it that were encrypted with it.
    pub encrypted_backups: usize,
}

/// What the user is told when an unencrypted database was encrypted on opening.
pub fn encrypted_now_message(backups: usize) -> String {
    let copies = match backups {
        0 => String::new(),
        1 => " En säkerhetskopia i säkerhetskopior/ krypterades också.".to_string(),
        n => format!(" {n} säkerhetskopior i säkerhetskopior/ krypterades också."),
    };
    format!(
        "Databasen var okrypterad (från en tidigare version) och är nu krypterad med \
         AES-256. Den okrypterade filen finns inte kvar.{copies}"
    )
}

/// The result of a successful open: encrypting the old backups too when the database was
/// encrypted now.
fn opened(store: Store, mode: KeyMode, new_key: Option<Zeroizing<[u8; 32]>>) -> Opened {
    let encrypted_now = store.encrypted_on_open();
    let encrypted_backups = if encrypted_now {
        crate::backup::encrypt_plaintext_backups(&store)
    } else {
        0
    };
    Opened {
        store,
        mode,
        new_key,
        encrypted_now,
        encrypted_backups,
    }
}

/// What the app knows about its database at start: open or not, and what the user must
/// be told (once) or asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DatabaseStatus {
    pub open: bool,
    #[ts(optional)]
    pub mode: Option<KeyMode>,
    /// Why it is not open: `locked` (the passphrase or recovery code is needed) or another
    /// failure.
    #[ts(optional)]
    pub error: Option<ServiceError>,
    /// Locked, and there is no database yet: the user chooses a passphrase.
    pub new_database: bool,
    /// The recovery code of a key made at this start, until the user has saved it.
    #[ts(optional)]
    pub recovery_code: Option<String>,
    /// Things to say once (the database was encrypted now, …).
    pub notices: Vec<String>,
}

impl DatabaseStatus {
    pub fn failed(error: ServiceError) -> DatabaseStatus {
        DatabaseStatus {
            open: false,
            mode: None,
            error: Some(error),
            new_database: false,
            recovery_code: None,
            notices: Vec::new(),
        }
    }
}

/// Whether `path` holds no database yet (missing or empty).
pub fn is_new(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.len() == 0)
        .unwrap_or(true)
}

/// The message when the key cannot be had without the user.
fn locked(message: impl Into<String>) -> ServiceError {
    ServiceError::locked(message)
}

/// The passphrase of passphrase mode, when `AKTGRANSKNING_PASSPHRASE` is set (and not
/// empty).
pub fn env_passphrase() -> Option<Zeroizing<String>> {
    std::env::var(PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
        .map(Zeroizing::new)
}

/// [`open`] as this machine is set up: the passphrase from the environment, else the
/// OS keyring. What the CLI and the app open their database with.
pub fn open_configured(path: &Path) -> Result<Opened> {
    let passphrase = env_passphrase();
    open(path, passphrase.as_deref().map(String::as_str), &OsKeyring)
}

/// Opens the database at `path` the way it is configured: with the passphrase when one
/// is given (`AKTGRANSKNING_PASSPHRASE`), else with the keyring's key, creating that key
/// when there is none and the database is new or still unencrypted. Fails with code
/// `locked` when the user must give a passphrase or a recovery code.
pub fn open(path: &Path, passphrase: Option<&str>, keyring: &dyn Keyring) -> Result<Opened> {
    if let Some(p) = passphrase {
        return open_with_passphrase(path, p);
    }
    let stored = keyring.get().map_err(|_| {
        locked(format!(
            "Ingen nyckelring kunde nås för databasnyckeln. Ange databasens lösenfras (i \
             programmet, eller i miljövariabeln {PASSPHRASE_ENV} för kommandoraden)."
        ))
    })?;
    match stored {
        Some(key) => open_raw(path, key, None),
        None if is_new(path) || aktgranskning_store::is_plaintext(path) => {
            let key = new_key()?;
            keyring.set(&key).map_err(|_| {
                locked(format!(
                    "Databasnyckeln kunde inte sparas i nyckelringen. Ange en lösenfras i \
                     stället (i programmet, eller i miljövariabeln {PASSPHRASE_ENV})."
                ))
            })?;
            open_raw(path, key.clone(), Some(key))
        }
        None => Err(locked(
            "Databasen är krypterad, men nyckelringen har ingen nyckel till den (en annan \
             dator, eller en borttagen nyckel). Ange återställningskoden eller lösenfrasen.",
        )),
    }
}

fn open_raw(
    path: &Path,
    key: Zeroizing<[u8; 32]>,
    new_key: Option<Zeroizing<[u8; 32]>>,
) -> Result<Opened> {
    let store = Store::open(path, &DbKey::Raw(key)).map_err(|e| match e {
        StoreError::WrongKey => locked(
            "Databasen kan inte öppnas med nyckeln i nyckelringen: den är krypterad med en \
             annan nyckel eller en lösenfras (eller är ingen Aktgranskning-databas). Ange \
             återställningskoden eller lösenfrasen.",
        ),
        e => e.into(),
    })?;
    Ok(opened(store, KeyMode::Keyring, new_key))
}

fn open_with_passphrase(path: &Path, passphrase: &str) -> Result<Opened> {
    if passphrase.is_empty() {
        return Err(locked("Lösenfrasen är tom."));
    }
    if is_new(path) && passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(ServiceError::invalid_field(
            "lösenfras",
            format!("En ny databas behöver en lösenfras på minst {MIN_PASSPHRASE_CHARS} tecken."),
        ));
    }
    let key = DbKey::Passphrase(Zeroizing::new(passphrase.to_string()));
    let store = Store::open(path, &key).map_err(|e| match e {
        StoreError::WrongKey => locked(
            "Lösenfrasen öppnar inte databasen: fel lösenfras, eller en databas som är \
             krypterad med en nyckel i nyckelringen (eller ingen Aktgranskning-databas).",
        ),
        e => e.into(),
    })?;
    Ok(opened(store, KeyMode::Passphrase, None))
}

/// Opens the database with what the user typed: a recovery code (then the key is put back
/// into the keyring, when one can be reached, so the next start needs nothing) or else a
/// passphrase.
pub fn unlock(path: &Path, secret: &str, keyring: &dyn Keyring) -> Result<Opened> {
    match parse_recovery_code(secret) {
        Some(key) => {
            let opened = open_with_code(path, &key)?;
            let _ = keyring.set(&key);
            Ok(opened)
        }
        None if looks_like_a_recovery_code(secret) => Err(ServiceError::invalid_field(
            "återställningskod",
            "Återställningskoden är inte rätt skriven (56 tecken A–Z och 2–7 i grupper om \
             fyra; kontrollsumman stämmer inte). Kontrollera den och försök igen.",
        )),
        None => open_with_passphrase(path, secret),
    }
}

/// Opens the database with a recovery code's key; a key that does not open it is said to
/// be another database's code.
fn open_with_code(path: &Path, key: &Zeroizing<[u8; 32]>) -> Result<Opened> {
    open_raw(path, key.clone(), None).map_err(|e| {
        if e.code == crate::ErrorCode::Locked {
            locked("Återställningskoden hör inte till den här databasen. Ingenting har ändrats.")
        } else {
            e
        }
    })
}

/// A typed secret that is meant as a recovery code but mistyped (so it is not tried as a
/// passphrase): four-character groups joined by dashes.
fn looks_like_a_recovery_code(s: &str) -> bool {
    let groups: Vec<&str> = s.trim().split('-').collect();
    groups.len() >= 10 && groups.iter().all(|g| g.trim().chars().count() == 4)
}

/// The recovery code of the key in the keyring (keyring mode only).
pub fn current_recovery_code(keyring: &dyn Keyring) -> Result<String> {
    match keyring.get() {
        Ok(Some(key)) => Ok(recovery_code(&key)),
        Ok(None) => Err(ServiceError::not_found(
            "Nyckelringen har ingen databasnyckel (databasen öppnas med en lösenfras, som \
             själv är vägen tillbaka).",
        )),
        Err(_) => Err(locked("Ingen nyckelring kunde nås.")),
    }
}

/// Stores a recovery code's key in the keyring after checking that it opens the database
/// at `path`: how a lost keyring entry is put back.
pub fn recover(path: &Path, code: &str, keyring: &dyn Keyring) -> Result<()> {
    let key = parse_recovery_code(code).ok_or_else(|| {
        ServiceError::invalid_field(
            "återställningskod",
            "Det är ingen giltig återställningskod (56 tecken A–Z och 2–7 i grupper om fyra; \
             kontrollsumman stämmer inte).",
        )
    })?;
    if is_new(path) {
        return Err(ServiceError::not_found(format!(
            "Det finns ingen databas i {}.",
            path.display()
        )));
    }
    open_with_code(path, &key)?;
    keyring
        .set(&key)
        .map_err(|_| locked("Nyckelringen kunde inte nås, så nyckeln kunde inte sparas där."))
}

#[cfg(test)]
mod tests;
