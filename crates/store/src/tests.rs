//! Store tests: migrations, the open() pragmas, append-only history, round trips.

use super::*;
use crate::audits::{NewAudit, Status};
use chrono::NaiveDate;

/// The key the test databases are encrypted with (a fixed raw key: no derivation cost).
fn key() -> DbKey {
    DbKey::Raw(zeroize::Zeroizing::new([7u8; 32]))
}

/// A connection to an encrypted test database, for what the tests change behind the
/// store's back.
fn keyed(path: &std::path::Path) -> Connection {
    cipher::open_keyed(path, &key(), rusqlite::OpenFlags::default()).unwrap()
}

fn new_audit(store: &mut Store) -> i64 {
    store
        .write(|tx| {
            audits::insert(
                tx,
                &NewAudit {
                    unit: "Myndighet LSS",
                    org: "Socialförvaltningen",
                    board: "Socialnämnden",
                    diarienr: "2023/SN 0123",
                    reference_date: NaiveDate::from_ymd_opt(2023, 9, 1).unwrap(),
                    created_at: "2023-09-01T08:00:00Z",
                    created_by: "kc",
                },
            )
        })
        .unwrap()
}

#[test]
fn open_migrates_and_sets_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("a.sqlite3");
    let store = Store::open(&path, &key()).unwrap();
    let c = store.conn();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, migrate::known_version());
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "synchronous = FULL");
    drop(store);
    // Reopening is idempotent.
    Store::open(&path, &key()).unwrap();
}

#[test]
fn refuses_newer_and_foreign_databases() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.sqlite3");
    Store::open(&newer, &key()).unwrap();
    keyed(&newer)
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(
        Store::open(&newer, &key()),
        Err(StoreError::TooNew { found: 99, .. })
    ));
    let foreign = dir.path().join("foreign.sqlite3");
    Connection::open(&foreign)
        .unwrap()
        .pragma_update(None, "application_id", 7)
        .unwrap();
    assert!(matches!(
        Store::open(&foreign, &key()),
        Err(StoreError::Foreign)
    ));
}

#[test]
fn another_programs_database_is_refused_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    // Tables present, no application_id: some other program's database.
    let theirs = dir.path().join("theirs.db");
    Connection::open(&theirs)
        .unwrap()
        .execute_batch(
            "CREATE TABLE kunder (id INTEGER, namn TEXT); INSERT INTO kunder VALUES (1, 'a');",
        )
        .unwrap();
    let before = std::fs::read(&theirs).unwrap();
    assert!(matches!(
        Store::open(&theirs, &key()),
        Err(StoreError::Foreign)
    ));
    assert_eq!(std::fs::read(&theirs).unwrap(), before, "not touched");
    let tables: i64 = Connection::open(&theirs)
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "no migration ran");
    // Not SQLite at all (a PDF where the database should be).
    let pdf = dir.path().join("report.sqlite3");
    std::fs::write(
        &pdf,
        b"%PDF-1.7 not a database, and long enough to have a header page".repeat(100),
    )
    .unwrap();
    assert!(matches!(
        Store::open(&pdf, &key()),
        Err(StoreError::WrongKey)
    ));
    // A new file is ours, and carries our mark from its first migration on.
    let ours = dir.path().join("ours.sqlite3");
    Store::open(&ours, &key()).unwrap();
    let id: i64 = keyed(&ours)
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    Store::open(&ours, &key()).unwrap();
}

#[test]
fn audits_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    let id = new_audit(&mut store);
    let a = audits::get(store.conn(), id).unwrap().unwrap();
    assert_eq!(a.unit, "Myndighet LSS");
    assert_eq!(a.status, Status::Planering);
    store
        .write(|tx| audits::set_status(tx, id, Status::Urval))
        .unwrap();
    assert_eq!(audits::list(store.conn()).unwrap()[0].status, Status::Urval);
    assert!(audits::get(store.conn(), id + 1).unwrap().is_none());
}

#[test]
fn history_is_append_only() {
    let mut store = Store::open_in_memory().unwrap();
    let id = new_audit(&mut store);
    store
        .write(|tx| history::append(tx, id, "t", "kc", "audit_created", &serde_json::json!({})))
        .unwrap();
    let c = store.conn();
    assert!(c.execute("UPDATE history SET user = 'x'", []).is_err());
    assert!(c.execute("DELETE FROM history", []).is_err());
    assert_eq!(history::list(c, id).unwrap().len(), 1);
}

