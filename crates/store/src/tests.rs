//! Store tests: migrations, the open() pragmas, append-only history, round trips.

use super::*;
use crate::audits::{NewAudit, Status};
use chrono::NaiveDate;

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
    let store = Store::open(Some(&path)).unwrap();
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
    Store::open(Some(&path)).unwrap();
}

#[test]
fn refuses_newer_and_foreign_databases() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.sqlite3");
    Store::open(Some(&newer)).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(
        Store::open(Some(&newer)),
        Err(StoreError::TooNew { found: 99, .. })
    ));
    let foreign = dir.path().join("foreign.sqlite3");
    Connection::open(&foreign)
        .unwrap()
        .pragma_update(None, "application_id", 7)
        .unwrap();
    assert!(matches!(
        Store::open(Some(&foreign)),
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
        Store::open(Some(&theirs)),
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
    assert!(matches!(Store::open(Some(&pdf)), Err(StoreError::Foreign)));
    // A new file is ours, and carries our mark from its first migration on.
    let ours = dir.path().join("ours.sqlite3");
    Store::open(Some(&ours)).unwrap();
    let id: i64 = Connection::open(&ours)
        .unwrap()
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(id, APPLICATION_ID);
    Store::open(Some(&ours)).unwrap();
}

#[test]
fn audits_round_trip() {
    let mut store = Store::open(None).unwrap();
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
    let mut store = Store::open(None).unwrap();
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
    let mut store = Store::open(None).unwrap();
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
    let mut store = Store::open(None).unwrap();
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
    let mut store = Store::open(None).unwrap();
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
    let store = Store::open(None).unwrap();
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
    let mut store = Store::open(Some(&db)).unwrap();
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
    Store::open(Some(&old)).unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    Store::open(Some(&old)).unwrap();
    assert_eq!(mode(&old), 0o600);
    assert_eq!(mode(dir.path()), 0o755);
}

#[test]
fn every_history_event_records_the_os_account_beside_the_typed_name() {
    let mut store = Store::open(None).unwrap();
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
    let store = Store::open(None).unwrap();
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
