//! The keyring path, against a real Secret Service (GNOME Keyring on a private D-Bus,
//! started by `scripts/with-keyring`): the first start makes a key and keeps it in the
//! keyring, the file is encrypted, the next start opens with it; on "another computer" (a
//! fresh keyring) the database is locked until `key recover` puts the key back from the
//! recovery code.
//!
//! The test runs its steps in child processes of this same test binary, each inside its own
//! keyring session (`keyring_session`, ignored in a normal run), so that two sessions can
//! stand for two computers.

use crate::util::*;
use std::path::Path;
use std::process::{Command, Stdio};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/with-keyring");

/// Runs `keyring_session` in a fresh keyring session, with `phase` and the scratch folder.
fn session(phase: &str, dir: &Path) {
    let out = Command::new(SCRIPT)
        .arg(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "keyring::keyring_session",
            "--nocapture",
        ])
        .env("AKTG_KEYRING_PHASE", phase)
        .env("AKTG_KEYRING_DIR", dir)
        .env_remove("AKTGRANSKNING_PASSPHRASE")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "phase {phase}: {text}");
    assert!(
        text.contains("1 passed"),
        "phase {phase} did not run: {text}"
    );
}

#[test]
fn the_key_lives_in_the_os_keyring_and_the_recovery_code_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    session("first-computer", dir.path());
    session("second-computer", dir.path());
}

