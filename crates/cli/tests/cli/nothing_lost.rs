//! Hostile inputs and outputs: no output path replaces a database, no malformed file is
//! half-read, no writer fails for want of waiting. Every refusal is exit 2 with a Swedish
//! message and leaves the database's content exactly as it was.

use crate::util::*;

#[test]
fn no_output_ever_replaces_the_database() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let db = env.db();
    let before = dump_hash(&db);
    std::fs::create_dir(env.path("sub")).unwrap();
    std::os::unix::fs::symlink(&db, env.path("rapport.pdf")).unwrap();
    let other = env.path("annan.sqlite3");
    std::fs::copy(&db, &other).unwrap();
    let targets = [
        db.clone(),
        env.path("sub/../test.sqlite3"),
        env.path("rapport.pdf"),
        env.path("test.sqlite3-wal"),
        env.path("test.sqlite3-shm"),
        other.clone(),
    ];
    let other_before = std::fs::read(&other).unwrap();
    for target in &targets {
        let t = target.to_str().unwrap();
        for args in [
            vec!["finalize", "--audit", &id, "--out", t],
            vec!["report", "--audit", &id, "--out", t, "--draft"],
            vec!["factcheck", "export", "--audit", &id, "--out", t],
            vec!["sample", "population", "--audit", &id, "--out", t],
            vec!["template", "export", "--id", "standardmall", "--out", t],
            vec!["demo", "population", "--count", "10", "--out", t],
        ] {
            let e = env.fails(2, &args);
            assert!(
                e["message"].as_str().unwrap().contains("skrivs inte"),
                "{args:?}: {e}"
            );
        }
    }
    // Relative to the working directory, too.
    let r = cli()
        .current_dir(env.dir.path())
        .args(["--db", "test.sqlite3", "--json", "report", "--audit", &id])
        .args(["--draft", "--out", "./test.sqlite3"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(dump_hash(&db), before, "the database is unchanged");
    assert_eq!(std::fs::read(&other).unwrap(), other_before);
    assert!(
        std::fs::symlink_metadata(env.path("rapport.pdf"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // Nothing was recorded for the refused outputs.
    assert!(env.events(&id, &["report_created", "finalized"]).is_empty());
    assert_eq!(env.ok(&["audit", "list"])[0]["status"], "granskning");
}

#[test]
fn an_output_is_recorded_only_once_the_file_is_in_place() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let missing = env.path("finns-inte/rapport.pdf");
    env.fails(
        2,
        &[
            "report",
            "--audit",
            &id,
            "--draft",
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    env.fails(
        2,
        &[
            "finalize",
            "--audit",
            &id,
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert!(env.events(&id, &["report_created", "finalized"]).is_empty());
    assert_eq!(env.ok(&["audit", "list"])[0]["status"], "granskning");
    let out = env.path("rapport.pdf");
    env.ok(&[
        "report",
        "--audit",
        &id,
        "--draft",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(env.events(&id, &["report_created"]).len(), 1);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn concurrent_writers_wait_their_turn_and_none_is_lost() {
    let env = Env::new();
    let (id, cases) = sampled(&env, 300);
    let pop = env.write("pop.csv", csv_text(&population(300, 5), b';').as_bytes());
    let items = ["samtycke.journal", "journal.lopande", "ansokan.uppgifter"];
    let failures = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for w in 0..3usize {
            let (env, cases, failures, id) = (&env, &cases, &failures, &id);
            scope.spawn(move || {
                for i in 0..200usize {
                    let case = &cases[(w * 200 + i) % cases.len()];
                    let value = ["ja", "nej", "delvis"][(i + w) % 3];
                    // A comment of its own makes every write a change to record.
                    let comment = format!("Skrivning {w}-{i}");
                    let r = env.run(&[
                        "--json",
                        "answer",
                        "set",
                        "--audit",
                        id,
                        "--case",
                        case,
                        "--item",
                        items[w],
                        "--value",
                        value,
                        "--comment",
                        &comment,
                    ]);
                    if r.code != 0 {
                        eprintln!("writer {w}, write {i}: {}{}", r.stdout, r.stderr);
                        failures.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            });
        }
        // Imports into other audits at the same time.
        let (env, failures, pop) = (&env, &failures, &pop);
        scope.spawn(move || {
            for _ in 0..10 {
                let other = env.new_audit();
                let r = env.run(&["--json", "import", "--audit", &other, pop.to_str().unwrap()]);
                if r.code != 0 {
                    eprintln!("import: {}{}", r.stdout, r.stderr);
                    failures.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
        });
    });
    assert_eq!(failures.into_inner(), 0, "no write failed");
    let set = env.events(&id, &["answer_set"]).len();
    assert_eq!(set, 600, "every write is in the history");
    for a in env
        .ok(&["audit", "list"])
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
    {
        assert_eq!(a["population"], 300);
    }
}

/// Reseals an answer file after an edit, as a forger with the (public) checksum rule
/// would: the content checks must hold even when the checksum does.
fn reseal(answer: &std::path::Path, edit: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(answer).unwrap()).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("checksum");
    edit(&mut v);
    let sum = sha256_hex(v.to_string().as_bytes());
    v.as_object_mut()
        .unwrap()
        .insert("checksum".into(), sum.into());
    serde_json::to_vec_pretty(&v).unwrap()
}

#[test]
fn a_fact_check_answer_with_an_unknown_kind_or_a_personnummer_is_refused_with_exit_2() {
    let env = Env::new();
    let id = env.ok(&["demo", "audit"])["id"].to_string();
    let f = env.ok(&["finding", "list", "--audit", &id])[0]["id"]
        .as_i64()
        .unwrap();
    let (_, answer) = factcheck_answer(
        &env,
        &id,
        &format!(r#"[{{"finding": {f}, "kind": "Kommentar", "text": "Stämmer."}}]"#),
    );
    let before = dump_hash(&env.db());
    let pnr = population(10, 3)[4].personnummer.clone();
    for (name, edit) in [
        (
            "okänd",
            Box::new(|v: &mut serde_json::Value| {
                v["comments"][0]["kind"] = "Invändning".into();
            }) as Box<dyn FnOnce(&mut serde_json::Value)>,
        ),
        (
            "personnummer",
            Box::new(move |v: &mut serde_json::Value| {
                v["comments"][0]["text"] = format!("Gäller {pnr}").into();
            }),
        ),
        (
            "kapitel",
            Box::new(|v: &mut serde_json::Value| {
                v["comments"][0]["finding"] = serde_json::Value::Null;
                v["comments"][0]["chapter"] = 12.into();
            }),
        ),
    ] {
        let file = env.write(&format!("{name}.json"), &reseal(&answer, edit));
        let e = env.fails(
            2,
            &[
                "factcheck",
                "import",
                "--audit",
                &id,
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(e["code"], "invalid_input", "{name}: {e}");
        assert!(e["errors"][0]["column"] == "Kommentar 1", "{name}: {e}");
        assert_eq!(dump_hash(&env.db()), before, "{name}");
    }
    // The untouched answer still imports.
    env.ok(&[
        "factcheck",
        "import",
        "--audit",
        &id,
        answer.to_str().unwrap(),
    ]);
}

#[test]
fn a_personnummer_never_enters_the_history() {
    let env = Env::new();
    let (id, cases) = sampled(&env, 40);
    let case = cases[0].clone();
    let before = dump_hash(&env.db());
    for comment in [
        "Ring 140728-9717",
        "Ring 140728\u{2013}9717",
        "Ring 2014 07 28 - 9717",
        "Ring 1407\u{200B}28-9717",
    ] {
        let e = env.fails(
            2,
            &[
                "answer",
                "set",
                "--audit",
                &id,
                "--case",
                &case,
                "--item",
                "samtycke.journal",
                "--value",
                "nej",
                "--comment",
                comment,
            ],
        );
        assert_eq!(e["errors"][0]["column"], "Kommentar", "{e}");
        assert!(!e.to_string().contains("9717"), "{e}");
    }
    // The grade's motivation, a finding, a redraw's reason: the same rule.
    let e = env.fails(
        2,
        &[
            "sample",
            "draw",
            "--audit",
            &id,
            "--reason",
            "Fel i 140728-9717",
        ],
    );
    assert!(!e.to_string().contains("9717"));
    let e = env.fails(
        2,
        &[
            "finding",
            "add",
            "--audit",
            &id,
            "--chapter",
            "6",
            "--grade",
            "gul",
            "--text",
            "Se 20140728-9717.",
        ],
    );
    assert!(!e.to_string().contains("9717"));
    assert_eq!(dump_hash(&env.db()), before, "nothing was stored");
    let log = env.ok(&["log", "--audit", &id]).to_string();
    assert!(!log.contains("9717"));
}
