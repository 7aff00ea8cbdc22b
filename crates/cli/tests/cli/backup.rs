//! Backups: made while another process writes, restored exactly, and a damaged,
//! foreign or newer file refused with the database unchanged.

use crate::util::*;

#[test]
fn a_backup_made_while_another_process_writes_restores_exactly() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let case = env.ok(&["sample", "show", "--audit", &id])["case_ids"][0]
        .as_str()
        .unwrap()
        .to_string();
    // A writer keeps answering while backups are made.
    let stop = std::sync::atomic::AtomicBool::new(false);
    let backups = std::thread::scope(|s| {
        let (env, stop, id, case) = (&env, &stop, &id, &case);
        s.spawn(move || {
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let comment = format!("Skrivning {i}");
                let r = env.run(&[
                    "answer",
                    "set",
                    "--audit",
                    id,
                    "--case",
                    case,
                    "--item",
                    "samtycke.journal",
                    "--value",
                    "nej",
                    "--comment",
                    &comment,
                ]);
                assert_eq!(r.code, 0, "{}", r.stderr);
                i += 1;
            }
        });
        let made: Vec<serde_json::Value> = (0..3)
            .map(|k| {
                let out = env.path(&format!("kopia-{k}.sqlite3"));
                env.ok(&["backup", "create", "--out", out.to_str().unwrap()])
            })
            .collect();
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        made
    });
    for b in &backups {
        let path = std::path::Path::new(b["path"].as_str().unwrap());
        assert_eq!(
            b["sha256"].as_str().unwrap(),
            sha256_hex(&std::fs::read(path).unwrap())
        );
        let conn = open_db(path);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
    // Restored: the database is exactly the backup's content again.
    let last = std::path::PathBuf::from(backups[2]["path"].as_str().unwrap());
    let backup_content = dump_hash(&last);
    env.ok(&["chapter", "list", "--audit", &id]);
    let text = env.write("ny.txt", "Text skriven efter säkerhetskopian.".as_bytes());
    env.ok(&[
        "chapter",
        "set",
        "--audit",
        &id,
        "--chapter",
        "1",
        "--text-file",
        text.to_str().unwrap(),
    ]);
    assert_ne!(dump_hash(&env.db()), backup_content);
    let r = env.ok(&["backup", "restore", last.to_str().unwrap()]);
    assert_eq!(r["restored"], true);
    assert_eq!(dump_hash(&env.db()), backup_content);
    // The replaced database was kept, in säkerhetskopior/ beside the database.
    let kept = std::path::Path::new(r["previous"].as_str().unwrap());
    assert!(kept.starts_with(env.dir.path().join("säkerhetskopior")));
    assert_ne!(dump_hash(kept), backup_content);
    // Without --out, a backup goes there too.
    let d = env.ok(&["backup", "create"]);
    assert!(d["path"].as_str().unwrap().contains("säkerhetskopior"));
    // Both are listed, newest first.
    let listed = env.ok(&["backup", "list"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{listed}");
    assert!(names.iter().any(|n| n.starts_with("före-återställning-")));
    assert_eq!(listed[0]["path"], d["path"]);
}

#[test]
fn a_damaged_foreign_or_newer_backup_is_refused_and_nothing_changes() {
    let env = Env::new();
    env.ok(&["demo", "audit"]);
    let good = env.path("kopia.sqlite3");
    env.ok(&["backup", "create", "--out", good.to_str().unwrap()]);
    let before = dump_hash(&env.db());

    let not_sqlite = env.write("text.sqlite3", &b"inte en databas ".repeat(500));
    let foreign = env.path("annan.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = env.path("nyare.sqlite3");
    std::fs::copy(&good, &newer).unwrap();
    open_db(&newer)
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let damaged = env.path("skadad.sqlite3");
    let mut bytes = std::fs::read(&good).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 2..len / 2 + 4096] {
        *b ^= 0x5A;
    }
    std::fs::write(&damaged, bytes).unwrap();
    for (file, why) in [
        (&not_sqlite, "ingen Aktgranskning-databas"),
        (&foreign, "okrypterad"),
        (&newer, "nyare version"),
        (&damaged, "skadad"),
        (&env.db(), "den öppna databasen"),
    ] {
        let e = env.fails(2, &["backup", "restore", file.to_str().unwrap()]);
        assert!(
            e["message"].as_str().unwrap().contains(why),
            "{file:?}: {e}"
        );
        assert_eq!(dump_hash(&env.db()), before, "{file:?}");
    }
    // And a backup never replaces the database.
    env.fails(
        2,
        &["backup", "create", "--out", env.db().to_str().unwrap()],
    );
    assert_eq!(dump_hash(&env.db()), before);
}