/// The CLI in keyring mode (no passphrase in the environment).
fn keyring_cli(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aktgranskning"))
        .env_remove("AKTGRANSKNING_PASSPHRASE")
        .arg("--db")
        .arg(db)
        .args(["--json", "--user", "testare"])
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
#[ignore = "run by the_key_lives_in_the_os_keyring_… inside a keyring session"]
fn keyring_session() {
    assert!(
        std::env::var_os("AKTGRANSKNING_TEST_KEYRING").is_some(),
        "run through scripts/with-keyring"
    );
    let dir = std::path::PathBuf::from(std::env::var_os("AKTG_KEYRING_DIR").unwrap());
    let db = dir.join("aktgranskning.sqlite3");
    let code_file = dir.join("kod.txt");
    match std::env::var("AKTG_KEYRING_PHASE").unwrap().as_str() {
        "first-computer" => {
            let out = keyring_cli(&db, &["demo", "audit"]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("En ny databasnyckel har skapats"),
                "{stderr}"
            );
            assert!(!stderr.contains("x'"), "no key on stderr");
            // Encrypted: no SQLite header, plain SQLite cannot read it.
            assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
            // The next start opens with the keyring's key and says nothing of keys.
            let out = keyring_cli(&db, &["audit", "list"]);
            assert!(out.status.success());
            assert_eq!(json(&out).as_array().unwrap().len(), 1);
            assert!(
                out.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let status = json(&keyring_cli(&db, &["key", "status"]));
            assert_eq!(status["mode"], "keyring");
            let code = json(&keyring_cli(&db, &["key", "recovery-code"]))["recovery_code"]
                .as_str()
                .unwrap()
                .to_string();
            assert_eq!(code.len(), 69, "{code}");
            // A backup made here opens with the same key.
            let backup = dir.join("kopia.sqlite3");
            let out = keyring_cli(
                &db,
                &["backup", "create", "--out", backup.to_str().unwrap()],
            );
            assert!(out.status.success());
            std::fs::write(&code_file, &code).unwrap();
        }
        "second-computer" => {
            // A fresh keyring: the database is locked, and no new key is made over it.
            let before = std::fs::read(&db).unwrap();
            let out = keyring_cli(&db, &["audit", "list"]);
            assert_eq!(out.status.code(), Some(2));
            let e = json(&out);
            assert_eq!(e["code"], "locked", "{e}");
            assert!(
                e["message"]
                    .as_str()
                    .unwrap()
                    .contains("återställningskoden")
            );
            assert_eq!(std::fs::read(&db).unwrap(), before);
            // A wrong code changes nothing.
            let wrong = "AAAA-".repeat(13) + "AAAA";
            let out = recover(&db, &wrong);
            assert_eq!(out.status.code(), Some(2));
            let out = keyring_cli(&db, &["audit", "list"]);
            assert_eq!(json(&out)["code"], "locked");
            // The right one, typed in lower case with spaces, puts the key back.
            let code = std::fs::read_to_string(&code_file).unwrap();
            let typed = code.to_lowercase().replace('-', " ");
            let out = recover(&db, &typed);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(json(&out)["saved"], true);
            let out = keyring_cli(&db, &["audit", "list"]);
            assert!(out.status.success());
            assert_eq!(json(&out).as_array().unwrap().len(), 1);
            // And the backup from the first computer restores here.
            let backup = dir.join("kopia.sqlite3");
            let out = keyring_cli(&db, &["backup", "restore", backup.to_str().unwrap()]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        other => panic!("unknown phase {other}"),
    }
}

/// `key recover` with the code on standard input.
fn recover(db: &Path, code: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_aktgranskning"))
        .env_remove("AKTGRANSKNING_PASSPHRASE")
        .arg("--db")
        .arg(db)
        .args(["--json", "key", "recover"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(code.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Passphrase mode: the CLI tests' own mode, checked once for what it promises.
#[test]
fn passphrase_mode_encrypts_and_needs_the_passphrase() {
    let env = Env::new();
    env.ok(&["audit", "list"]);
    let bytes = std::fs::read(env.db()).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));
    let status = env.ok(&["key", "status"]);
    assert_eq!(status["mode"], "passphrase");
    let e = env.fails(2, &["key", "recovery-code"]);
    assert!(e["message"].as_str().unwrap().contains("lösenfras"));
    let out = Command::new(env!("CARGO_BIN_EXE_aktgranskning"))
        .env("AKTGRANSKNING_PASSPHRASE", "en helt annan lösenfras")
        .arg("--db")
        .arg(env.db())
        .args(["--json", "audit", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["code"], "locked");
    // sqlite3 cannot read it either.
    let plain = rusqlite::Connection::open(env.db()).unwrap();
    assert!(
        plain
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
                .get::<_, i64>(0))
            .is_err()
    );
}

/// A database written by an earlier, unencrypted version is encrypted on first open, with
/// a message, its old unencrypted backups too, and it then opens only encrypted.
#[test]
fn an_unencrypted_database_is_encrypted_on_first_open() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let before = env.ok(&["results", "--audit", &id]);
    // What the earlier version left: the same content, unencrypted, and an unencrypted
    // backup in säkerhetskopior/.
    let plain = env.path("okrypterad.sqlite3");
    let conn = open_db(&env.db());
    let (version, app_id): (i64, i64) = (
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap(),
        conn.query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap(),
    );
    export_plain(&conn, &plain);
    conn.execute_batch(&format!(
        "PRAGMA plain.user_version = {version}; PRAGMA plain.application_id = {app_id}; \
         DETACH DATABASE plain;"
    ))
    .unwrap();
    drop(conn);
    let folder = env.path("säkerhetskopior");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&plain, folder.join("gammal.sqlite3")).unwrap();
    std::fs::remove_file(env.db()).unwrap();
    std::fs::rename(&plain, env.db()).unwrap();
    assert!(
        std::fs::read(env.db())
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
    let needle = b"CREATE TABLE";
    assert!(
        std::fs::read(env.db())
            .unwrap()
            .windows(12)
            .any(|w| w == needle)
    );

    let r = env.run(&["--json", "results", "--audit", &id]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("är nu krypterad"), "{}", r.stderr);
    assert!(r.stderr.contains("En säkerhetskopia"), "{}", r.stderr);
    assert_eq!(r.json(), before, "the same audit, nothing lost");
    for f in [env.db(), folder.join("gammal.sqlite3")] {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!bytes.starts_with(b"SQLite format 3"), "{f:?}");
        assert!(!bytes.windows(12).any(|w| w == needle), "{f:?}");
    }
    // Said once; the next start is quiet.
    let r = env.run(&["--json", "audit", "list"]);
    assert_eq!(r.code, 0);
    assert!(!r.stderr.contains("krypterad"), "{}", r.stderr);
    // The old backup restores (it is encrypted with the same key now).
    let path = folder.join("gammal.sqlite3");
    env.ok(&["backup", "restore", path.to_str().unwrap()]);
}
