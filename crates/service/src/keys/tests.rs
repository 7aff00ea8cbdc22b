//! Key handling with a keyring in memory (the real OS keyring is exercised by the CLI's
//! keyring test and the end-to-end test, under a Secret Service).

use super::*;
use std::cell::RefCell;

/// A keyring in memory; `reachable: false` behaves like a machine without one.
struct MemKeyring {
    key: RefCell<Option<[u8; 32]>>,
    reachable: bool,
}

impl MemKeyring {
    fn new() -> MemKeyring {
        MemKeyring {
            key: RefCell::new(None),
            reachable: true,
        }
    }
    fn none() -> MemKeyring {
        MemKeyring {
            key: RefCell::new(None),
            reachable: false,
        }
    }
}

impl Keyring for MemKeyring {
    fn get(&self) -> std::result::Result<Option<Zeroizing<[u8; 32]>>, String> {
        if !self.reachable {
            return Err("no keyring".into());
        }
        Ok(self.key.borrow().map(Zeroizing::new))
    }
    fn set(&self, key: &[u8; 32]) -> std::result::Result<(), String> {
        if !self.reachable {
            return Err("no keyring".into());
        }
        *self.key.borrow_mut() = Some(*key);
        Ok(())
    }
}

#[test]
fn recovery_codes_round_trip_and_catch_typos() {
    let key = [0xA5u8; 32];
    let code = recovery_code(&key);
    assert_eq!(code.len(), 56 + 13, "{code}");
    assert_eq!(code.split('-').count(), 14);
    assert_eq!(*parse_recovery_code(&code).unwrap(), key);
    // Case, spaces instead of dashes, and 0/1/8 for O/I/B do not matter.
    let typed = code.to_lowercase().replace('-', " ").replace('o', "0");
    assert_eq!(*parse_recovery_code(&typed).unwrap(), key);
    // One character changed: the checksum catches it.
    let mut chars: Vec<char> = code.chars().collect();
    chars[5] = if chars[5] == 'A' { 'B' } else { 'A' };
    let wrong: String = chars.into_iter().collect();
    assert!(parse_recovery_code(&wrong).is_none());
    assert!(looks_like_a_recovery_code(&wrong));
    assert!(parse_recovery_code("en vanlig lösenfras").is_none());
    assert!(!looks_like_a_recovery_code("en vanlig lösenfras"));
}

#[test]
fn the_first_open_makes_a_key_and_the_next_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let ring = MemKeyring::new();
    let first = open(&db, None, &ring).unwrap();
    assert_eq!(first.mode, KeyMode::Keyring);
    let made = first.new_key.clone().expect("a new key to show");
    assert_eq!(ring.key.borrow().unwrap(), *made);
    drop(first);
    let second = open(&db, None, &ring).unwrap();
    assert!(second.new_key.is_none());
    assert_eq!(current_recovery_code(&ring).unwrap(), recovery_code(&made));
}

#[test]
fn a_lost_keyring_entry_is_recovered_with_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let ring = MemKeyring::new();
    let code = recovery_code(&open(&db, None, &ring).unwrap().new_key.unwrap());
    // The entry is lost (another computer, a reinstalled desktop).
    let fresh = MemKeyring::new();
    let e = open(&db, None, &fresh).err().unwrap();
    assert_eq!(e.code, crate::ErrorCode::Locked);
    assert!(
        fresh.key.borrow().is_none(),
        "no new key over an existing database"
    );
    // A wrong code changes nothing; the right one opens and puts the key back.
    let other = recovery_code(&[1u8; 32]);
    assert_eq!(
        unlock(&db, &other, &fresh).err().unwrap().code,
        crate::ErrorCode::Locked
    );
    assert!(fresh.key.borrow().is_none());
    unlock(&db, &code, &fresh).unwrap();
    assert!(fresh.key.borrow().is_some());
    open(&db, None, &fresh).unwrap();
    // The CLI's way: `key recover`.
    let third = MemKeyring::new();
    recover(&db, &code, &third).unwrap();
    open(&db, None, &third).unwrap();
}

#[test]
fn without_a_keyring_a_passphrase_is_needed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let none = MemKeyring::none();
    let e = open(&db, None, &none).err().unwrap();
    assert_eq!(e.code, crate::ErrorCode::Locked);
    assert!(e.message.contains(PASSPHRASE_ENV), "{}", e.message);
    // Too short for a new database.
    let e = open(&db, Some("kort"), &none).err().unwrap();
    assert_eq!(e.code, crate::ErrorCode::InvalidInput);
    let opened = unlock(&db, "en lång och hemlig fras", &none).unwrap();
    assert_eq!(opened.mode, KeyMode::Passphrase);
    drop(opened);
    let e = open(&db, Some("fel fras, lång nog ändå"), &none)
        .err()
        .unwrap();
    assert_eq!(e.code, crate::ErrorCode::Locked);
    open(&db, Some("en lång och hemlig fras"), &none).unwrap();
    // The passphrase is asked for even when a keyring has a key: it is another database's.
    let ring = MemKeyring::new();
    ring.set(&[3u8; 32]).unwrap();
    assert_eq!(
        open(&db, None, &ring).err().unwrap().code,
        crate::ErrorCode::Locked
    );
}

#[test]
fn an_unencrypted_database_is_encrypted_with_a_new_keyring_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gammal.sqlite3");
    let mem = Store::open_in_memory().unwrap();
    mem.conn()
        .execute("VACUUM INTO ?1", [db.to_string_lossy()])
        .unwrap();
    let ring = MemKeyring::new();
    let opened = open(&db, None, &ring).unwrap();
    assert!(opened.encrypted_now);
    assert!(opened.new_key.is_some());
    assert!(!aktgranskning_store::is_plaintext(&db));
}

/// The keyring holds the key as 64 hex digits; anything else is not a key.
#[test]
fn a_keyring_entry_reads_back_as_the_key() {
    let key = [0x3cu8; 32];
    let stored = aktgranskning_core::sampling::hex(&key);
    assert_eq!(*parse_hex_key(&stored).unwrap(), key);
    assert_eq!(
        *parse_hex_key(&format!(" {} ", stored.to_uppercase())).unwrap(),
        key
    );
    assert!(parse_hex_key(&stored[..62]).is_none());
    assert!(parse_hex_key(&format!("{stored}00")).is_none());
    assert!(parse_hex_key("inte en nyckel").is_none());
}
