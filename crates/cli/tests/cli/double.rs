//! Dubbelgranskning: the drawn share, blindness kept by the service, the agreement
//! against the independent reference (`docs/reference/agreement.py`), settling, and what
//! finalising, the report, `audit verify` and gallring make of it.

use crate::util::*;
use serde_json::Value;
use std::collections::HashMap;

const SECOND: &str = "Anna Berg";

/// The reference's figures for the pairs (category numbers), as
/// `[agreement, kappa, kappa_low, kappa_high, ac1, ac1_low, ac1_high]`.
fn reference(pairs: &[(usize, usize)]) -> Vec<Option<f64>> {
    let out = std::process::Command::new("python3")
        .arg(repo_root().join("docs/reference/agreement.py"))
        .args(pairs.iter().map(|(a, b)| format!("{a},{b}")))
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.parse().ok())
        .collect()
}

fn category(v: &str) -> usize {
    match v {
        "Ja" => 0,
        "Delvis" => 1,
        "Nej" => 2,
        _ => 3,
    }
}

fn case_ids(v: &Value) -> Vec<String> {
    v["case_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn two_reviewers_blind_agreement_against_the_reference_settled_and_reported() {
    let env = Env::new();
    let (id, lines) = complete_audit_answers(
        &env,
        "Myndighet LSS",
        "Vård- och omsorgsförvaltningen",
        REFERENCE,
        None,
        0.85,
        false,
    );
    let sample = case_ids(&env.ok(&["sample", "show", "--audit", &id]));

    // The share: 10 % of the 165 files, from the seed, within the sample, recorded.
    let d = env.ok(&["double", "draw", "--audit", &id, "--seed", "11"]);
    let drawn = case_ids(&d);
    assert_eq!(d["seed"], 11);
    assert_eq!(drawn.len(), 17);
    assert!(drawn.iter().all(|c| sample.contains(c)));
    assert_eq!(
        case_ids(&env.ok(&["double", "draw", "--audit", &id, "--seed", "11"])),
        drawn,
        "the same seed draws the same files"
    );
    assert_eq!(env.events(&id, &["double_drawn"]).len(), 2);
    // At least five files, even from a small share.
    let few = env.ok(&[
        "double",
        "draw",
        "--audit",
        &id,
        "--percent",
        "1",
        "--seed",
        "11",
    ]);
    assert_eq!(case_ids(&few).len(), 5);
    let d = env.ok(&["double", "draw", "--audit", &id, "--seed", "11"]);
    assert_eq!(case_ids(&d), drawn);

    // Never the first reviewer; the second reviewer is recorded.
    let e = env.fails(
        2,
        &["double", "assign", "--audit", &id, "--reviewer", "testare"],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("första granskningen"),
        "{e}"
    );
    env.ok(&["double", "assign", "--audit", &id, "--reviewer", SECOND]);

    // The second review: the first's answers, except Nej for one item in three files and
    // Delvis for another in one file.
    let first: HashMap<(String, String), String> = lines[1..]
        .iter()
        .map(|l| {
            let p: Vec<&str> = l.split(';').collect();
            ((p[0].to_string(), p[1].to_string()), p[2].to_string())
        })
        .collect();
    let changed = |case: &str, item: &str| -> Option<&'static str> {
        let k = drawn.iter().position(|c| c == case)?;
        match item {
            "utredning.egen_uppfattning" if k < 3 => Some("Nej"),
            "beslut.motivering" if k == 3 => Some("Delvis"),
            _ => None,
        }
    };
    let mut second = vec!["Ärende-id;Fråga;Svar;Kommentar".to_string()];
    let mut pairs = Vec::new();
    for l in &lines[1..] {
        let p: Vec<&str> = l.split(';').collect();
        if !drawn.iter().any(|c| c == p[0]) {
            continue;
        }
        let v = changed(p[0], p[1]).unwrap_or(p[2]);
        second.push(format!("{};{};{v};", p[0], p[1]));
        pairs.push((category(p[2]), category(v)));
    }
    let file = env.write("andra.csv", second.join("\n").as_bytes());
    let import = |user: &str| {
        env.run_as(
            user,
            &[
                "--json",
                "answers",
                "import",
                "--audit",
                &id,
                "--second",
                file.to_str().unwrap(),
            ],
        )
    };
    // Only the assigned second reviewer; the first review is not touched by them.
    let r = import("testare");
    assert_eq!(r.code, 2);
    assert!(
        r.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(SECOND)
    );
    let one = drawn[0].as_str();
    let e = env.fails_as(
        SECOND,
        2,
        &[
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            one,
            "--item",
            "beslut.motivering",
            "--value",
            "nej",
        ],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("registrera svaret i den andra granskningen"),
        "{e}"
    );

    // Blind: before the second review is complete, the second reviewer's history hides the
    // first's answers of the drawn files, and the first's hides the second's.
    env.ok_as(
        SECOND,
        &[
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            one,
            "--item",
            "beslut.motivering",
            "--value",
            "ja",
            "--second",
        ],
    );
    let log = env.ok_as(SECOND, &["log", "--audit", &id]);
    let blind = |log: &Value, kind: &str| {
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == kind && e["detail"]["case_id"] == one)
            .all(|e| e["detail"]["blind"] == true && e["detail"].get("new").is_none())
    };
    assert!(
        blind(&log, "answer_set"),
        "the second reviewer sees no first answers"
    );
    assert!(!blind(&log, "second_answer_set"), "but their own");
    let log = env.ok(&["log", "--audit", &id]);
    assert!(
        blind(&log, "second_answer_set"),
        "the first sees no second answers"
    );
    assert!(!blind(&log, "answer_set"));
    // Clearing is as blind as answering: a first answer cleared (and set again) is hidden
    // from the second reviewer, whose own answer can be cleared too (Ctrl+Z in the app).
    let item = "beslut.motivering";
    let (value, comment): (String, Option<String>) = open_db(&env.db())
        .query_row(
            "SELECT value, comment FROM answers WHERE audit_id = ?1 AND case_id = ?2 AND item_id = ?3",
            [id.as_str(), one, item],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let clear = [
        "answer", "clear", "--audit", &id, "--case", one, "--item", item,
    ];
    env.ok(&clear);
    assert!(
        blind(
            &env.ok_as(SECOND, &["log", "--audit", &id]),
            "answer_cleared"
        ),
        "what a cleared first answer was stays hidden"
    );
    let mut again = vec![
        "answer", "set", "--audit", &id, "--case", one, "--item", item, "--value", &value,
    ];
    if let Some(c) = &comment {
        again.extend(["--comment", c]);
    }
    env.ok(&again);
    let mut clear_second = clear.to_vec();
    clear_second.push("--second");
    let e = env.fails(2, &clear_second);
    assert!(e["message"].as_str().unwrap().contains(SECOND), "{e}");
    env.ok_as(SECOND, &clear_second);
    assert!(blind(
        &env.ok(&["log", "--audit", &id]),
        "second_answer_cleared"
    ));
    env.ok_as(
        SECOND,
        &[
            "answer", "set", "--audit", &id, "--case", one, "--item", item, "--value", "ja",
            "--second",
        ],
    );
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);
    // Nothing to compare or settle until both reviews of a file are complete.
    let a = env.ok(&["agreement", "--audit", &id]);
    assert_eq!(a["files"], 0);
    assert!(a["overall"].is_null());

    let imported = env.run_as(
        SECOND,
        &[
            "--json",
            "answers",
            "import",
            "--audit",
            &id,
            "--second",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(imported.code, 0, "{}{}", imported.stdout, imported.stderr);
    let log = env.ok_as(SECOND, &["log", "--audit", &id]);
    assert!(!blind(&log, "answer_set"), "complete: both may see both");

    // The agreement, as the independent reference computes it from the same pairs.
    let a = env.ok(&["agreement", "--audit", &id]);
    for key in ["files", "pairs", "overall", "items", "disagreements"] {
        assert!(a.get(key).is_some(), "{key}");
    }
    assert_eq!(a["files"], 17);
    assert_eq!(a["pairs"], pairs.len());
    assert_eq!(a["disagreements"], 4);
    let want = reference(&pairs);
    let o = &a["overall"];
    for (k, key) in [
        "agreement",
        "kappa",
        "kappa_ci_low",
        "kappa_ci_high",
        "ac1",
        "ac1_ci_low",
        "ac1_ci_high",
    ]
    .iter()
    .enumerate()
    {
        let got = o[key].as_f64().unwrap();
        let want = want[k].unwrap();
        assert!((got - want).abs() < 1e-12, "{key}: {got} {want}");
    }
    let item = |id: &str| {
        a["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == id)
            .unwrap()
            .clone()
    };
    let egen = item("utredning.egen_uppfattning");
    for key in ["item", "pairs", "agreement", "kappa", "ac1", "flagged"] {
        assert!(egen.get(key).is_some(), "{key}");
    }
    let egen_pairs: Vec<(usize, usize)> = drawn
        .iter()
        .map(|c| {
            let f = category(&first[&(c.clone(), "utredning.egen_uppfattning".to_string())]);
            let s = changed(c, "utredning.egen_uppfattning").map_or(f, category);
            (f, s)
        })
        .collect();
    let want = reference(&egen_pairs);
    assert!((egen["ac1"].as_f64().unwrap() - want[4].unwrap()).abs() < 1e-12);
    assert_eq!(
        egen["flagged"],
        want[4].unwrap() < 0.6 || want[0].unwrap() < 0.8,
        "{egen}"
    );

    // Finalising waits for every disagreement to be settled.
    let pdf = env.path("slutlig.pdf");
    let e = env.fails(
        2,
        &["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()],
    );
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("4 skiljaktiga bedömningar"),
        "{e}"
    );
    let list = env.ok(&["double", "list", "--audit", &id]);
    assert_eq!(list.as_array().unwrap().len(), 4);
    let before = env.ok(&["results", "--audit", &id]);
    let ja_of = |r: &Value, item: &str| {
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == item)
            .unwrap()["ja"]
            .as_u64()
            .unwrap()
    };
    // Settled: the second's answer for two files, the first's for one, a third answer for
    // the last; a reason is required.
    let e = env.fails(
        2,
        &[
            "double",
            "settle",
            "--audit",
            &id,
            "--case",
            &drawn[0],
            "--item",
            "utredning.egen_uppfattning",
            "--value",
            "nej",
            "--reason",
            " ",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Skäl");
    let mut lowered = 0;
    for (k, value) in ["nej", "nej", "ja"].iter().enumerate() {
        let f = &first[&(drawn[k].clone(), "utredning.egen_uppfattning".to_string())];
        if f == "Ja" && *value == "nej" {
            lowered += 1;
        }
        env.ok(&[
            "double",
            "settle",
            "--audit",
            &id,
            "--case",
            &drawn[k],
            "--item",
            "utredning.egen_uppfattning",
            "--value",
            value,
            "--reason",
            "Den enskildes önskemål framgår inte av utredningen.",
        ]);
    }
    env.ok(&[
        "double",
        "settle",
        "--audit",
        &id,
        "--case",
        &drawn[3],
        "--item",
        "beslut.motivering",
        "--value",
        "nej",
        "--reason",
        "Motiveringen saknar skäl.",
    ]);
    // The settled answer is the audit's answer; the agreement stays as the reviews were.
    let after = env.ok(&["results", "--audit", &id]);
    assert_eq!(
        ja_of(&after, "utredning.egen_uppfattning"),
        ja_of(&before, "utredning.egen_uppfattning") - lowered
    );
    let settled = env.ok(&["agreement", "--audit", &id]);
    assert_eq!(settled["overall"], a["overall"]);
    assert_eq!(settled["unsettled"], 0);
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);

    // Finalised, the report says how it was done and how far the two agreed; no case id.
    env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    let text = pdf_text(&pdf);
    for phrase in [
        "Dubbelgranskning",
        "granskades en andra gång av en annan kvalitetscontroller",
        "Bilaga 3 Bedömarsamstämmighet",
        "Gwets AC1",
        "Av 4 skiljaktiga bedömningar avgjordes 4",
    ] {
        assert!(text.contains(phrase), "{phrase}: {text}");
    }
    for c in &drawn {
        assert!(!text.contains(c.as_str()), "no case id in the report");
    }

    // An edit behind the program's back shows.
    let conn = open_db(&env.db());
    conn.execute(
        "UPDATE second_answers SET value = CASE value WHEN 'ja' THEN 'nej' ELSE 'ja' END
         WHERE case_id = ?1 AND item_id = 'beslut.motivering'",
        [&drawn[5]],
    )
    .unwrap();
    drop(conn);
    let v = env.ok(&["audit", "verify", "--audit", &id]);
    assert_eq!(v["ok"], false);
    assert!(
        v["problems"]
            .to_string()
            .contains("Andragranskningens svar"),
        "{v}"
    );
}

#[test]
fn gallring_takes_the_double_reviews_case_ids_and_reasons_too() {
    let env = Env::new();
    let (id, lines) = complete_audit_answers(
        &env,
        "Myndighet LSS",
        "Vård- och omsorgsförvaltningen",
        REFERENCE,
        None,
        0.85,
        false,
    );
    let drawn = case_ids(&env.ok(&["double", "draw", "--audit", &id, "--seed", "3"]));
    env.ok(&["double", "assign", "--audit", &id, "--reviewer", SECOND]);
    let mut second = vec![lines[0].clone()];
    second.extend(
        lines[1..]
            .iter()
            .filter(|l| drawn.iter().any(|c| l.starts_with(&format!("{c};"))))
            .map(|l| {
                // One disagreement: the first file's motivering.
                if l.starts_with(&format!("{};beslut.motivering;", drawn[0])) {
                    let v = if l.contains(";Ja;") { "Nej" } else { "Ja" };
                    format!(
                        "{};beslut.motivering;{v};Kommentar från andra granskaren",
                        drawn[0]
                    )
                } else {
                    l.clone()
                }
            }),
    );
    let file = env.write("andra.csv", second.join("\n").as_bytes());
    env.ok_as(
        SECOND,
        &[
            "answers",
            "import",
            "--audit",
            &id,
            "--second",
            file.to_str().unwrap(),
        ],
    );
    env.ok(&[
        "double",
        "settle",
        "--audit",
        &id,
        "--case",
        &drawn[0],
        "--item",
        "beslut.motivering",
        "--value",
        "ja",
        "--reason",
        "Hemlig motivering 4711.",
    ]);
    let pdf = env.path("slutlig.pdf");
    env.ok(&["finalize", "--audit", &id, "--out", pdf.to_str().unwrap()]);
    env.ok(&[
        "gallra",
        "--audit",
        &id,
        "--reason",
        "Dokumenthanteringsplanen 4.2",
    ]);
    let conn = open_db(&env.db());
    for table in ["second_answers", "second_reviewers", "settlements"] {
        let left: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {table} WHERE case_id NOT LIKE 'Akt %'"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "{table} keeps a case id");
    }
    let ids: String = conn
        .query_row("SELECT case_ids FROM double_reviews", [], |r| r.get(0))
        .unwrap();
    assert!(drawn.iter().all(|c| !ids.contains(c.as_str())), "{ids}");
    let texts: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM second_answers WHERE comment IS NOT NULL)
                  + (SELECT count(*) FROM settlements WHERE reason <> '')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(texts, 0);
    drop(conn);
    assert_eq!(env.ok(&["audit", "verify", "--audit", &id])["ok"], true);
    let log = env.ok(&["log", "--audit", &id]).to_string();
    assert!(!log.contains("4711") && !log.contains("Kommentar från andra"));
    assert!(drawn.iter().all(|c| !log.contains(c.as_str())));
    // The agreement survives, from the answers as they were.
    assert_eq!(env.ok(&["agreement", "--audit", &id])["disagreements"], 1);
}

#[test]
fn calibration_shows_each_controller_the_others_answers_only_after_their_own() {
    let env = Env::new();
    let (id, lines) = complete_audit_answers(
        &env,
        "Myndighet LSS",
        "Vård- och omsorgsförvaltningen",
        REFERENCE,
        None,
        0.85,
        false,
    );
    let results = env.ok(&["results", "--audit", &id]);
    let c = env.ok(&[
        "calibration",
        "draw",
        "--audit",
        &id,
        "--files",
        "3",
        "--seed",
        "5",
    ]);
    let files = case_ids(&c);
    assert_eq!(files.len(), 3);
    let e = env.fails(2, &["calibration", "draw", "--audit", &id, "--files", "4"]);
    assert_eq!(e["errors"][0]["column"], "Antal akter");
    // Each controller answers the three files: as the first review did, except that the
    // second controller says Nej to one item in one file.
    let answers_of = |differ: bool| {
        let mut out = vec![lines[0].clone()];
        for l in &lines[1..] {
            let p: Vec<&str> = l.split(';').collect();
            if !files.iter().any(|f| f == p[0]) {
                continue;
            }
            let v = if differ && p[0] == files[0] && p[1] == "beslut.motivering" {
                if p[2] == "Nej" { "Ja" } else { "Nej" }
            } else {
                p[2]
            };
            out.push(format!("{};{};{v};", p[0], p[1]));
        }
        out.join("\n")
    };
    let mine = env.write("karin.csv", answers_of(false).as_bytes());
    let theirs = env.write("per.csv", answers_of(true).as_bytes());
    env.ok_as(
        "Karin Lund",
        &[
            "answers",
            "import",
            "--audit",
            &id,
            "--calibration",
            mine.to_str().unwrap(),
        ],
    );
    // Per has not answered: he sees that Karin has, not what.
    let before = env.ok_as("Per Holm", &["calibration", "show", "--audit", &id]);
    assert_eq!(before["viewer_done"], false);
    assert!(before["agreement"].is_null());
    assert!(
        before["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| i["answers"].as_array().unwrap())
            .all(|a| a["value"].is_null())
    );
    let log = env.ok_as("Per Holm", &["log", "--audit", &id]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "calibration_answer_set")
            .all(|e| e["detail"]["blind"] == true)
    );
    env.ok_as(
        "Per Holm",
        &[
            "answers",
            "import",
            "--audit",
            &id,
            "--calibration",
            theirs.to_str().unwrap(),
        ],
    );
    let after = env.ok_as("Per Holm", &["calibration", "show", "--audit", &id]);
    assert_eq!(after["viewer_done"], true);
    assert_eq!(
        after["reviewers"],
        serde_json::json!(["Karin Lund", "Per Holm"])
    );
    let motivering = after["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "beslut.motivering")
        .unwrap();
    // Three files, one pair each; one pair differs.
    assert_eq!(motivering["pairs"], 3);
    assert!((motivering["agreement"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    let pairs = after["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["pairs"].as_u64().unwrap())
        .sum::<u64>() as f64;
    assert!((after["agreement"].as_f64().unwrap() - (pairs - 1.0) / pairs).abs() < 1e-12);
    // A file outside the calibration is refused; the results are untouched.
    let e = env.fails_as(
        "Per Holm",
        2,
        &[
            "answer",
            "set",
            "--audit",
            &id,
            "--case",
            "finns-inte",
            "--item",
            "beslut.motivering",
            "--value",
            "ja",
            "--calibration",
        ],
    );
    assert_eq!(e["errors"][0]["column"], "Akt");
    assert_eq!(env.ok(&["results", "--audit", &id]), results);
    // Every calibration answer is in the history.
    let rows = answers_of(false).lines().count() - 1;
    assert_eq!(env.events(&id, &["calibration_answer_set"]).len(), 2 * rows);
}
