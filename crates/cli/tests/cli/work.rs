//! Work between two computers: two databases in one test, an arbetspaket out, a
//! svarspaket back, a conflict made on purpose and settled, every refusal with both
//! databases byte for byte as they were.

use crate::util::*;
use serde_json::Value;
use std::path::Path;

const PASS: &str = "sommar i Sundsvall 2026";

/// Runs a `work` command with the package passphrase; `--json` first.
fn work(env: &Env, user: &str, pass: &str, args: &[&str]) -> Run {
    let mut a = vec!["--json", "work"];
    a.extend_from_slice(args);
    env.run_with(user, &[("AKTGRANSKNING_PACKAGE_PASSPHRASE", pass)], &a)
}

fn work_ok(env: &Env, user: &str, args: &[&str]) -> Value {
    let r = work(env, user, PASS, args);
    assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    r.json()
}

/// The database file's bytes (and its WAL's, if one is left), hashed.
fn bytes_of(env: &Env) -> String {
    let mut all = std::fs::read(env.db()).unwrap();
    let wal = env.db().with_extension("sqlite3-wal");
    if let Ok(w) = std::fs::read(wal) {
        all.extend(w);
    }
    sha256_hex(&all)
}

/// A refused `work` command: the exit code, the message, and both databases unchanged.
fn refused(lead: &Env, colleague: &Env, on: &Env, pass: &str, args: &[&str]) -> String {
    let before = (bytes_of(lead), bytes_of(colleague));
    let r = work(on, "Per Holm", pass, args);
    assert_ne!(r.code, 0, "{args:?} should be refused: {}", r.stdout);
    assert_eq!(
        (bytes_of(lead), bytes_of(colleague)),
        before,
        "{args:?} changed a database"
    );
    let v = r.json();
    let message = v["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("Ingenting har ändrats") || v["errors"].is_array(),
        "{v}"
    );
    message
}

