//! Notes per file, the audit's working notes and the comments per item: written, refused
//! where they should be, in the history, replayed by `audit verify`, never in the report.

use crate::util::{Env, open_db, sampled};

#[test]
fn notes_per_file_and_working_notes_are_kept_checked_and_never_printed() {
    let env = Env::new();
    let (id, cases) = sampled(&env, 120);
    let note = |case: &str, text: &str| {
        env.ok(&[
            "note", "file", "--audit", &id, "--case", case, "--text", text,
        ])
    };
    let r = note(
        &cases[0],
        "  Akten saknar genomförandeplan i stort; journalen är gles.  ",
    );
    assert_eq!(
        r["text"],
        "Akten saknar genomförandeplan i stort; journalen är gles."
    );
    note(&cases[1], "Beslutet och utredningen ligger i olika akter.");
    // Rewritten, then another removed with an empty text.
    note(
        &cases[1],
        "Beslut och utredning ligger i olika akter: svårt att följa.",
    );
    note(&cases[2], "Kort anteckning.");
    assert_eq!(note(&cases[2], " ")["text"], serde_json::Value::Null);

    // Not a sampled file, a personnummer, too long: refused, nothing stored.
    let e = env.fails(
        2,
        &[
            "note", "file", "--audit", &id, "--case", "X-0", "--text", "Något",
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("urval"), "{e}");
    let e = env.fails(
        2,
        &[
            "note",
            "file",
            "--audit",
            &id,
            "--case",
            &cases[3],
            "--text",
            "Fel person: 19121212-1212 nämns i akten",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Anteckning om akten", "{e}");
    assert!(!e.to_string().contains("1212-1212"));

    // Working notes: an interview for chapter 5, an observation without chapter.
    let i = env.ok(&[
        "note",
        "add",
        "--audit",
        &id,
        "--kind",
        "intervju",
        "--chapter",
        "5",
        "--date",
        "2023-10-04",
        "--text",
        "Intervju med enhetschefen: genomförandeplaner följs upp i mån av tid.",
    ])["id"]
        .as_i64()
        .unwrap();
    let o = env.ok(&[
        "note",
        "add",
        "--audit",
        &id,
        "--kind",
        "observation",
        "--text",
        "Journalanteckningar skrivs ofta veckor efter händelsen.",
    ])["id"]
        .as_i64()
        .unwrap();
    let m = env.ok(&[
        "note",
        "add",
        "--audit",
        &id,
        "--kind",
        "mote",
        "--chapter",
        "9",
        "--text",
        "Avstämning med förvaltningschefen.",
    ])["id"]
        .as_i64()
        .unwrap();
    // Each field refused by name when wrong.
    for (args, field) in [
        (vec!["--kind", "samtal", "--text", "x"], "Slag"),
        (vec!["--chapter", "3", "--text", "x"], "Kapitel"),
        (vec!["--date", "2023-13-01", "--text", "x"], "Datum"),
        (vec!["--text", "   "], "Text"),
    ] {
        let mut all = vec!["note", "add", "--audit", &id];
        all.extend(args);
        let e = env.fails(2, &all);
        assert_eq!(e["errors"][0]["column"], field, "{e}");
    }
    // Changed: only what is given changes.
    let changed = env.ok(&[
        "note",
        "edit",
        "--audit",
        &id,
        "--id",
        &o.to_string(),
        "--chapter",
        "6",
    ]);
    assert_eq!(changed["chapter"], 6);
    assert_eq!(changed["kind"], "observation");
    assert_eq!(
        changed["text"],
        "Journalanteckningar skrivs ofta veckor efter händelsen."
    );
    env.ok(&["note", "remove", "--audit", &id, "--id", &m.to_string()]);
    let e = env.fails(
        2,
        &["note", "remove", "--audit", &id, "--id", &m.to_string()],
    );
    assert!(
        e["message"].as_str().unwrap().contains("ingen anteckning"),
        "{e}"
    );

    let list = env.ok(&["note", "list", "--audit", &id]);
    let files = list["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(
        files[1]["text"],
        "Beslut och utredning ligger i olika akter: svårt att följa."
    );
    assert_eq!(files[0]["updated_by"], "testare");
    let working = list["working"].as_array().unwrap();
    assert_eq!(
        working
            .iter()
            .map(|w| w["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        vec![i, o]
    );
    assert_eq!(working[0]["kind_label"], "Intervju");
    assert_eq!(working[0]["date"], "2023-10-04");
    assert_eq!(working[0]["chapter"], 5);

    // Every change is in the history, described in Swedish.
    let kinds = env.log_kinds(&id);
    assert_eq!(kinds.iter().filter(|k| *k == "file_note_set").count(), 5);
    assert_eq!(
        kinds.iter().filter(|k| *k == "working_note_added").count(),
        3
    );
    assert!(kinds.contains(&"working_note_changed".to_string()));
    assert!(kinds.contains(&"working_note_removed".to_string()));
    let log = env.run(&["log", "--audit", &id]).stdout;
    assert!(log.contains("Arbetsanteckning tillagd"), "{log}");
    assert!(
        log.contains("Anteckning 1 (intervju, 2023-10-04, kapitel 5)"),
        "{log}"
    );
    assert!(log.contains("anteckningen borttagen"), "{log}");

    // Comments per item: two files commented on one item.
    for (case, value, comment) in [
        (&cases[0], "nej", "Samtycke saknas helt."),
        (&cases[1], "delvis", "Samtycke finns men är inte daterat."),
        (&cases[2], "ja", ""),
    ] {
        let mut args = vec![
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            case,
            "--item",
            "samtycke.inhamtat",
            "--value",
            value,
        ];
        if !comment.is_empty() {
            args.extend(["--comment", comment]);
        }
        env.ok(&args);
    }
    env.ok(&[
        "answer",
        "set",
        "--audit",
        &id,
        "--case",
        &cases[0],
        "--item",
        "beslut.motivering",
        "--value",
        "nej",
        "--comment",
        "Motivering saknas.",
    ]);
    let all = env.ok(&["comments", "--audit", &id]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    let samtycke = all
        .iter()
        .find(|c| c["item_id"] == "samtycke.inhamtat")
        .unwrap();
    let given: Vec<(&str, &str)> = samtycke["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["answer"].as_str().unwrap(),
                c["comment"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        given.len(),
        2,
        "the file answered without a comment is not listed: {given:?}"
    );
    assert!(given.contains(&("delvis", "Samtycke finns men är inte daterat.")));
    let one = env.ok(&["comments", "--audit", &id, "--item", "beslut.motivering"]);
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["comments"][0]["case_id"], cases[0].as_str());

    // The report holds none of it.
    let report = env.draft_report_text(&id);
    for t in [
        "Akten saknar genomförandeplan",
        "svårt att följa",
        "i mån av tid",
        "veckor efter händelsen",
        "Samtycke saknas helt",
        "Motivering saknas.",
    ] {
        assert!(!report.contains(t), "{t} reached the report");
    }

    // The history replays the notes: a direct edit of either kind shows.
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);
    open_db(&env.db())
        .execute_batch(&format!(
            "UPDATE working_notes SET text = 'Annat' WHERE id = {i};
             UPDATE file_notes SET text = 'Ändrad' WHERE case_id = '{}';
             INSERT INTO file_notes VALUES ({id}, '{}', 'Ny', 'x', 'y');
             DELETE FROM working_notes WHERE id = {o};",
            cases[0], cases[5]
        ))
        .unwrap();
    let v = env.ok(&["audit", "verify", "--audit", &id]);
    assert_eq!(v["ok"], false);
    let problems = v.to_string();
    assert!(
        problems.contains(&format!("Arbetsanteckning {i} stämmer inte")),
        "{v}"
    );
    assert!(
        problems.contains(&format!("Arbetsanteckning {o} har tagits bort")),
        "{v}"
    );
    assert!(
        problems.contains(&format!("Anteckningen om akt {} stämmer inte", cases[0])),
        "{v}"
    );
    assert!(
        problems.contains(&format!("Anteckningen om akt {} finns inte", cases[5])),
        "{v}"
    );
}

#[test]
fn notes_are_closed_with_the_audit() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let pdf = env.path("slutlig.pdf");
    env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    let e = env.fails(
        2,
        &[
            "note", "add", "--audit", &id, "--kind", "mote", "--text", "Sent",
        ],
    );
    assert!(e["message"].as_str().unwrap().contains("slutförd"), "{e}");
}