#[test]
fn history_pages_newest_first_by_kind() {
    let mut store = Store::open_in_memory().unwrap();
    let id = new_audit(&mut store);
    let other = new_audit(&mut store);
    store
        .write(|tx| {
            for n in 0..5 {
                let kind = if n % 2 == 0 {
                    "answer_set"
                } else {
                    "grade_set"
                };
                history::append(tx, id, "t", "kc", kind, &serde_json::json!({ "n": n }))?;
            }
            history::append(tx, other, "t", "kc", "answer_set", &serde_json::json!({}))
        })
        .unwrap();
    let c = store.conn();
    let n = |events: Vec<history::Event>| -> Vec<i64> {
        events
            .iter()
            .map(|e| e.detail["n"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(n(history::page(c, id, None, 0, 2).unwrap()), [4, 3]);
    assert_eq!(n(history::page(c, id, None, 2, 10).unwrap()), [2, 1, 0]);
    assert_eq!(
        n(history::page(c, id, Some("answer_set"), 1, 10).unwrap()),
        [2, 0]
    );
    assert_eq!(
        history::kind_counts(c, id).unwrap(),
        [("answer_set".to_string(), 3), ("grade_set".to_string(), 2)]
    );
}

#[test]
fn answers_group_per_case_in_order() {
    use crate::answers::{self, AnswerRow};
    let mut store = Store::open_in_memory().unwrap();
    let id = new_audit(&mut store);
    let answer = |case: &str, item: &str, value: &str| AnswerRow {
        case_id: case.into(),
        item_id: item.into(),
        value: value.into(),
        comment: None,
        answered_by: "kc".into(),
        answered_at: "t".into(),
    };
    store
        .write(|tx| {
            for (c, i, v) in [
                ("B", "y", "nej"),
                ("A", "y", "ja"),
                ("B", "x", "ja"),
                ("A", "x", "delvis"),
            ] {
                answers::upsert(tx, id, &answer(c, i, v))?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let c = store.conn();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        answers::answered_items(c, id).unwrap(),
        [
            ("A".to_string(), s(&["x", "y"])),
            ("B".to_string(), s(&["x", "y"]))
        ]
    );
    let values = answers::answered_values(c, id).unwrap();
    assert_eq!(
        values[0].1,
        [("x".into(), "delvis".into()), ("y".into(), "ja".into())]
    );
    assert_eq!(values[1].1[1], ("y".to_string(), "nej".to_string()));
    assert!(answers::answered_items(c, id + 1).unwrap().is_empty());
}

#[test]
fn failed_write_rolls_back() {
    let mut store = Store::open_in_memory().unwrap();
    let r: Result<(), StoreError> = store.write(|tx| {
        audits::insert(
            tx,
            &NewAudit {
                unit: "x",
                org: "x",
                board: "x",
                diarienr: "x",
                reference_date: NaiveDate::from_ymd_opt(2023, 9, 1).unwrap(),
                created_at: "t",
                created_by: "kc",
            },
        )?;
        Err(StoreError::Corrupt("test"))
    });
    assert!(r.is_err());
    assert!(audits::list(store.conn()).unwrap().is_empty());
}

#[test]
fn report_versions_cannot_be_changed_or_deleted() {
    use crate::report_versions::{self, ReportVersion};
    let store = Store::open_in_memory().unwrap();
    let c = store.conn();
    c.execute(
        "INSERT INTO audits (unit, org, board, diarienr, reference_date, status, created_at, created_by)
         VALUES ('E', 'O', 'B', 'D', '2023-09-01', 'granskning', 'now', 'u')",
        [],
    )
    .unwrap();
    let v = ReportVersion {
        version: 1,
        sha256: "ab".repeat(32),
        pages: 3,
        finalized_at: "2026-11-24T00:00:00Z".into(),
        finalized_by: "u".into(),
    };
    report_versions::insert(c, 1, &v).unwrap();
    assert!(
        c.execute("UPDATE report_versions SET sha256 = 'x'", [])
            .is_err()
    );
    assert!(c.execute("DELETE FROM report_versions", []).is_err());
    assert_eq!(report_versions::list(c, 1).unwrap(), vec![v]);
}

#[cfg(unix)]
#[test]
fn the_database_and_its_folder_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = dir.path().join("aktgranskning");
    let db = folder.join("aktgranskning.sqlite3");
    let mut store = Store::open(&db, &key()).unwrap();
    new_audit(&mut store);
    assert_eq!(mode(&folder), 0o700, "a folder it creates");
    assert_eq!(mode(&db), 0o600);
    let wal = folder.join("aktgranskning.sqlite3-wal");
    assert_eq!(
        mode(&wal),
        0o600,
        "SQLite gives the WAL the database's mode"
    );
    drop(store);
    // An existing database made readable to others is tightened when opened; a folder
    // that already existed is the user's choice and left alone.
    let old = dir.path().join("gammal.sqlite3");
    Store::open(&old, &key()).unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    Store::open(&old, &key()).unwrap();
    assert_eq!(mode(&old), 0o600);
    assert_eq!(mode(dir.path()), 0o755);
}

#[test]
fn every_history_event_records_the_os_account_beside_the_typed_name() {
    let mut store = Store::open_in_memory().unwrap();
    let id = new_audit(&mut store);
    store
        .write(|tx| {
            crate::history::append(
                tx,
                id,
                "2023-09-01T00:00:00Z",
                "Någon Annan",
                "test",
                &serde_json::json!({}),
            )
        })
        .unwrap();
    let events = crate::history::list(store.conn(), id).unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.user, "Någon Annan");
    assert_eq!(last.os_account.as_deref(), Some(os_account().as_str()));
}

/// Appending an event reads the chain's head through an index, never a sort of the whole
/// history (which made every append linear in the history's length).
#[test]
fn the_chain_head_is_read_without_sorting_the_history() {
    let store = Store::open_in_memory().unwrap();
    let plan: Vec<String> = store
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {}", crate::history::HEAD_SQL))
        .unwrap()
        .query_map([1], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!plan.iter().any(|p| p.contains("TEMP B-TREE")), "{plan:?}");
}

/// A database file is encrypted: its bytes show neither SQLite's header nor what it holds,
/// plain SQLite cannot read it, another key cannot open it, and the right key can.
#[test]
fn the_file_is_encrypted_and_opens_only_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let mut store = Store::open(&db, &key()).unwrap();
    let id = new_audit(&mut store);
    drop(store);
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    let needle = "Socialförvaltningen".as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    // Plain SQLite (no key) cannot read it.
    let plain = Connection::open(&db).unwrap();
    let e = plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
    // Neither can another key, nor a passphrase.
    let other = DbKey::Raw(zeroize::Zeroizing::new([8u8; 32]));
    assert!(matches!(
        Store::open(&db, &other),
        Err(StoreError::WrongKey)
    ));
    let phrase = DbKey::Passphrase(zeroize::Zeroizing::new("fel fras".into()));
    assert!(matches!(
        Store::open(&db, &phrase),
        Err(StoreError::WrongKey)
    ));
    let store = Store::open(&db, &key()).unwrap();
    assert!(audits::get(store.conn(), id).unwrap().is_some());
    assert!(!store.encrypted_on_open());
}

/// A passphrase opens what it made and nothing else.
#[test]
fn a_passphrase_database_opens_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let phrase = |p: &str| DbKey::Passphrase(zeroize::Zeroizing::new(p.into()));
    let mut store = Store::open(&db, &phrase("rätt häst batteri häftapparat")).unwrap();
    new_audit(&mut store);
    drop(store);
    assert!(matches!(
        Store::open(&db, &phrase("rätt häst batteri")),
        Err(StoreError::WrongKey)
    ));
    Store::open(&db, &phrase("rätt häst batteri häftapparat")).unwrap();
}

/// A plaintext database of an earlier version is encrypted on first open with everything
/// in it, no unencrypted `-wal` or `-shm` stays beside it, and its copy is not plaintext.
#[test]
fn a_plaintext_database_is_encrypted_on_first_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("gammal.sqlite3");
    // What an earlier version wrote: our schema and mark, no encryption, in WAL mode.
    let mut plain = Store::open_in_memory().unwrap();
    let id = new_audit(&mut plain);
    plain
        .conn()
        .execute("VACUUM INTO ?1", [db.to_string_lossy()])
        .unwrap();
    drop(plain);
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "PRAGMA journal_mode = WAL; INSERT INTO settings (key, value) VALUES ('x', 'y');",
        )
        .unwrap();
    assert!(cipher::is_plaintext(&db));
    let store = Store::open(&db, &key()).unwrap();
    assert!(store.encrypted_on_open());
    let a = audits::get(store.conn(), id).unwrap().unwrap();
    assert_eq!(a.unit, "Myndighet LSS");
    let n: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM settings WHERE key = 'x'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1, "what was in the WAL came along");
    drop(store);
    assert!(!cipher::is_plaintext(&db));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "gammal.sqlite3")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let again = Store::open(&db, &key()).unwrap();
    assert!(!again.encrypted_on_open());
    // Another program's plaintext database is refused, not encrypted.
    let theirs = dir.path().join("theirs.db");
    Connection::open(&theirs)
        .unwrap()
        .execute_batch("CREATE TABLE kunder (id INTEGER);")
        .unwrap();
    assert!(matches!(
        Store::open(&theirs, &key()),
        Err(StoreError::Foreign)
    ));
    assert!(cipher::is_plaintext(&theirs));
}

/// Backups carry the database's encryption: a backup is not plaintext, opens with the
/// key, and is refused under another key or when it is plaintext.
#[test]
fn backups_are_encrypted_with_the_database_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.sqlite3");
    let mut store = Store::open(&db, &key()).unwrap();
    new_audit(&mut store);
    let copy = dir.path().join("kopia.sqlite3");
    store.backup_into(&copy).unwrap();
    assert!(
        !std::fs::read(&copy)
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
    store.check_backup(&copy).unwrap();
    let other_db = dir.path().join("b.sqlite3");
    let other = Store::open(&other_db, &DbKey::Raw(zeroize::Zeroizing::new([9u8; 32]))).unwrap();
    assert!(matches!(
        other.check_backup(&copy),
        Err(StoreError::WrongKey)
    ));
    let plain = dir.path().join("okrypterad.sqlite3");
    let mem = Store::open_in_memory().unwrap();
    mem.conn()
        .execute("VACUUM INTO ?1", [plain.to_string_lossy()])
        .unwrap();
    assert!(matches!(
        store.check_backup(&plain),
        Err(StoreError::Plaintext)
    ));
    assert!(store.encrypt_copy(&plain).unwrap());
    store.check_backup(&plain).unwrap();
}
