//! Tamper evidence: `audit verify` finds an answer edited in SQL, an event removed from
//! the history and a finalised audit forced open again; finalising refuses such an audit.

use crate::util::*;

fn sql(env: &Env, statements: &str) {
    open_db(&env.db()).execute_batch(statements).unwrap();
}

fn verify(env: &Env, id: &str) -> serde_json::Value {
    env.ok(&["audit", "verify", "--audit", id])
}

#[test]
fn an_untouched_audit_verifies() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let v = verify(&env, &id);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["problems"], serde_json::json!([]));
}

#[test]
fn an_answer_edited_in_sql_is_found_and_blocks_finalising() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    // A Röd critical item turned Grön by hand: every Nej made Ja.
    sql(
        &env,
        "UPDATE answers SET value = 'ja' WHERE item_id = 'samtycke.journal' AND value = 'nej';",
    );
    let v = verify(&env, &id);
    assert_eq!(v["ok"], false);
    let problems = v["problems"].to_string();
    assert!(
        problems.contains("samtycke.journal") && problems.contains("stämmer inte med historiken"),
        "{problems}"
    );
    let pdf = env.path("slutlig.pdf");
    let e = env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("ändrats utanför programmet"),
        "{e}"
    );
    assert!(!pdf.exists());
    let text = env.run(&["audit", "verify", "--audit", &id]).stdout;
    assert!(text.starts_with("VARNING"), "{text}");
}

#[test]
fn an_event_removed_or_a_grade_changed_is_found() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    // Someone with the file removes the append-only guard and an event.
    sql(
        &env,
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER history_no_delete;
         DELETE FROM history WHERE id = (SELECT id FROM history WHERE kind = 'sample_drawn' LIMIT 1);
         UPDATE grades SET grade = 'gron' WHERE grade = 'rod';",
    );
    let v = verify(&env, &id);
    assert_eq!(v["ok"], false);
    let problems = v["problems"].to_string();
    assert!(
        problems.contains("har tagits bort ur databasens historik"),
        "{problems}"
    );
    assert!(
        problems.contains("har ändrats, eller en händelse före den har tagits bort"),
        "{problems}"
    );
    assert!(problems.contains("Nivån för"), "{problems}");
}

#[test]
fn a_finalised_audit_forced_open_in_sql_is_found() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let pdf = env.path("slutlig.pdf");
    env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    // The chain head at finalising is recorded with the version.
    let fin = env.events(&id, &["finalized"]);
    assert_eq!(fin[0]["detail"]["chain_head"].as_str().unwrap().len(), 64);
    assert_eq!(verify(&env, &id)["ok"], true);
    sql(&env, "UPDATE audits SET status = 'granskning';");
    let v = verify(&env, &id);
    assert_eq!(v["ok"], false);
    assert!(v["problems"].to_string().contains("status"), "{v}");
}

/// A finding's text or grade, a finding added or removed, and a chapter text changed in
/// SQL are all found by replaying the history.
#[test]
fn findings_and_chapter_texts_edited_in_sql_are_found() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    assert_eq!(verify(&env, &id)["ok"], true);
    sql(
        &env,
        "UPDATE findings SET grade = 'gron' WHERE id = (SELECT min(id) FROM findings WHERE grade = 'rod');
         UPDATE findings SET text = 'Allt fungerar utmärkt.' WHERE id = (SELECT max(id) FROM findings);
         UPDATE chapter_texts SET text = text || ' Tillagt i efterhand.' WHERE chapter = 1;",
    );
    let problems = verify(&env, &id)["problems"].to_string();
    assert_eq!(problems.matches("Bedömning").count(), 2, "{problems}");
    assert!(
        problems.contains("Texten i kapitel 1 stämmer inte"),
        "{problems}"
    );
    sql(
        &env,
        "INSERT INTO findings (audit_id, chapter, grade, text, created_at, created_by, updated_at, updated_by)
         VALUES (1, 8, 'gron', 'Inlagd bedömning.', '2023-09-01T00:00:00Z', 'x', '2023-09-01T00:00:00Z', 'x');
         DELETE FROM findings WHERE id = (SELECT min(id) FROM findings);",
    );
    let problems = verify(&env, &id)["problems"].to_string();
    assert!(
        problems.contains("finns inte i historiken (tillagd"),
        "{problems}"
    );
    assert!(
        problems.contains("har tagits bort utanför programmet"),
        "{problems}"
    );
}
