//! Gallring: a finalised audit's personal data removed from the database file itself (not
//! only from its tables), the record kept, the history still whole.

use crate::util::*;

/// The database decrypted into a plain file (SQLCipher's documented export), so its
/// content can be searched as someone with the key would see it. The export copies live
/// rows only; that no free page keeps a deleted one is checked apart (`freelist_count`).
fn decrypted_bytes(env: &Env) -> Vec<u8> {
    let plain = env.path("dekrypterad.sqlite3");
    let _ = std::fs::remove_file(&plain);
    let conn = open_db(&env.db());
    export_plain(&conn, &plain);
    conn.execute_batch("DETACH DATABASE plain").unwrap();
    std::fs::read(&plain).unwrap()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn gallring_removes_personal_data_from_the_file_and_keeps_the_record() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    // A comment and a motivation that hold something personal (a name, not a number: the
    // program refuses personnummer in texts).
    let (case, item): (String, String) = open_db(&env.db())
        .query_row(
            "SELECT case_id, item_id FROM answers WHERE audit_id = ?1 AND value = 'ja' LIMIT 1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    env.ok(&[
        "answer",
        "set",
        "--audit",
        &id,
        "--case",
        &case,
        "--item",
        &item,
        "--value",
        "ja",
        "--comment",
        "Samtal med Lisbet Gråberg om hennes samtycke",
    ]);
    // A note on the file and a working note, personal in the same way.
    env.ok(&[
        "note",
        "file",
        "--audit",
        &id,
        "--case",
        &case,
        "--text",
        "Akten saknar Ragnvald Ekbloms underskrift",
    ]);
    env.ok(&[
        "note",
        "add",
        "--audit",
        &id,
        "--kind",
        "intervju",
        "--chapter",
        "5",
        "--text",
        "Intervju med Ingegerd Fjällström om rutinerna",
    ]);
    let early = env.fails(2, &["gallra", "--audit", &id, "--reason", "DHP 4.2"]);
    assert!(
        early["message"].as_str().unwrap().contains("slutförd"),
        "{early}"
    );
    let pdf = env.path("slutlig.pdf");
    let f = env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    let before = env.ok(&["results", "--audit", &id]);

    let conn = open_db(&env.db());
    let pnrs: Vec<String> = conn
        .prepare("SELECT personnummer FROM population WHERE audit_id = ?1")
        .unwrap()
        .query_map([&id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let case_ids: Vec<String> = conn
        .prepare("SELECT case_id FROM population WHERE audit_id = ?1")
        .unwrap()
        .query_map([&id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(conn);
    assert!(pnrs.len() > 100);
    let bytes = decrypted_bytes(&env);
    assert!(contains(&bytes, &pnrs[0]), "the check finds what is there");
    assert!(contains(&bytes, "Lisbet Gråberg"));
    assert!(contains(&bytes, "Ragnvald Ekbloms"));
    assert!(contains(&bytes, "Ingegerd Fjällström"));

    // Refused without a reason, or with a personnummer in it.
    env.fails(2, &["gallra", "--audit", &id, "--reason", " "]);
    let e = env.fails(
        2,
        &[
            "gallra",
            "--audit",
            &id,
            "--reason",
            &format!("Gallras {}", pnrs[0]),
        ],
    );
    assert!(!e.to_string().contains(&pnrs[0]));

    let g = env.ok(&[
        "gallra",
        "--audit",
        &id,
        "--reason",
        "Dokumenthanteringsplanen 4.2: två år efter beslut",
    ]);
    let removed = &g["removed"];
    assert_eq!(removed["population_rows"], pnrs.len());
    assert!(removed["comments"].as_u64().unwrap() >= 1);
    assert_eq!(removed["notes"], 2);
    assert!(removed["case_ids_replaced"].as_u64().unwrap() > 0);
    assert!(removed["history_events"].as_u64().unwrap() > 0);

    // Not in the file's bytes, however written: 12 or 10 digits, nor the case ids, the
    // comment, or a free page left behind.
    let raw = std::fs::read(env.db()).unwrap();
    assert!(!raw.starts_with(b"SQLite format 3"));
    let bytes = decrypted_bytes(&env);
    for p in &pnrs {
        assert!(!contains(&bytes, p), "a personnummer is still in the file");
        assert!(
            !contains(&bytes, &p[2..]),
            "a personnummer (10 digits) is still in the file"
        );
    }
    for c in &case_ids {
        assert!(
            !contains(&bytes, &format!("\"{c}\"")),
            "case id {c} is still in the history"
        );
    }
    assert!(!contains(&bytes, "Lisbet Gråberg"));
    assert!(!contains(&bytes, "Ragnvald Ekbloms"));
    assert!(!contains(&bytes, "Ingegerd Fjällström"));
    let notes = env.ok(&["note", "list", "--audit", &id]);
    assert_eq!(notes["files"].as_array().unwrap().len(), 0);
    assert_eq!(notes["working"].as_array().unwrap().len(), 0);
    let free: i64 = open_db(&env.db())
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0, "no free pages keep deleted rows");
    let wal = std::fs::metadata(env.path("test.sqlite3-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    assert_eq!(wal, 0, "the WAL is emptied");

    // Kept: the report versions and their hashes, the grades, the history (whole, and it
    // verifies), the results as they stood.
    let versions = env.ok(&["log", "--audit", &id]);
    let events = versions.as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "finalized" && e["detail"]["sha256"] == f["sha256"])
    );
    assert_eq!(events.last().unwrap()["kind"], "gallrad");
    let v = env.ok(&["audit", "verify", "--audit", &id]);
    assert_eq!(v["ok"], true, "{v}");
    let kept: String = open_db(&env.db())
        .query_row(
            "SELECT results FROM gallringar WHERE audit_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    assert_eq!(
        kept["items"].as_array().unwrap().len(),
        before["items"].as_array().unwrap().len()
    );
    for (a, b) in kept["items"]
        .as_array()
        .unwrap()
        .iter()
        .zip(before["items"].as_array().unwrap())
    {
        assert_eq!(a["rate_text"], b["rate_text"]);
        assert_eq!(a["grade"], b["grade"]);
    }
    // The sample cannot be re-derived any more, and says why.
    let e = env.fails(2, &["sample", "verify", "--audit", &id]);
    assert!(e["message"].as_str().unwrap().contains("gallrad"), "{e}");
    // Nor can it be opened again.
    let e = env.fails(2, &["reopen", "--audit", &id, "--reason", "Ändra"]);
    assert!(e["message"].as_str().unwrap().contains("gallrad"), "{e}");
    // Nor the report made again (it would not be the one the nämnd received).
    let copy = env.path("kopia.pdf");
    let e = env.fails(
        2,
        &["report", "--audit", &id, "--out", copy.to_str().unwrap()],
    );
    assert!(e["message"].as_str().unwrap().contains("gallrad"), "{e}");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains(f["sha256"].as_str().unwrap())
    );
    // Once is enough.
    let again = env.fails(2, &["gallra", "--audit", &id, "--reason", "igen"]);
    assert!(again["message"].as_str().unwrap().contains("redan gallrad"));
}