fn answer(env: &Env, audit: &str, case: &str, item: &str) -> Option<(String, Option<String>)> {
    let conn = open_db(&env.db());
    conn.query_row(
        "SELECT value, comment FROM answers WHERE audit_id = ?1 AND case_id = ?2 AND item_id = ?3",
        rusqlite::params![audit.parse::<i64>().unwrap(), case, item],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ok()
}

fn note(env: &Env, audit: &str, case: &str) -> Option<String> {
    let conn = open_db(&env.db());
    conn.query_row(
        "SELECT text FROM file_notes WHERE audit_id = ?1 AND case_id = ?2",
        rusqlite::params![audit.parse::<i64>().unwrap(), case],
        |r| r.get(0),
    )
    .ok()
}

fn set(env: &Env, user: &str, audit: &str, case: &str, item: &str, value: &str, comment: &str) {
    let mut args = vec![
        "answer", "set", "--audit", audit, "--case", case, "--item", item, "--value", value,
    ];
    if !comment.is_empty() {
        args.extend(["--comment", comment]);
    }
    env.ok_as(user, &args);
}

fn verified(env: &Env, audit: &str) {
    let v = env.ok(&["audit", "verify", "--audit", audit]);
    assert_eq!(v["ok"], true, "{v}");
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn work_goes_out_comes_back_merged_and_a_conflict_is_settled_by_a_person() {
    let lead = Env::new();
    let colleague = Env::new();
    // The colleague's database already holds an audit of their own: the copy gets
    // another id than the lead's.
    colleague.new_audit();
    let (id, _) = sampled(&lead, 60);
    lead.ok(&[
        "sample",
        "assign",
        "--audit",
        &id,
        "--controllers",
        "Lena Berg,Per Holm",
    ]);
    let listed = lead.ok(&["sample", "list", "--audit", &id]);
    let mine: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["controller"] == "Per Holm")
        .map(|f| f["case_id"].as_str().unwrap().to_string())
        .collect();
    assert!(mine.len() >= 3, "{listed}");
    let (a, b, c) = (&mine[0], &mine[1], &mine[2]);
    // What the lead has before handing out: an answer on A and a note on B.
    set(&lead, "Lena Berg", &id, a, "samtycke.journal", "ja", "");
    lead.ok(&[
        "note",
        "file",
        "--audit",
        &id,
        "--case",
        b,
        "--text",
        "Begär kompletteringen.",
    ]);

    // Refused before anything is written: a short passphrase, someone without files.
    let pkg = lead.path("per.arbetspaket");
    let e = work(
        &lead,
        "Lena Berg",
        "kort",
        &[
            "export",
            "--audit",
            &id,
            "--controller",
            "Per Holm",
            "--out",
            path_str(&pkg),
        ],
    );
    assert_eq!(e.code, 2);
    assert_eq!(e.json()["errors"][0]["column"], "Lösenfras");
    let e = work(
        &lead,
        "Lena Berg",
        PASS,
        &[
            "export",
            "--audit",
            &id,
            "--controller",
            "Okänd",
            "--out",
            path_str(&pkg),
        ],
    );
    assert_eq!(e.json()["errors"][0]["column"], "Kontrollant");
    assert!(!pkg.exists());

    let out = work_ok(
        &lead,
        "Lena Berg",
        &[
            "export",
            "--audit",
            &id,
            "--controller",
            "Per Holm",
            "--out",
            path_str(&pkg),
        ],
    );
    assert_eq!(out["files"], mine.len());
    let package_id = out["package_id"].as_str().unwrap().to_string();
    let sealed = std::fs::read(&pkg).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1"));
    assert_eq!(out["sha256"], sha256_hex(&sealed));
    // Encrypted: no case id or personnummer readable in the file.
    let raw = String::from_utf8_lossy(&sealed);
    assert!(!raw.contains(a.as_str()) && !raw.contains("Begär"));

    // Refused on the colleague's side: the wrong passphrase, a truncated package, an
    // edited one; a package opened in the database it came from.
    let msg = refused(
        &lead,
        &colleague,
        &colleague,
        "fel lösenfras här",
        &["open", path_str(&pkg)],
    );
    assert!(msg.contains("fel lösenfras"), "{msg}");
    let cut = colleague.write("kort.paket", &sealed[..sealed.len() - 100]);
    refused(
        &lead,
        &colleague,
        &colleague,
        PASS,
        &["open", path_str(&cut)],
    );
    let mut bent = sealed.clone();
    let mid = bent.len() / 2;
    bent[mid] ^= 0x01;
    let bent = colleague.write("andrat.paket", &bent);
    refused(
        &lead,
        &colleague,
        &colleague,
        PASS,
        &["open", path_str(&bent)],
    );
    let msg = refused(&lead, &colleague, &lead, PASS, &["open", path_str(&pkg)]);
    assert!(msg.contains("den här databasen"), "{msg}");

    // Opened: the colleague's copy, with the lead's answer and note.
    let opened = work_ok(&colleague, "Per Holm", &["open", path_str(&pkg)]);
    let copy = opened["audit"].to_string();
    assert_ne!(copy, "1", "a new audit in the colleague's database");
    assert_eq!(opened["files"], mine.len());
    assert_eq!(
        answer(&colleague, &copy, a, "samtycke.journal"),
        Some(("ja".to_string(), None))
    );
    assert_eq!(
        note(&colleague, &copy, b).as_deref(),
        Some("Begär kompletteringen.")
    );
    verified(&colleague, &copy);
    // A database that never had a template: the lead's standard template is found as the
    // shipped one, not stored a second time under another number.
    let fresh = Env::new();
    work_ok(&fresh, "Per Holm", &["open", path_str(&pkg)]);
    let listed = fresh.ok(&["template", "list"]);
    let versions: Vec<u64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, vec![1, 2], "{listed}");
    // Opening it again is refused.
    refused(
        &lead,
        &colleague,
        &colleague,
        PASS,
        &["open", path_str(&pkg)],
    );
    // A copy draws, imports, fact-checks and finalises nothing.
    let e = colleague.fails(2, &["sample", "draw", "--audit", &copy, "--seed", "3"]);
    assert!(e["message"].as_str().unwrap().contains("kopia"), "{e}");
    let readiness = colleague.ok(&["audit", "readiness", "--audit", &copy]);
    assert!(readiness.to_string().contains("kopia"), "{readiness}");

    // The colleague reviews: A's samtycke changed (the lead will change it too), a
    // new answer with a comment on A, C answered, B's note rewritten.
    set(
        &colleague,
        "Per Holm",
        &copy,
        a,
        "samtycke.journal",
        "nej",
        "Samtycket saknas i akten.",
    );
    set(
        &colleague,
        "Per Holm",
        &copy,
        a,
        "beslut.motivering",
        "delvis",
        "Motiveringen är kort.",
    );
    set(
        &colleague,
        "Per Holm",
        &copy,
        c,
        "samtycke.journal",
        "ja",
        "",
    );
    colleague.ok_as(
        "Per Holm",
        &[
            "note",
            "file",
            "--audit",
            &copy,
            "--case",
            b,
            "--text",
            "Kompletteringen kom in.",
        ],
    );
    // Meanwhile the lead answers A's samtycke otherwise.
    set(
        &lead,
        "Lena Berg",
        &id,
        a,
        "samtycke.journal",
        "delvis",
        "Samtycke finns men är gammalt.",
    );

    let back = colleague.path("per.svarspaket");
    let r = work_ok(
        &colleague,
        "Per Holm",
        &["return", "--audit", &copy, "--out", path_str(&back)],
    );
    assert_eq!(r["answers"], 3);
    let returned = std::fs::read(&back).unwrap();

    // Refused at the lead: the wrong passphrase, into another audit, truncated.
    refused(
        &lead,
        &colleague,
        &lead,
        "inte rätt lösenfras",
        &["import", "--audit", &id, path_str(&back)],
    );
    let (other, _) = sampled(&lead, 30);
    let msg = refused(
        &lead,
        &colleague,
        &lead,
        PASS,
        &["import", "--audit", &other, path_str(&back)],
    );
    assert!(msg.contains("annan granskning"), "{msg}");
    let cut = lead.write("kort.svar", &returned[..returned.len() / 2]);
    refused(
        &lead,
        &colleague,
        &lead,
        PASS,
        &["import", "--audit", &id, path_str(&cut)],
    );

    // Imported: what only the colleague changed is taken, the clash is listed.
    let m = work_ok(
        &lead,
        "Lena Berg",
        &["import", "--audit", &id, path_str(&back)],
    );
    assert_eq!(m["merged"], 3, "{m}");
    let conflicts = m["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{m}");
    assert_eq!(conflicts[0]["case"], a.as_str());
    assert_eq!(conflicts[0]["item"], "samtycke.journal");
    assert_eq!(conflicts[0]["ours"], "delvis");
    assert_eq!(conflicts[0]["theirs"], "nej");
    // Ours stays until a person decides.
    assert_eq!(
        answer(&lead, &id, a, "samtycke.journal"),
        Some((
            "delvis".to_string(),
            Some("Samtycke finns men är gammalt.".to_string())
        ))
    );
    assert_eq!(
        answer(&lead, &id, a, "beslut.motivering"),
        Some((
            "delvis".to_string(),
            Some("Motiveringen är kort.".to_string())
        ))
    );
    assert_eq!(answer(&lead, &id, c, "samtycke.journal").unwrap().0, "ja");
    assert_eq!(
        note(&lead, &id, b).as_deref(),
        Some("Kompletteringen kom in.")
    );
    verified(&lead, &id);
    // The history says who answered, and from which package.
    let merged_events: Vec<Value> = lead
        .events(&id, &["answer_set"])
        .into_iter()
        .filter(|e| e["detail"]["merged_from"].is_string())
        .collect();
    assert_eq!(merged_events.len(), 2);
    assert!(merged_events.iter().all(|e| e["user"] == "Per Holm"));
    assert!(lead.log_kinds(&id).contains(&"work_imported".to_string()));

    // A replay is refused, byte for byte.
    let msg = refused(
        &lead,
        &colleague,
        &lead,
        PASS,
        &["import", "--audit", &id, path_str(&back)],
    );
    assert!(msg.contains("redan importerat"), "{msg}");

    // The conflict stops finalising until settled; settled with the colleague's value.
    let readiness = lead.ok(&["audit", "readiness", "--audit", &id]);
    assert!(
        readiness["blocking"].to_string().contains("konflikt"),
        "{readiness}"
    );
    let e = lead.fails(
        2,
        &[
            "work",
            "settle",
            "--audit",
            &id,
            "--case",
            a,
            "--item",
            "samtycke.journal",
            "--value",
            "kanske",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Värde");
    let s = lead.ok_as(
        "Lena Berg",
        &[
            "work",
            "settle",
            "--audit",
            &id,
            "--case",
            a,
            "--item",
            "samtycke.journal",
            "--value",
            "theirs",
        ],
    );
    assert_eq!(s["settled"], true);
    assert_eq!(s["settled_value"], "nej");
    assert_eq!(
        answer(&lead, &id, a, "samtycke.journal"),
        Some((
            "nej".to_string(),
            Some("Samtycket saknas i akten.".to_string())
        ))
    );
    verified(&lead, &id);
    let status = lead.ok(&["work", "status", "--audit", &id]);
    assert_eq!(status["role"], "lead");
    assert_eq!(status["packages"].as_array().unwrap().len(), 2);
    assert!(lead.log_kinds(&id).contains(&"work_settled".to_string()));

    // Round two, the other direction: the lead's changes reach the copy.
    set(&lead, "Lena Berg", &id, c, "beslut.motivering", "ja", "");
    let pkg2 = lead.path("per2.arbetspaket");
    work_ok(
        &lead,
        "Lena Berg",
        &[
            "export",
            "--audit",
            &id,
            "--controller",
            "Per Holm",
            "--out",
            path_str(&pkg2),
        ],
    );
    // The colleague changed C's samtycke meanwhile (no clash: the lead left it).
    set(
        &colleague,
        "Per Holm",
        &copy,
        c,
        "samtycke.journal",
        "nej",
        "",
    );
    let again = work_ok(&colleague, "Per Holm", &["open", path_str(&pkg2)]);
    assert_eq!(again["audit"].to_string(), copy, "the same copy");
    assert_eq!(again["conflicts"].as_array().unwrap().len(), 0, "{again}");
    assert_eq!(
        answer(&colleague, &copy, c, "beslut.motivering").unwrap().0,
        "ja"
    );
    assert_eq!(
        answer(&colleague, &copy, c, "samtycke.journal").unwrap().0,
        "nej"
    );
    assert_eq!(
        answer(&colleague, &copy, a, "samtycke.journal").unwrap().0,
        "nej",
        "the settled value"
    );
    verified(&colleague, &copy);
    let back2 = colleague.path("per2.svarspaket");
    work_ok(
        &colleague,
        "Per Holm",
        &["return", "--audit", &copy, "--out", path_str(&back2)],
    );
    let m = work_ok(
        &lead,
        "Lena Berg",
        &["import", "--audit", &id, path_str(&back2)],
    );
    assert_eq!(m["merged"], 1, "{m}");
    assert_eq!(m["conflicts"].as_array().unwrap().len(), 0);
    assert_eq!(answer(&lead, &id, c, "samtycke.journal").unwrap().0, "nej");
    verified(&lead, &id);

    // After a redraw, a svarspaket of the earlier draw is refused.
    let back3 = colleague.path("per3.svarspaket");
    work_ok(
        &colleague,
        "Per Holm",
        &["return", "--audit", &copy, "--out", path_str(&back3)],
    );
    lead.ok(&[
        "sample",
        "draw",
        "--audit",
        &id,
        "--seed",
        "99",
        "--reason",
        "Fel population användes.",
    ]);
    let msg = refused(
        &lead,
        &colleague,
        &lead,
        PASS,
        &["import", "--audit", &id, path_str(&back3)],
    );
    assert!(msg.contains("tidigare urval"), "{msg}");
    assert_eq!(package_id.len(), 32);
}
